/**
 * A mail's road in. The email door parses it and asks `routeMail` (as its system actor) where it
 * goes: nowhere (already taken), the quarantine, a new ticket of the sender's org, or a comment on
 * a ticket. A trusted sender's mail is then taken with `takeMail`, run as that person through the
 * email door, so the ticket's own commands decide and the trail shows the person; anything else is
 * kept by `quarantineMail`. Each records the Message-ID in the same transaction as what it wrote,
 * so a second delivery of the same mail does nothing and a failed one leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { mailMessages, mailQuarantine, memberships, orgs, people, tickets } from '../../db/schema.ts';
import { defineCommand, parseInput, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { holdsARole, uuidSchema } from '../directory/index.ts';
import { commentOnTicket, openTicket } from '../tickets/index.ts';
import { QuarantineEvents } from './events.ts';
import { inboundMailSchema, type InboundMail } from './internal/schemas.ts';
import { attachmentsLine, normalizeMessageId, replyKeyOf, threadKeysOf, trimReply } from './model.ts';
import { attachMailFiles, mailFileSchema, screenMailFiles, screenedFilesLine, type ScreenedFile } from './mail-files.ts';
import { INBOUND_MAIL, mailPolicy } from './policy.ts';

export { inboundMailSchema, type InboundMail };

export type MailRoute =
  | { route: 'duplicate' }
  | { route: 'quarantine'; reason: string }
  | { route: 'ticket'; personId: string; orgId: string }
  | { route: 'comment'; personId: string; ticketId: string; ticketKey: string };

const MAX_TEXT = 20_000;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 40).trimEnd()}\n[... cut: the mail was longer]`);

/**
 * A mail's new text and its attachments, as a ticket's description or a comment's body: the files
 * taken with it when it has them (attached or not, and why), else the names and sizes it listed.
 */
export function mailBody(mail: Pick<InboundMail, 'text' | 'attachments'>, files?: readonly ScreenedFile[]): string {
  const filesLine = files?.length ? screenedFilesLine(files) : attachmentsLine(mail.attachments);
  return clip([trimReply(mail.text), filesLine].filter(Boolean).join('\n\n'), MAX_TEXT);
}

/** The key a Message-ID is stored and compared under. */
const idKey = (id: string) => normalizeMessageId(id).toLowerCase();

async function seen(db: Queryable, messageId: string): Promise<boolean> {
  const [row] = await db.select({ id: mailMessages.messageId }).from(mailMessages).where(eq(mailMessages.messageId, idKey(messageId)));
  return Boolean(row);
}

