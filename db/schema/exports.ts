/**
 * A client org's own back-ups: each export job (its state, progress and manifest) and the archive it
 * wrote, kept in the database as bytea chunks so that any instance can serve the download and the
 * archive is deleted with its row's expiry (docs/exports.md).
 */
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Raw bytes (PostgreSQL `bytea`), as a Node Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const EXPORT_STATES = ['queued', 'running', 'completed', 'failed', 'expired'] as const;

export const orgExports = pgTable(
  'org_exports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** The person who asked; null when the operator's CLI did. */
    requestedById: uuid('requested_by_id'),
    state: text('state', { enum: EXPORT_STATES }).notNull().default('queued'),
    /** `stored`: the archive is kept here for a download link; `caller`: the CLI wrote it to the operator's file. */
    delivery: text('delivery', { enum: ['stored', 'caller'] }).notNull().default('stored'),
    /** How many times a run was started: an interrupted run is started again, up to a limit. */
    attempts: integer('attempts').notNull().default(0),
    /** The instance running it, and when it last wrote progress: a stale heartbeat means it was interrupted. */
    runningOn: text('running_on'),
    heartbeatAt: at('heartbeat_at'),
    kindsTotal: integer('kinds_total').notNull().default(0),
    kindsDone: integer('kinds_done').notNull().default(0),
    rowsDone: bigint('rows_done', { mode: 'number' }).notNull().default(0),
    /** The archive's manifest.json, once completed. */
    manifest: jsonb('manifest'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    /** Why it failed, in words fit for the person who asked. */
    failure: text('failure'),
    createdAt: createdAt(),
    completedAt: at('completed_at'),
    /** When the archive is deleted and its link stops working. */
    expiresAt: at('expires_at'),
  },
  (t) => [index('org_exports_org_idx').on(t.orgId, t.createdAt)],
);

/** The archive's bytes, in order. */
export const orgExportChunks = pgTable(
  'org_export_chunks',
  {
    exportId: uuid('export_id')
      .notNull()
      .references(() => orgExports.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.exportId, t.seq] })],
);

export type OrgExportRow = typeof orgExports.$inferSelect;
