/** What resolvers return for each GraphQL object type (codegen "mappers"). */
import type { ActorMembership } from '../../../core/actor.ts';
import type { ApiTokenView, EmailBounceView, NotificationChoiceView } from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { ChannelLink as ChannelLinkRow, Org, Person, SlackIdentityRow } from '../../../core/directory/index.ts';

export type OrgModel = Org;
export type MembershipModel = ActorMembership & { org: Org };
export type MeModel = Person & { memberships: ActorMembership[]; slack: Pick<SlackIdentityRow, 'teamId' | 'userId'>[] };
export type PersonModel = Pick<Person, 'id' | 'name' | 'email'> & { orgId: string; roles: string[] };
export type ApiTokenModel = ApiTokenView;
/** The audit trail's: codegen.ts names it here. */
export type DomainEventModel = DomainEvent;
export type ChannelLinkModel = Pick<ChannelLinkRow, 'teamId' | 'channelId' | 'orgId' | 'purpose'> & { movedFromOrgId?: string | null };
export const notificationKindEnum = { TICKET: 'ticket', ACCESS: 'access', AUDIT: 'audit' } as const;
export const notificationChannelsEnum = { SLACK: 'slack', EMAIL: 'email', BOTH: 'both' } as const;
export type NotificationChoiceModel = NotificationChoiceView;
export type EmailBounceModel = EmailBounceView;
