/** `opsdesk migrate`: apply pending migrations (under the advisory lock) and say what happened. */
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../../db/migrate.ts';
import { parseFlags } from '../../doors/cli/kit/args.ts';
import type { CliSession } from '../../doors/cli/kit/command.ts';
import { appliedMigrationCount, loadCliConfig, withDatabase } from './session.ts';

export const USAGE = 'opsdesk migrate';

export async function migrateCommand(args: string[], cli: CliSession): Promise<number> {
  parseFlags(args, {}, USAGE);
  // withDatabase migrates before it runs the work; here the work is only to report.
  return withDatabase(
    loadCliConfig(cli.env),
    async ({ database, migrationsApplied }) => {
      const shipped = readMigrationFiles({ migrationsFolder }).length;
      const applied = await appliedMigrationCount(database);
      process.stdout.write(
        migrationsApplied > 0
          ? `applied ${migrationsApplied} migration${migrationsApplied === 1 ? '' : 's'} to ${database.where} (${applied} of ${shipped} applied)\n`
          : `${database.where} is up to date (${applied} of ${shipped} migrations applied)\n`,
      );
      return 0;
    },
    { reportMigrations: false },
  );
}
