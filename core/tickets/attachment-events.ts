/**
 * The events of files on tickets: an upload and each download, on the ticket's org's chain and read
 * by whoever sees that org (as every ticket event). They name the file by id, name, type, size and
 * SHA-256, never by its content.
 */
import { eventFamily, payload } from '../events/define.ts';
import { readersOfOrg } from '../events/read-rules.ts';
import type { AttachmentSource } from '../../db/schema.ts';

export interface AttachmentFacts {
  key: string;
  attachmentId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface FileAttached extends AttachmentFacts {
  uploadedById: string;
  uploadedByName: string;
  source: AttachmentSource;
  /** Where it came from in its door (a Slack file id), so that door does not echo it back. */
  externalRef: string | null;
}

export interface AttachmentDownloaded extends AttachmentFacts {
  downloadedById: string;
}

export const AttachmentEvents = eventFamily({
  prefix: 'ticket',
  subject: (ticket: { id: string; orgId: string }) => ({ orgId: ticket.orgId, subjectType: 'ticket', subjectId: ticket.id }),
  read: readersOfOrg,
  events: {
    fileAttached: payload<FileAttached>(),
    attachmentDownloaded: payload<AttachmentDownloaded>(),
  },
});
