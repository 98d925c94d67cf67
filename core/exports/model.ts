/** An export job as readers see it, the archive's manifest, and the limits the job keeps. */
import type { OrgExportRow } from '../../db/schema.ts';
import type { VerifyResult } from '../audit/index.ts';

/** The archive's format: bumped when a reader would need to change. */
export const EXPORT_FORMAT_VERSION = 1;

/** How long an archive is kept, and its link works, after it is written. */
export const EXPORT_RETENTION_HOURS = 24;
/** Rows read per page of one kind. */
export const EXPORT_PAGE_ROWS = 1000;
/** Bytes per stored chunk of an archive. */
export const EXPORT_CHUNK_BYTES = 256 * 1024;
/** A running export whose heartbeat is older than this was interrupted (its instance stopped). */
export const EXPORT_STALE_MINUTES = 5;
/** Runs started before an interrupted export is given up as failed. */
export const EXPORT_MAX_ATTEMPTS = 3;

export type ExportState = OrgExportRow['state'];

export interface ManifestKind {
  kind: string;
  file: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  format: 'opsdesk-org-export';
  formatVersion: number;
  org: { id: string; slug: string; name: string };
  exportId: string | null;
  createdAt: string;
  kinds: ManifestKind[];
  /** The org's audit trail (`audit.jsonl`, the format of `opsdesk audit export`) and the checkpoint signed for it. */
  audit: {
    file: string;
    events: number;
    checkpoint: { seq: number; size: number; headHash: string; keyId: string; signedAt: string; note: string };
    verify: VerifyResult;
  };
}

export interface OrgExportView {
  id: string;
  orgId: string;
  state: ExportState;
  requestedById: string | null;
  kindsTotal: number;
  kindsDone: number;
  rowsDone: number;
  sizeBytes: number | null;
  failure: string | null;
  createdAt: Date;
  completedAt: Date | null;
  expiresAt: Date | null;
  /** Where the archive is downloaded (with the same credentials), while it is kept. */
  downloadPath: string | null;
}

export const exportFileName = (slug: string, at: Date) => `opsdesk-export-${slug}-${at.toISOString().slice(0, 10)}.zip`;

export function exportView(row: OrgExportRow, now: Date): OrgExportView {
  const downloadable = row.state === 'completed' && row.expiresAt !== null && row.expiresAt > now;
  return {
    id: row.id,
    orgId: row.orgId,
    state: row.state,
    requestedById: row.requestedById,
    kindsTotal: row.kindsTotal,
    kindsDone: row.kindsDone,
    rowsDone: row.rowsDone,
    sizeBytes: row.sizeBytes,
    failure: row.failure,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
    expiresAt: row.expiresAt,
    downloadPath: downloadable ? `/exports/${row.id}/archive` : null,
  };
}
