/**
 * Who may do what with a ticket. Seeing a ticket is seeing its org: provider staff see every org's,
 * client people their own org's; anyone else is told the ticket does not exist. Acting depends on
 * the side the person is on (provider staff and the system act for the provider, members of the
 * client org for the client), and closing on being the ticket's initiator: when the initiator is no
 * longer a member of the org (removed, or left without a role), or was provider staff opening on the
 * client's behalf, the org's client admins stand in.
 */
import { CLIENT_ADMIN_ROLES, rolesIn, type Actor } from '../actor.ts';
import { canSee, definePolicy, isProviderAdmin, isProviderStaff, isSystem, type OrgRef } from '../policy.ts';
import type { Side } from './model.ts';

/** The side an actor acts on: provider staff (and the system) for the provider, members for the client. */
export function sideOf(actor: Actor): Side {
  return isSystem(actor) || isProviderStaff(actor) ? 'provider' : 'client';
}

/** What the rules need to know of a ticket. */
export interface TicketSubject {
  orgId: string;
  key: string;
  initiatorId: string;
  /** Whether the initiator still holds a role in the ticket's org (read by the command that asks). */
  initiatorIsMember?: boolean;
}

const seesTicket = (actor: Actor, ticket: { orgId: string }) => canSee(actor, { id: ticket.orgId, kind: 'client' });
const providerSide = (actor: Actor) => sideOf(actor) === 'provider';
const isClientAdminOf = (actor: Actor, orgId: string) => rolesIn(actor, orgId).some((r) => (CLIENT_ADMIN_ROLES as readonly string[]).includes(r));

/** The initiator closes; a client admin of the org stands in once the initiator is no longer a member. */
const closesIt = (actor: Actor, ticket: TicketSubject) =>
  isSystem(actor) ||
  (actor.type === 'person' && actor.id === ticket.initiatorId) ||
  (ticket.initiatorIsMember === false && isClientAdminOf(actor, ticket.orgId));

const notTheCloser = (what: string) => (ticket: TicketSubject) =>
  ticket.initiatorIsMember === false
    ? `only a client admin of the ticket's organisation can ${what} now that its initiator has left`
    : `only the person who opened ${ticket.key} can ${what}`;

export const ticketPolicy = definePolicy<TicketSubject, 'ticket.assign' | 'ticket.move' | 'ticket.approve_closure' | 'ticket.reopen'>({
  sees: seesTicket,
  notFound: 'ticket not found',
  rules: {
    'ticket.assign': { allow: providerSide, refusal: "only the provider's support staff can assign tickets" },
    'ticket.move': {
      allow: providerSide,
      refusal: "only the provider's support staff can move a ticket's status; you can reply, approve the closure or reopen",
    },
    'ticket.approve_closure': { allow: closesIt, refusal: notTheCloser('approve the closure') },
    'ticket.reopen': { allow: closesIt, refusal: notTheCloser('reopen it') },
  },
});

/** An org's response targets: the provider's admins set them. */
export const slaTargetPolicy = definePolicy<OrgRef, 'sla_target.set'>({
  sees: canSee,
  notFound: 'organisation not found',
  rules: {
    'sla_target.set': { allow: (actor) => isSystem(actor) || isProviderAdmin(actor), refusal: "only the provider's admins set SLA targets" },
  },
});
