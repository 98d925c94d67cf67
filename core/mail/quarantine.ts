/**
 * The quarantine, for support staff: list what is held, assign a mail to an org as a new ticket or
 * to a ticket as a comment (written by the staff member, saying whose mail it was), or drop it.
 */
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailMessages, mailQuarantine, QUARANTINE_STATUSES, type QuarantinedMailRow } from '../../db/schema.ts';
import { defineCommand, parseInput, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { isUuid, uuidSchema } from '../directory/index.ts';
import { commentOnTicket, openTicket } from '../tickets/index.ts';
import { QuarantineEvents } from './events.ts';
import { attachmentsLine } from './model.ts';
import { mailPolicy, QUARANTINED_MAIL } from './policy.ts';

export type { QuarantinedMailRow };

export const listQuarantine = defineQuery({
  name: 'listQuarantine',
  input: z.object({ status: z.enum(QUARANTINE_STATUSES).default('HELD'), limit: z.number().int().min(1).max(100).default(20) }),
  async run({ db, actor }, { status, limit }): Promise<QuarantinedMailRow[]> {
    mailPolicy.authorize(actor, 'mail.triage', QUARANTINED_MAIL);
    return db.select().from(mailQuarantine).where(eq(mailQuarantine.status, status)).orderBy(desc(mailQuarantine.receivedAt)).limit(limit);
  },
});

export const getQuarantinedMail = defineQuery({
  name: 'getQuarantinedMail',
  input: z.object({ id: z.string() }),
  async run({ db, actor }, { id }): Promise<QuarantinedMailRow> {
    mailPolicy.authorize(actor, 'mail.triage', QUARANTINED_MAIL);
    const [row] = isUuid(id) ? await db.select().from(mailQuarantine).where(eq(mailQuarantine.id, id)) : [];
    if (!row) throw mailPolicy.notFound(QUARANTINED_MAIL);
    return row;
  },
});

async function lockHeld(ctx: CommandContext, id: string): Promise<QuarantinedMailRow> {
  mailPolicy.authorize(ctx.actor, 'mail.triage', QUARANTINED_MAIL);
  const [row] = isUuid(id) ? await ctx.tx.select().from(mailQuarantine).where(eq(mailQuarantine.id, id)).for('update') : [];
  if (!row) throw mailPolicy.notFound(QUARANTINED_MAIL);
  if (row.status !== 'HELD') throw new OpsdeskError('INVALID_TRANSITION', `this mail was already ${row.status === 'ASSIGNED' ? 'assigned' : 'dropped'}`);
  return row;
}

/** The ticket text of a quarantined mail: whose it was and why it was held, then what it said. */
function quoted(row: QuarantinedMailRow): string {
  const who = row.senderName ? `${row.senderName} <${row.sender}>` : row.sender;
  return [`Mail from ${who}, held in quarantine (${row.reason}):`, row.text, attachmentsLine(row.attachments)].filter(Boolean).join('\n\n').slice(0, 20_000);
}

export const assignQuarantinedMail = defineCommand({
  name: 'assignQuarantinedMail',
  input: z
    .object({ id: z.string(), orgId: uuidSchema.optional(), ticketId: uuidSchema.optional() })
    .refine((i) => Boolean(i.orgId) !== Boolean(i.ticketId), { message: 'name either an org (a new ticket) or a ticket (a comment)', path: ['orgId'] }),
  async run(ctx, input) {
    const row = await lockHeld(ctx, input.id);
    let ticket: { id: string; key: string; orgId: string };
    if (input.orgId) {
      ticket = await openTicket.run(
        ctx,
        parseInput(openTicket.input, { orgId: input.orgId, title: row.subject.trim().slice(0, 200) || '(no subject)', description: quoted(row), idempotencyKey: `mail:${row.id}` }),
      );
    } else {
      ({ ticket } = await commentOnTicket.run(ctx, parseInput(commentOnTicket.input, { ticketId: input.ticketId!, body: quoted(row), externalRef: `mail:${row.id}` })));
    }
    const [updated] = await ctx.tx
      .update(mailQuarantine)
      .set({ status: 'ASSIGNED', ticketId: ticket.id, resolvedAt: ctx.now, resolvedById: ctx.actor.type === 'person' ? ctx.actor.id : null })
      .where(eq(mailQuarantine.id, row.id))
      .returning();
    // Replies to this mail now find its ticket.
    await ctx.tx.update(mailMessages).set({ ticketId: ticket.id }).where(and(eq(mailMessages.messageId, row.messageId), eq(mailMessages.direction, 'in')));
    await ctx.record(
      QuarantineEvents.assigned(row, { messageId: row.messageId, orgId: ticket.orgId, ticketId: ticket.id, ticketKey: ticket.key, as: input.orgId ? 'ticket' : 'comment' }),
    );
    return { mail: updated!, ticketId: ticket.id, ticketKey: ticket.key };
  },
});

export const dropQuarantinedMail = defineCommand({
  name: 'dropQuarantinedMail',
  input: z.object({ id: z.string(), reason: z.string().trim().max(1000).optional() }),
  async run(ctx, input) {
    const row = await lockHeld(ctx, input.id);
    const [updated] = await ctx.tx
      .update(mailQuarantine)
      .set({ status: 'DROPPED', resolvedAt: ctx.now, resolvedById: ctx.actor.type === 'person' ? ctx.actor.id : null })
      .where(eq(mailQuarantine.id, row.id))
      .returning();
    await ctx.record(QuarantineEvents.dropped(row, { messageId: row.messageId, reason: input.reason || null }));
    return updated!;
  },
});
