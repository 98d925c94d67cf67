/**
 * Download links of attachments: a token that names the attachment, the person it was given to and
 * when it expires, signed with HMAC-SHA256 under the database's link key (made by its migration, see
 * db/schema/ticket-attachments.ts). Nothing is stored per link: a link proves only that opsdesk gave
 * it to that person a few minutes ago; the download still checks that the person may see the ticket.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { ticketAttachmentLinkKeys } from '../../../db/schema.ts';
import { OpsdeskError } from '../../errors.ts';
import { isUuid } from '../../directory/index.ts';

/** How long a download link works. Short: it is fetched right after it is shown. */
export const DOWNLOAD_LINK_MINUTES = 5;

const VERSION = 'v1';

export interface DownloadGrant {
  attachmentId: string;
  personId: string;
  expiresAt: Date;
}

function sameSignature(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function linkKey(db: Queryable): Promise<string> {
  const [row] = await db.select({ secret: ticketAttachmentLinkKeys.secret }).from(ticketAttachmentLinkKeys).where(eq(ticketAttachmentLinkKeys.id, 1));
  if (!row) throw new Error('the attachment link key is missing: run the migrations');
  return row.secret;
}

const signature = (key: string, attachmentId: string, personId: string, expires: number) =>
  createHmac('sha256', key).update(`opsdesk attachment link ${VERSION}\n${attachmentId}\n${personId}\n${expires}`).digest('base64url');

/** A signer of links under the database's key (read once, for a list of files). */
export async function downloadLinkSigner(db: Queryable): Promise<(grant: DownloadGrant) => string> {
  const key = await linkKey(db);
  return (grant) => {
    const expires = Math.floor(grant.expiresAt.getTime() / 1000);
    return [VERSION, grant.attachmentId, grant.personId, expires, signature(key, grant.attachmentId, grant.personId, expires)].join('.');
  };
}

/** The grant a token carries when opsdesk signed it and it has not expired; NOT_FOUND for anything else, FORBIDDEN once expired. */
export async function verifyDownloadLink(db: Queryable, token: string, now: Date): Promise<DownloadGrant> {
  const notFound = new OpsdeskError('NOT_FOUND', 'attachment not found');
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw notFound;
  const [, attachmentId, personId, expiresText, presented] = parts as [string, string, string, string, string];
  if (!isUuid(attachmentId) || !isUuid(personId) || !/^\d{1,12}$/.test(expiresText)) throw notFound;
  const expires = Number(expiresText);
  if (!sameSignature(presented, signature(await linkKey(db), attachmentId, personId, expires))) throw notFound;
  if (expires * 1000 <= now.getTime()) {
    throw new OpsdeskError('FORBIDDEN', 'this download link has expired; open the ticket again for a fresh one');
  }
  return { attachmentId, personId, expiresAt: new Date(expires * 1000) };
}
