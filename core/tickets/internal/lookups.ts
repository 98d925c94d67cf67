/** The tickets' own lookups, for their commands and queries. */
import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../../db/client.ts';
import { memberships, tickets, type TicketRow } from '../../../db/schema.ts';
import type { Actor } from '../../actor.ts';
import { holdsARole } from '../../directory/index.ts';
import { isUuid } from '../../directory/index.ts';
import { ticketPolicy } from '../policy.ts';

/** A ticket the actor may see, locked for the command's transaction; otherwise NOT_FOUND. */
export async function lockTicket(tx: Tx, actor: Actor, ticketId: string): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw ticketPolicy.notFound();
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  return ticketPolicy.visible(actor, ticket);
}

/** A ticket the actor may see; otherwise NOT_FOUND. */
export async function visibleTicket(db: Queryable, actor: Actor, ticketId: string): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw ticketPolicy.notFound();
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  return ticketPolicy.visible(actor, ticket);
}

/** The ticket with what the closing rules need to know: whether its initiator is still a member of its org. */
export async function withInitiatorMembership(db: Queryable, ticket: TicketRow): Promise<TicketRow & { initiatorIsMember: boolean }> {
  const [member] = await db
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.orgId, ticket.orgId), eq(memberships.personId, ticket.initiatorId), holdsARole));
  return { ...ticket, initiatorIsMember: Boolean(member) };
}
