/**
 * Internal notes: provider staff discussing a ticket among themselves. A note lives in
 * `ticket_notes`, never among the comments, and its event is the provider's (note-events.ts), so a
 * client reaches a note through no door. A note does not count as the provider's response to the
 * client (the SLA clock keeps running) and does not change the ticket.
 */
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { people, ticketNotes } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { lockTicket, visibleTicket } from './internal/lookups.ts';
import { TicketNoteEvents } from './note-events.ts';
import { ticketNotePolicy } from './note-policy.ts';

export interface TicketNoteView {
  id: string;
  ticketId: string;
  authorId: string;
  authorName: string;
  body: string;
  door: string;
  createdAt: Date;
}

export const addTicketNote = defineCommand({
  name: 'addTicketNote',
  input: z.object({
    ticketId: z.string().max(100),
    body: z.string().trim().min(1, 'must not be empty').max(20_000, 'keep it under 20,000 characters'),
    /** Where the note came from (a Slack message ts in the internal thread): the same one is taken once. */
    externalRef: z.string().min(1).max(100).optional(),
  }),
  async run(ctx, input): Promise<{ note: TicketNoteView; ticketKey: string }> {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    ticketNotePolicy.authorize(ctx.actor, 'ticket.note', ticket);
    if (input.externalRef) {
      const [seen] = await ctx.tx
        .select({ id: ticketNotes.id })
        .from(ticketNotes)
        .where(and(eq(ticketNotes.ticketId, ticket.id), eq(ticketNotes.externalRef, input.externalRef)));
      if (seen) throw new OpsdeskError('CONFLICT', 'this message is already a note on the ticket');
    }
    const [note] = await ctx.tx
      .insert(ticketNotes)
      .values({
        ticketId: ticket.id,
        authorId: ctx.actor.id,
        body: input.body,
        door: ctx.actor.door,
        externalRef: input.externalRef ?? null,
        createdAt: ctx.now,
      })
      .returning();
    await ctx.record(
      TicketNoteEvents.noteAdded(ticket, {
        ticketOrgId: ticket.orgId,
        key: ticket.key,
        noteId: note!.id,
        authorId: ctx.actor.id,
        authorName: ctx.actor.name,
        body: note!.body,
        door: note!.door,
        externalRef: note!.externalRef,
      }),
    );
    const { externalRef: _ref, ...view } = note!;
    return { note: { ...view, authorName: ctx.actor.name }, ticketKey: ticket.key };
  },
});

/**
 * A ticket's internal notes, oldest first. Someone who cannot see the ticket gets NOT_FOUND, like
 * every ticket read; a client who sees it gets an empty list, as if there were none, so that the
 * answer does not say whether notes exist.
 */
export const listTicketNotes = defineQuery({
  name: 'listTicketNotes',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor }, { ticketId }): Promise<TicketNoteView[]> {
    const ticket = await visibleTicket(db, actor, ticketId);
    if (!ticketNotePolicy.may(actor, 'ticket.read_notes', ticket)) return [];
    return db
      .select({
        id: ticketNotes.id,
        ticketId: ticketNotes.ticketId,
        authorId: ticketNotes.authorId,
        authorName: people.name,
        body: ticketNotes.body,
        door: ticketNotes.door,
        createdAt: ticketNotes.createdAt,
      })
      .from(ticketNotes)
      .innerJoin(people, eq(people.id, ticketNotes.authorId))
      .where(eq(ticketNotes.ticketId, ticket.id))
      .orderBy(asc(ticketNotes.createdAt), asc(ticketNotes.id));
  },
});

/** The ticket a person is about to write a note on, when they may (for a door's note form): FORBIDDEN for the client. */
export const ticketForNote = defineQuery({
  name: 'ticketForNote',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor }, { ticketId }) {
    const ticket = await visibleTicket(db, actor, ticketId);
    ticketNotePolicy.authorize(actor, 'ticket.note', ticket);
    return ticket;
  },
});
