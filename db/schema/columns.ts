/** Column shapes every table shares. */
import { customType, timestamp } from 'drizzle-orm/pg-core';

/** When the row was written, by the database's clock. */
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/**
 * A 64-bit transaction id (`xid8`), as text: JavaScript numbers cannot hold it. Compared in SQL only
 * (`pg_snapshot_xmin`), never in JavaScript.
 */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/** A transaction snapshot (`pg_snapshot`, `xmin:xmax:xip,...`), as text: compared in SQL only. */
export const pgSnapshot = customType<{ data: string; driverData: string }>({ dataType: () => 'pg_snapshot' });