/** The client orgs in which people with this address hold a role: person and org, oldest person first. */
async function clientPeopleOf(db: Queryable, email: string): Promise<Array<{ personId: string; orgId: string }>> {
  return db
    .select({ personId: people.id, orgId: orgs.id })
    .from(people)
    .innerJoin(memberships, eq(memberships.personId, people.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(and(eq(people.email, email), eq(orgs.kind, 'client'), holdsARole))
    .orderBy(people.createdAt);
}

export const routeMail = defineQuery({
  name: 'routeMail',
  input: z.object({
    mail: inboundMailSchema,
    /** The authserv-id of the receiving server's Authentication-Results (EMAIL_AUTHSERV_ID). */
    authservId: z.string().max(255).optional(),
    /** The support address (SUPPORT_ADDRESS), for per-ticket reply addresses. */
    supportAddress: z.string().max(320).optional(),
    /** The domain of MAIL_FROM, under which opsdesk's ticket mail names its thread (`<ticket.acme-42@domain>`). */
    mailDomain: z.string().max(255).optional(),
  }),
  async run({ db, actor }, { mail, authservId, supportAddress, mailDomain }): Promise<MailRoute> {
    mailPolicy.authorize(actor, 'mail.receive', INBOUND_MAIL);
    if (await seen(db, mail.messageId)) return { route: 'duplicate' };
    const { senderTrust } = await import('./trust.ts');
    const trust = senderTrust(mail.authenticationResults, authservId, mail.from);
    if (!trust.trusted) return { route: 'quarantine', reason: trust.reason };
    const candidates = await clientPeopleOf(db, mail.from);
    if (candidates.length === 0) return { route: 'quarantine', reason: `${mail.from} is not a person of any client organisation` };
    const inOrg = (orgId: string) => candidates.find((c) => c.orgId === orgId);

    const reply = replyKeyOf(mail.recipients, supportAddress);
    if (reply) {
      const [ticket] = reply.key ? await db.select({ id: tickets.id, key: tickets.key, orgId: tickets.orgId }).from(tickets).where(eq(tickets.key, reply.key)) : [];
      const person = ticket && inOrg(ticket.orgId);
      // Another org's ticket is as unknown to this sender as a ticket that does not exist.
      if (!ticket || !person) return { route: 'quarantine', reason: `unknown reply address ${reply.address}` };
      return { route: 'comment', personId: person.personId, ticketId: ticket.id, ticketKey: ticket.key };
    }
    // A reply names the ticket's thread root (ticket mail opsdesk sent), or a mail that became the ticket or a comment.
    const threadKeys = threadKeysOf(mail.references, mailDomain).slice(0, 20);
    if (threadKeys.length > 0) {
      const threads = await db.select({ id: tickets.id, key: tickets.key, orgId: tickets.orgId }).from(tickets).where(inArray(tickets.key, threadKeys));
      for (const key of threadKeys) {
        const ticket = threads.find((t) => t.key === key);
        const person = ticket && inOrg(ticket.orgId);
        if (ticket && person) return { route: 'comment', personId: person.personId, ticketId: ticket.id, ticketKey: ticket.key };
      }
    }
    const refs = [...new Set(mail.references.map(idKey))].slice(0, 200);
    if (refs.length > 0) {
      const threads = await db
        .select({ id: tickets.id, key: tickets.key, orgId: tickets.orgId })
        .from(mailMessages)
        .innerJoin(tickets, eq(tickets.id, mailMessages.ticketId))
        .where(and(inArray(mailMessages.messageId, refs), isNotNull(mailMessages.ticketId)));
      for (const ticket of threads) {
        const person = inOrg(ticket.orgId);
        if (person) return { route: 'comment', personId: person.personId, ticketId: ticket.id, ticketKey: ticket.key };
      }
    }
    const orgIds = [...new Set(candidates.map((c) => c.orgId))];
    if (orgIds.length > 1) return { route: 'quarantine', reason: `${mail.from} belongs to people of ${orgIds.length} client organisations; staff must choose one` };
    return { route: 'ticket', personId: candidates[0]!.personId, orgId: candidates[0]!.orgId };
  },
});

async function remember(ctx: CommandContext, messageId: string, outcome: 'ticket' | 'comment' | 'quarantined', ticketId: string | null): Promise<void> {
  const [row] = await ctx.tx
    .insert(mailMessages)
    .values({ messageId: idKey(messageId), direction: 'in', outcome, ticketId, createdAt: ctx.now })
    .onConflictDoNothing()
    .returning({ id: mailMessages.messageId });
  if (!row) throw new OpsdeskError('CONFLICT', 'this mail was already received');
}

/** A ticket's title from a mail: its subject, else its first line. */
export function titleOf(mail: Pick<InboundMail, 'subject' | 'text'>): string {
  const subject = mail.subject.replace(/\s+/g, ' ').trim();
  const line = trimReply(mail.text).split('\n').find((l) => l.trim())?.trim() ?? '';
  const title = subject || line || '(no subject)';
  return title.length <= 200 ? title : `${title.slice(0, 197)}...`;
}

/** A comment's external reference: the Message-ID, hashed when it is too long to keep as it is. */
const externalRefOf = (messageId: string) => {
  const key = `mail:${idKey(messageId)}`;
  return key.length <= 100 ? key : `mail:${createHash('sha256').update(idKey(messageId)).digest('hex')}`;
};

/**
 * A trusted sender's mail becomes a ticket of their org or a comment on one, as that person through
 * the email door; the Message-ID is kept with the ticket, so replies to it find the ticket.
 */
export const takeMail = defineCommand({
  name: 'takeMail',
  input: z.discriminatedUnion('as', [
    z.object({ as: z.literal('ticket'), mail: inboundMailSchema, orgId: uuidSchema, files: z.array(mailFileSchema).max(50).default([]) }),
    z.object({ as: z.literal('comment'), mail: inboundMailSchema, ticketId: uuidSchema, files: z.array(mailFileSchema).max(50).default([]) }),
  ]),
  async run(ctx, input) {
    mailPolicy.authorize(ctx.actor, 'mail.take', INBOUND_MAIL);
    const { mail } = input;
    if (await seen(ctx.tx, mail.messageId)) throw new OpsdeskError('CONFLICT', 'this mail was already received');
    const files = await screenMailFiles(input.files);
    if (input.as === 'ticket') {
      const ticket = await openTicket.run(ctx, parseInput(openTicket.input, { orgId: input.orgId, title: titleOf(mail), description: mailBody(mail, files) }));
      await attachMailFiles(ctx, ticket.id, mail.messageId, files);
      await remember(ctx, mail.messageId, 'ticket', ticket.id);
      return { as: 'ticket' as const, ticketId: ticket.id, ticketKey: ticket.key };
    }
    const body = mailBody(mail, files);
    if (!body) throw new OpsdeskError('INVALID_INPUT', 'the reply is empty once quoted history and signature are removed');
    const { ticket, comment } = await commentOnTicket.run(ctx, parseInput(commentOnTicket.input, { ticketId: input.ticketId, body, externalRef: externalRefOf(mail.messageId) }));
    await attachMailFiles(ctx, ticket.id, mail.messageId, files);
    await remember(ctx, mail.messageId, 'comment', ticket.id);
    return { as: 'comment' as const, ticketId: ticket.id, ticketKey: ticket.key, commentId: comment.id };
  },
});

/** A mail nobody vouched for (or that could not be taken) is kept for staff, never put in a ticket. */
export const quarantineMail = defineCommand({
  name: 'quarantineMail',
  input: z.object({ mail: inboundMailSchema, reason: z.string().trim().min(1).max(1000) }),
  async run(ctx, { mail, reason }) {
    mailPolicy.authorize(ctx.actor, 'mail.receive', INBOUND_MAIL);
    await remember(ctx, mail.messageId, 'quarantined', null);
    const [row] = await ctx.tx
      .insert(mailQuarantine)
      .values({
        messageId: idKey(mail.messageId),
        source: mail.source,
        sender: mail.from,
        senderName: mail.fromName,
        subject: mail.subject.slice(0, 1000),
        reason,
        text: clip(trimReply(mail.text), MAX_TEXT),
        attachments: mail.attachments.map(({ name, size }) => ({ name, size })),
        size: mail.size,
        receivedAt: ctx.now,
        createdAt: ctx.now,
      })
      .returning();
    await ctx.record(
      QuarantineEvents.quarantined(row!, { messageId: row!.messageId, source: mail.source, sender: mail.from, subject: row!.subject, reason, attachments: mail.attachments.length }),
    );
    return row!;
  },
});
