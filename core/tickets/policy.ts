/**
 * Who may do what with a ticket. Seeing a ticket is seeing its org (provider staff, or members of
 * the ticket's client org); acting depends on the side the person is on, and for closure on being
 * the ticket's initiator.
 */
import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { memberships, tickets, type TicketRow } from '../../db/schema.ts';
import { CLIENT_ADMIN_ROLES, rolesIn, type Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { canSee, isProviderStaff, isSystem } from '../policy.ts';
import { holdsARole } from '../directory/identity.ts';
import { isUuid } from '../directory/lookups.ts';
import type { Side } from './model.ts';

export const ticketNotFound = () => new OpsdeskError('NOT_FOUND', 'ticket not found');

export function canSeeTicket(actor: Actor, ticket: { orgId: string }): boolean {
  return canSee(actor, { id: ticket.orgId, kind: 'client' });
}

/** The side an actor acts on: provider staff (and the system) for the provider, members for the client. */
export function sideOf(actor: Actor): Side {
  return isSystem(actor) || isProviderStaff(actor) ? 'provider' : 'client';
}

/** A ticket the actor may see, locked for the command's transaction; otherwise NOT_FOUND. */
export async function ticketForCommand(tx: Tx, actor: Actor, ticketId: string): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!ticket || !canSeeTicket(actor, ticket)) throw ticketNotFound();
  return ticket;
}

export async function ticketForQuery(db: Queryable, actor: Actor, ticketId: string): Promise<TicketRow> {
  if (!isUuid(ticketId)) throw ticketNotFound();
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket || !canSeeTicket(actor, ticket)) throw ticketNotFound();
  return ticket;
}

export function requireProviderSide(actor: Actor, what: string): void {
  if (sideOf(actor) !== 'provider') {
    throw new OpsdeskError('FORBIDDEN', `only the provider's support staff can ${what}`);
  }
}

/**
 * Approving closure and reopening belong to the initiator; when the initiator is no longer a
 * member of the org (removed, or left without a role), or was provider staff opening on the client's
 * behalf, to its client admins.
 */
export async function requireInitiatorOrStandIn(tx: Tx, actor: Actor, ticket: TicketRow, what: string): Promise<void> {
  if (isSystem(actor)) return;
  if (actor.type === 'person' && actor.id === ticket.initiatorId) return;
  const [initiatorMembership] = await tx
    .select({ personId: memberships.personId })
    .from(memberships)
    .where(and(eq(memberships.orgId, ticket.orgId), eq(memberships.personId, ticket.initiatorId), holdsARole));
  const isAdmin = rolesIn(actor, ticket.orgId).some((r) => (CLIENT_ADMIN_ROLES as readonly string[]).includes(r));
  if (!initiatorMembership && isAdmin) return;
  throw new OpsdeskError(
    'FORBIDDEN',
    initiatorMembership
      ? `only the person who opened ${ticket.key} can ${what}`
      : `only a client admin of the ticket's organisation can ${what} now that its initiator has left`,
  );
}
