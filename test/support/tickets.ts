/** The cast of the ticket suites: two client orgs, their people, provider staff (an agent, on-call). */
import type { PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { actorForPerson } from '../../core/directory/identity.ts';
import { makePerson, makeTenants } from './server.ts';

export async function makeTicketCast(core: Core) {
  const tenants = await makeTenants(core);
  return {
    ...tenants,
    aSecond: await makePerson(core, tenants.a.id, ['contact']),
    providerOncall: await makePerson(core, core.providerId!, ['oncall']),
    providerAdmin: await makePerson(core, core.providerId!, ['admin']),
  };
}

export async function actorOf(core: Core, personId: string, door: PersonActor['door'] = 'graphql'): Promise<PersonActor> {
  const actor = await actorForPerson(core.database.db, personId, door, `test-${Math.random().toString(36).slice(2)}`);
  if (!actor) throw new Error(`no person ${personId}`);
  return actor;
}
