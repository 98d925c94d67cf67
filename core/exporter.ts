/**
 * What a capability gives a client's own back-up (core/exports): one exporter per kind of row an
 * org owns, each a file of JSON lines in the archive. The export reads every kind in pages after a
 * cursor (keyset pagination), so a large org is streamed and never held in memory; a capability that
 * adds a table the client owns adds one exporter to its Capability's `exporters`, and nothing else.
 *
 * Exporters run for an export the exports capability has already authorised (its policy decides who
 * may take an org's back-up), so they read by org, as the operator's CLI would.
 */
import type { Queryable } from '../db/client.ts';

export interface ExportPage {
  /** The rows, as JSON-ready objects (instants become ISO strings when serialised). */
  readonly rows: readonly Record<string, unknown>[];
  /** The cursor after the last row, for the next page; null when this page was the last. */
  readonly next: string | null;
}

export interface OrgExporter {
  /** The kind, and the archive's file name without `.jsonl` (`tickets`, `comments`, ...). */
  readonly kind: string;
  /** The org's rows after `after` (null: from the first), in the order of a unique key, at most `limit`. */
  page(db: Queryable, orgId: string, after: string | null, limit: number): Promise<ExportPage>;
}

/**
 * An exporter over rows ordered by one unique text key (a uuid, or several keys joined): `read`
 * returns up to `limit` rows whose key is greater than `after`, in key order.
 */
export function keysetExporter<R extends Record<string, unknown>>(
  kind: string,
  read: (db: Queryable, orgId: string, after: string | null, limit: number) => Promise<R[]>,
  keyOf: (row: R) => string,
): OrgExporter {
  return {
    kind,
    async page(db, orgId, after, limit) {
      const rows = await read(db, orgId, after, limit);
      return { rows, next: rows.length < limit ? null : keyOf(rows[rows.length - 1]!) };
    },
  };
}
