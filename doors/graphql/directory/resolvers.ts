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
import { followOrg, getOrg, listOrgs, listPeople, listSlackWorkspaces, listTokens, me } from '../../../core/directory/index.ts';
import { listAuditEvents, verifyAuditTrail } from '../../../core/audit/queries.ts';
import { liveSubscription } from '../kit/live.ts';
import { channelPurposeEnum, orgKindEnum, roleEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';

export const directoryResolvers: Resolvers = {
  Role: roleEnum,
  OrgKind: orgKindEnum,
  ChannelPurpose: channelPurposeEnum,

  Query: {
    me: (_root, _args, { core, actor }) => core.read(me, actor, {}),
    orgs: (_root, _args, { core, actor }) => core.read(listOrgs, actor, {}),
    org: (_root, { id }, { core, actor }) => core.read(getOrg, actor, { orgId: id }),
    people: (_root, { orgId }, { core, actor }) => core.read(listPeople, actor, { orgId }),
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
    slackWorkspaces: ({ id }, _args, { core, actor }) => core.read(listSlackWorkspaces, actor, { orgId: id }),
  },

  Membership: {
    org: ({ org }) => org,
  },

  Person: {
    tokens: ({ id, orgId }, _args, { core, actor }) => core.read(listTokens, actor, { orgId, personId: id }),
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
          subject: async (actor) => (await ctx.core.read(followOrg, actor, { orgId })).stillAllowed,
          topic: (event) => event.orgId === orgId,
        }),
      resolve: (event: unknown) => event as never,
    },
  },
};
