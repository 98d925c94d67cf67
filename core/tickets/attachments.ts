/**
 * Files on tickets: attached from Slack, the console or email by whoever sees the ticket, kept in
 * the database (ticket_attachments), listed on the ticket, and fetched only through a short-lived
 * link given to one person. Each upload and each download is one command with its audit event on
 * the ticket's org's chain. A refused file (its kind, its size, a closed ticket) leaves nothing.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { z } from 'zod';
import { ATTACHMENT_SOURCES, contentAsBase64, people, ticketAttachments } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { systemOnly } from '../policy.ts';
import { defineQuery } from '../query.ts';
import { isUuid } from '../directory/index.ts';
import { AttachmentEvents, type AttachmentFacts } from './attachment-events.ts';
import { attachmentPolicy } from './attachment-policy.ts';
import { lockTicket, visibleTicket } from './internal/lookups.ts';
import { checkFileContent } from './internal/file-content.ts';
import { DOWNLOAD_LINK_MINUTES, downloadLinkSigner, verifyDownloadLink } from './internal/download-links.ts';

export { ACCEPTED_KINDS, describeBytes } from './internal/file-content.ts';
export { DOWNLOAD_LINK_MINUTES } from './internal/download-links.ts';

/** The default of ATTACHMENT_MAX_BYTES: 10 MB. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
let maxBytes = DEFAULT_ATTACHMENT_MAX_BYTES;

/** The largest file a ticket takes (ATTACHMENT_MAX_BYTES); the host sets it at start. */
export function useAttachmentLimit(bytes: number): void {
  maxBytes = bytes;
}

export function attachmentLimit(): number {
  return maxBytes;
}

/** The path the web door serves downloads at; the token carries who may use it and until when. */
export const attachmentDownloadPath = (attachmentId: string, token: string) => `/attachments/${attachmentId}?token=${encodeURIComponent(token)}`;

/** Every column but the content, which is read only to be served. */
const { content: _content, ...described } = getTableColumns(ticketAttachments);

type DescribedAttachment = { id: string; fileName: string; contentType: string; size: number; sha256: string };

const factsOf = (key: string, row: DescribedAttachment): AttachmentFacts => ({
  key,
  attachmentId: row.id,
  fileName: row.fileName,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
});

/**
 * Why a file would be refused (its kind, its size), or null when a ticket takes it: for a door that
 * says so before it writes anything else (a mail's comment lists what was attached and what not).
 */
export async function attachmentRefusal(content: Buffer, fileName: string): Promise<string | null> {
  try {
    await checkFileContent(content, fileName, maxBytes);
    return null;
  } catch (error) {
    if (error instanceof OpsdeskError && error.code === 'INVALID_INPUT') return String((error.details?.fields as { content?: string })?.content ?? error.message);
    throw error;
  }
}

export const attachFileToTicket = defineCommand({
  name: 'attachFileToTicket',
  input: z.object({
    ticketId: z.string().max(100),
    fileName: z.string().max(1000),
    content: z.instanceof(Buffer, { message: 'the file content is missing' }),
    source: z.enum(ATTACHMENT_SOURCES),
    /** Where it came from in its door (a Slack file id, a mail part): the same one is taken once. */
    externalRef: z.string().min(1).max(300).optional(),
  }),
  async run(ctx, input) {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    attachmentPolicy.authorize(ctx.actor, 'ticket.attach', ticket);
    if (ticket.status === 'CLOSED') throw new OpsdeskError('INVALID_TRANSITION', `${ticket.key} is closed, so you cannot attach files to it`);
    const checked = await checkFileContent(input.content, input.fileName, maxBytes);
    if (input.externalRef) {
      const [seen] = await ctx.tx
        .select({ id: ticketAttachments.id })
        .from(ticketAttachments)
        .where(and(eq(ticketAttachments.ticketId, ticket.id), eq(ticketAttachments.externalRef, input.externalRef)));
      if (seen) throw new OpsdeskError('CONFLICT', 'this file is already attached to the ticket');
    }
    const [row] = await ctx.tx
      .insert(ticketAttachments)
      .values({
        ticketId: ticket.id,
        orgId: ticket.orgId,
        fileName: checked.fileName,
        contentType: checked.contentType,
        size: input.content.length,
        sha256: createHash('sha256').update(input.content).digest('hex'),
        content: input.content,
        uploadedById: ctx.actor.id,
        source: input.source,
        externalRef: input.externalRef ?? null,
        uploadedAt: ctx.now,
      })
      .returning(described);
    await ctx.record(AttachmentEvents.fileAttached(ticket, {
      ...factsOf(ticket.key, row!),
      uploadedById: ctx.actor.id,
      uploadedByName: ctx.actor.name,
      source: input.source,
      externalRef: row!.externalRef,
    }));
    return { ...row!, ticketKey: ticket.key };
  },
});

