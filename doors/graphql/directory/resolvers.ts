/** The directory's resolvers: orgs, people, tokens, channel links, the audit trail, raw domain events. */
import {
  addPerson,
  claimSlackWorkspace,
  createApiToken,
  createOrg,
  linkChannel,
  releaseSlackWorkspace,
  removePerson,
  revokeApiToken,
  setRoles,
} from '../../../core/directory/index.ts';
import { getOrg, listOrgs, listPeople, listSlackWorkspaces, listTokens, me } from '../../../core/directory/queries.ts';
import { listAuditEvents, verifyAuditTrail } from '../../../core/audit/queries.ts';
import { orgById } from '../../../core/directory/lookups.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { liveSubscription, stillAuthorized } from '../kit/live.ts';
import { channelPurposeEnum, orgKindEnum, roleEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';

export const directoryResolvers: Resolvers = {
  Role: roleEnum,
  OrgKind: orgKindEnum,
  ChannelPurpose: channelPurposeEnum,

  Query: {
    me: (_root, _args, { core, actor }) => me(core.database.db, actor),
    orgs: (_root, _args, { core, actor }) => listOrgs(core.database.db, actor),
    org: (_root, { id }, { core, actor }) => getOrg(core.database.db, actor, id),
    people: (_root, { orgId }, { core, actor }) => listPeople(core.database.db, actor, orgId),
    auditEvents: async (_root, { filter, first, after }, { core, actor }) => {
      const page = await listAuditEvents(
        core.database.db,
        actor,
        {
          orgId: filter?.orgId ?? undefined,
          action: filter?.action ?? undefined,
          subjectId: filter?.subjectId ?? undefined,
          actorId: filter?.actorId ?? undefined,
          since: filter?.since ?? undefined,
          until: filter?.until ?? undefined,
        },
        first ?? 50,
        after ?? undefined,
      );
      return { nodes: page.events, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
    verifyAuditTrail: (_root, { orgId, checkpoint }, { core, actor }) =>
      verifyAuditTrail(core.database.db, actor, orgId, { checkpoint: checkpoint ?? undefined, key: core.audit.key }),
  },

  Org: {
    slackWorkspaces: ({ id }, _args, { core, actor }) => listSlackWorkspaces(core.database.db, actor, id),
  },

  Membership: {
    org: async ({ orgId }, _args, { core }) => {
      const org = await orgById(core.database.db, orgId);
      if (!org) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
      return org;
    },
  },

  Person: {
    tokens: ({ id, orgId }, _args, { core, actor }) => listTokens(core.database.db, actor, orgId, id),
  },

  Mutation: {
    createOrg: (_root, { input }, { core, actor }) => core.execute(createOrg, actor, input),
    addPerson: (_root, { input }, { core, actor }) =>
      core.execute(addPerson, actor, {
        orgId: input.orgId,
        personId: input.personId ?? undefined,
        name: input.name ?? undefined,
        email: input.email ?? undefined,
        roles: input.roles ?? undefined,
        slack: input.slack ?? undefined,
      }),
    setRoles: (_root, { input }, { core, actor }) => core.execute(setRoles, actor, input),
    removePerson: (_root, { input }, { core, actor }) =>
      core.execute(removePerson, actor, { orgId: input.orgId, personId: input.personId, reason: input.reason ?? undefined }),
    linkChannel: (_root, { input }, { core, actor }) =>
      core.execute(linkChannel, actor, { ...input, purpose: input.purpose ?? undefined }),
    claimSlackWorkspace: (_root, { input }, { core, actor }) => core.execute(claimSlackWorkspace, actor, input),
    releaseSlackWorkspace: (_root, { input }, { core, actor }) => core.execute(releaseSlackWorkspace, actor, input),
    createApiToken: async (_root, { input }, { core, actor }) => {
      const { token, ...apiToken } = await core.execute(createApiToken, actor, {
        personId: input.personId ?? actor.id,
        label: input.label ?? undefined,
        expiresAt: input.expiresAt ?? undefined,
      });
      return { token, apiToken };
    },
    revokeApiToken: (_root, { id }, { core, actor }) => core.execute(revokeApiToken, actor, { tokenId: id }),
  },

  Subscription: {
    events: {
      // Every event of the org that the read policy lets this person see.
      subscribe: (_root, { orgId }, ctx) =>
        liveSubscription(ctx, {
          subject: async (actor) => stillAuthorized('org.read', await getOrg(ctx.core.database.db, actor, orgId)),
          topic: (event) => event.orgId === orgId,
        }),
      resolve: (event: unknown) => event as never,
    },
  },
};
