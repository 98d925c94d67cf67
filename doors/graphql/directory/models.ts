/** What resolvers return for each GraphQL object type (codegen "mappers"). */
import type { ActorMembership } from '../../../core/actor.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { ApiToken, AuditEventRow, ChannelLink as ChannelLinkRow, Org, Person, SlackIdentityRow } from '../../../db/schema.ts';

export type OrgModel = Org;
export type MembershipModel = ActorMembership & { org: Org };
export type MeModel = Person & { memberships: ActorMembership[]; slack: Pick<SlackIdentityRow, 'teamId' | 'userId'>[] };
export type PersonModel = Pick<Person, 'id' | 'name' | 'email'> & { orgId: string; roles: string[] };
export type ApiTokenModel = Omit<ApiToken, 'tokenHash' | 'personId'>;
export type AuditEventModel = AuditEventRow;
export type DomainEventModel = DomainEvent;
export type ChannelLinkModel = Pick<ChannelLinkRow, 'teamId' | 'channelId' | 'orgId' | 'purpose'> & { movedFromOrgId?: string | null };
