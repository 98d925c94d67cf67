/** Column shapes every table shares. */
import { timestamp } from 'drizzle-orm/pg-core';

/** When the row was written, by the database's clock. */
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
