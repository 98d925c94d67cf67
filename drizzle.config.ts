import { defineConfig } from 'drizzle-kit';

// `npm run db:generate` writes SQL migrations into db/migrations; they are committed
// and applied at start by db/migrate.ts. Generation needs no database.
export default defineConfig({
  dialect: 'postgresql',
  // The kernel's tables and every capability's own file: a new capability's tables are found without a registration.
  schema: ['./db/schema.ts', './db/schema/*.ts'],
  out: './db/migrations',
  casing: 'snake_case',
});
