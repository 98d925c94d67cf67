/**
 * The cast of the production access suites: two client orgs with their admins, a provider
 * engineer on the eligibility list, two access approvers, and an open ticket of org A.
 */
import type { Core } from '../../core/core.ts';
import { setAccessEligibility } from '../../core/access/index.ts';
import { acceptSeverity, openTicket } from '../../core/tickets/index.ts';
import { operator } from './core.ts';
import { makePerson } from './server.ts';
import { actorOf, makeTicketCast } from './tickets.ts';

export async function makeAccessCast(core: Core) {
  const cast = await makeTicketCast(core);
  const engineer = await makePerson(core, core.providerId!, ['agent']);
  const approver = await makePerson(core, core.providerId!, ['access_approver']);
  const secondApprover = await makePerson(core, core.providerId!, ['access_approver']);
  // An approver who may also request: self-approval must still be refused.
  const approvingEngineer = await makePerson(core, core.providerId!, ['agent', 'access_approver']);
  const aOwner = await makePerson(core, cast.a.id, ['contract_owner']);
  for (const person of [engineer, approvingEngineer]) {
    await core.execute(setAccessEligibility, operator(), { personId: person.id, eligible: true });
  }
  const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Reports are empty' });
  return { ...cast, engineer, approver, secondApprover, approvingEngineer, aOwner, ticket };
}

export type AccessCast = Awaited<ReturnType<typeof makeAccessCast>>;

/** An open ticket of the org whose URGENT severity both sides agreed. */
export async function urgentTicket(core: Core, cast: AccessCast) {
  const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Nothing loads', proposedSeverity: 'URGENT' });
  return core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
}

