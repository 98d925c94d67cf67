/**
 * Satisfaction: when a ticket is closed its initiator may rate the support from 1 to 5 with an
 * optional comment, once (a rating belongs to the closure it rates; a closed ticket stays closed).
 * The rating is on the ticket's org's chain like every ticket event; the SLA report counts it per
 * org and month (core/reports/satisfaction.ts).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { ticketRatings, type TicketRatingRow, type TicketRow } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { defineQuery, readWithin } from '../query.ts';
import { OpsdeskError } from '../errors.ts';
import type { Actor } from '../actor.ts';
import type { Queryable } from '../../db/client.ts';
import { lockTicket, visibleTicket } from './internal/lookups.ts';
import { ratingPolicy } from './satisfaction-policy.ts';
import { ticketsByIds } from './queries.ts';
import { TicketSlaEvents } from './sla-events.ts';

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;

async function ratingOfClosure(db: Queryable, ticket: TicketRow): Promise<TicketRatingRow | undefined> {
  if (!ticket.closedAt) return undefined;
  const [rating] = await db
    .select()
    .from(ticketRatings)
    .where(and(eq(ticketRatings.ticketId, ticket.id), eq(ticketRatings.closedAt, ticket.closedAt)));
  return rating;
}

export const rateTicket = defineCommand({
  name: 'rateTicket',
  input: z.object({
    ticketId: z.string().max(100),
    score: z.number().int().min(1, 'rate from 1 to 5').max(5, 'rate from 1 to 5'),
    comment: z.string().trim().max(2000, 'keep the comment under 2,000 characters').optional(),
  }),
  async run(ctx, input): Promise<TicketRatingRow> {
    const ticket = await lockTicket(ctx.tx, ctx.actor, input.ticketId);
    ratingPolicy.authorize(ctx.actor, 'ticket.rate', ticket);
    if (ticket.status !== 'CLOSED' || !ticket.closedAt) {
      throw new OpsdeskError('INVALID_TRANSITION', `${ticket.key} is not closed yet; rate it once you have approved the closure`);
    }
    if (await ratingOfClosure(ctx.tx, ticket)) throw new OpsdeskError('INVALID_TRANSITION', `you have already rated ${ticket.key}`);
    const [rating] = await ctx.tx
      .insert(ticketRatings)
      .values({
        ticketId: ticket.id,
        orgId: ticket.orgId,
        closedAt: ticket.closedAt,
        raterId: ctx.actor.id,
        score: input.score,
        comment: input.comment ? input.comment : null,
        door: ctx.actor.door,
        createdAt: ctx.now,
      })
      .returning();
    await ctx.record(TicketSlaEvents.rated(ticket, {
      key: ticket.key,
      ratingId: rating!.id,
      raterId: ctx.actor.id,
      score: rating!.score,
      comment: rating!.comment,
    }));
    return rating!;
  },
});

export interface TicketRatingView {
  /** The rating of the ticket's latest closure, if given. */
  rating: { score: number; comment: string | null; ratedAt: Date } | null;
  /** Whether the actor may rate it now (closed, unrated, and they are its initiator). */
  canRate: boolean;
}

export function ratingView(actor: Actor, ticket: TicketRow, rating: TicketRatingRow | undefined): TicketRatingView {
  return {
    rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.createdAt } : null,
    canRate: ticket.status === 'CLOSED' && !rating && ratingPolicy.may(actor, 'ticket.rate', ticket),
  };
}

export const ticketRating = defineQuery({
  name: 'ticketRating',
  input: z.object({ ticketId: z.string().max(100) }),
  async run({ db, actor }, { ticketId }): Promise<TicketRatingView> {
    const ticket = await visibleTicket(db, actor, ticketId);
    return ratingView(actor, ticket, await ratingOfClosure(db, ticket));
  },
});

/** The same for many tickets at once (a list's field), by ticket id; tickets the actor cannot see are left out. */
export const ticketRatingsOf = defineQuery({
  name: 'ticketRatingsOf',
  input: z.object({ ticketIds: z.array(z.string().max(100)).max(1000) }),
  async run(ctx, { ticketIds }): Promise<Map<string, TicketRatingView>> {
    const visible = await readWithin(ctx, ticketsByIds, { ids: ticketIds });
    const closed = visible.filter((t) => t.closedAt);
    const rows = closed.length
      ? await ctx.db.select().from(ticketRatings).where(inArray(ticketRatings.ticketId, closed.map((t) => t.id)))
      : [];
    return new Map(
      visible.map((ticket) => [
        ticket.id,
        ratingView(ctx.actor, ticket, rows.find((r) => r.ticketId === ticket.id && r.closedAt.getTime() === ticket.closedAt?.getTime())),
      ]),
    );
  },
});
