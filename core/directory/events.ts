/**
 * The directory's domain events, who may read each on a stream, and which of them change what a
 * credential allows (so that open connections follow the change at once).
 */
import { mayInOrg, readersOfOrg, sameRule } from '../events/read-rules.ts';
import type { DomainEvent } from '../events/bus.ts';
import { typesOf, type EventDeclarations, type ReadRule } from '../events/catalogue.ts';
import { orgPolicy } from './policy.ts';

/** A token's events: for whoever manages the org's people, and for the token's own person. */
const tokenReaders: ReadRule = (actor, event) =>
  (actor.type === 'person' && event.payload.personId === actor.id) || mayInOrg(orgPolicy, 'org.manage')(actor, event);

export const DIRECTORY_EVENTS: EventDeclarations = {
  ...sameRule(['org.bootstrapped', 'org.created'], readersOfOrg),
  // The org's people are listed to every member (`people(orgId)`), so are their changes.
  ...sameRule(['person.added', 'person.roles_set', 'person.registered_from_slack', 'person.removed'], readersOfOrg),
  'channel.linked': mayInOrg(orgPolicy, 'org.manage'),
  // `Org.slackWorkspaces` is read by whoever sees the org.
  ...sameRule(['slack_workspace.claimed', 'slack_workspace.released'], readersOfOrg),
  ...sameRule(['api_token.created', 'api_token.revoked', 'api_token.expired'], tokenReaders),
};

export const DIRECTORY_EVENT_TYPES = typesOf(DIRECTORY_EVENTS);

/** What an event changes about credentials: tokens that stopped working, people whose rights changed. */
export interface CredentialChange {
  tokenIds: string[];
  personIds: string[];
}

export function credentialChangeOf(event: DomainEvent): CredentialChange | undefined {
  switch (event.type) {
    case 'api_token.revoked':
    case 'api_token.expired':
      return { tokenIds: [event.subjectId], personIds: [] };
    case 'person.added':
    case 'person.roles_set':
    case 'person.removed':
      return { tokenIds: [], personIds: [event.subjectId] };
    default:
      return undefined;
  }
}
