/**
 * An export's trail, on the chain of the org it exports: asked for, finished (with its manifest's
 * figures), failed, downloaded, and deleted at expiry. Read by whoever may take the org's back-up.
 * Progress is not an event: it is the job row's, read with `getOrgExport`.
 */
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { mayInOrg } from '../events/read-rules.ts';
import { exportPolicy } from './policy.ts';

export interface ExportRequested {
  exportId: string;
}

export interface ExportCompleted {
  exportId: string;
  /** Rows per kind, as the manifest counts them. */
  rows: Record<string, number>;
  sizeBytes: number;
  /** The sha256 of the manifest.json in the archive. */
  manifestSha256: string;
  /** When the stored archive is deleted; null when the operator's CLI wrote it to a file and nothing is kept. */
  expiresAt: string | null;
}

export interface ExportFailed {
  exportId: string;
  reason: string;
}

export interface ExportDownloaded {
  exportId: string;
}

export interface ExportExpired {
  exportId: string;
}

export const ExportEvents = eventFamily({
  prefix: 'export',
  subject: (job: { id: string; orgId: string }) => ({ orgId: job.orgId, subjectType: 'org_export', subjectId: job.id }),
  read: mayInOrg(exportPolicy, 'export.take'),
  events: {
    requested: payload<ExportRequested>(),
    completed: payload<ExportCompleted>(),
    failed: payload<ExportFailed>(),
    downloaded: payload<ExportDownloaded>(),
    expired: payload<ExportExpired>(),
  },
});

export const EXPORT_EVENTS = declarationsOf(ExportEvents);