/** A download: the person must still see the ticket; the file is read and the download audited in one transaction. */
export const recordAttachmentDownload = defineCommand({
  name: 'recordAttachmentDownload',
  input: z.object({ attachmentId: z.string().max(100) }),
  async run(ctx, { attachmentId }) {
    const notFound = new OpsdeskError('NOT_FOUND', 'attachment not found');
    if (!isUuid(attachmentId)) throw notFound;
    const [found] = await ctx.tx
      .select({ ...described, contentBase64: contentAsBase64 })
      .from(ticketAttachments)
      .where(eq(ticketAttachments.id, attachmentId));
    if (!found) throw notFound;
    const { contentBase64, ...row } = found;
    const ticket = await visibleTicket(ctx.tx, ctx.actor, row.ticketId).catch(() => {
      throw notFound;
    });
    attachmentPolicy.authorize(ctx.actor, 'ticket.download_attachment', ticket);
    await ctx.record(AttachmentEvents.attachmentDownloaded(ticket, { ...factsOf(ticket.key, row), downloadedById: ctx.actor.id }));
    return { ...row, content: Buffer.from(contentBase64, 'base64') };
  },
});

export interface AttachmentView {
  id: string;
  ticketId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  source: (typeof ATTACHMENT_SOURCES)[number];
  uploadedById: string;
  uploadedByName: string;
  uploadedAt: Date;
  /** A link for the person who asked, valid for DOWNLOAD_LINK_MINUTES; null for anyone but a person. */
  downloadPath: string | null;
  downloadExpiresAt: Date | null;
}

/** A ticket's files, oldest first, each with a download link for the person asking. */
export const listAttachments = defineQuery({
  name: 'listAttachments',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor, now }, { ticketId }): Promise<AttachmentView[]> {
    const ticket = await visibleTicket(db, actor, ticketId);
    const rows = await db
      .select({
        id: ticketAttachments.id,
        ticketId: ticketAttachments.ticketId,
        fileName: ticketAttachments.fileName,
        contentType: ticketAttachments.contentType,
        size: ticketAttachments.size,
        sha256: ticketAttachments.sha256,
        source: ticketAttachments.source,
        uploadedById: ticketAttachments.uploadedById,
        uploadedByName: people.name,
        uploadedAt: ticketAttachments.uploadedAt,
      })
      .from(ticketAttachments)
      .innerJoin(people, eq(people.id, ticketAttachments.uploadedById))
      .where(eq(ticketAttachments.ticketId, ticket.id))
      .orderBy(asc(ticketAttachments.uploadedAt), asc(ticketAttachments.id));
    if (actor.type !== 'person' || rows.length === 0) return rows.map((row) => ({ ...row, downloadPath: null, downloadExpiresAt: null }));
    const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_MINUTES * 60_000);
    const sign = await downloadLinkSigner(db);
    return rows.map((row) => ({
      ...row,
      downloadPath: attachmentDownloadPath(row.id, sign({ attachmentId: row.id, personId: actor.id, expiresAt })),
      downloadExpiresAt: expiresAt,
    }));
  },
});

/** Whom a download link was given to, for the host that serves it (its own actor only): NOT_FOUND, or FORBIDDEN once expired. */
export const downloadLinkGrant = defineQuery({
  name: 'downloadLinkGrant',
  input: z.object({ token: z.string().max(300) }),
  async run({ db, actor, now }, { token }) {
    systemOnly.authorize(actor, 'system', null);
    return verifyDownloadLink(db, token, now);
  },
});
