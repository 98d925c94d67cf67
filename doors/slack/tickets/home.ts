/** The tickets' part of App Home: my open tickets, and what waits for my answer. */
import { and, desc, eq, ne, or } from 'drizzle-orm';
import { tickets } from '../../../db/schema.ts';
import { canSeeTicket } from '../../../core/tickets/policy.ts';
import { awaitingAnswerFrom } from '../../../core/tickets/queries.ts';
import type { HomeSection } from '../home.ts';
import { homeTicketLines } from './presenters.ts';

export const ticketsHomeSection: HomeSection = async (deps, actor) => {
  const { db } = deps.core.database;
  const mine = (
    await db
      .select()
      .from(tickets)
      .where(and(ne(tickets.status, 'CLOSED'), or(eq(tickets.initiatorId, actor.id), eq(tickets.assigneeId, actor.id))))
      .orderBy(desc(tickets.seq))
      .limit(20)
  ).filter((t) => canSeeTicket(actor, t));
  const waiting = await awaitingAnswerFrom(db, actor);
  return [
    ...homeTicketLines('My open tickets', mine),
    ...homeTicketLines('Waiting for your answer (severity proposals, closure approvals)', waiting),
  ];
};
