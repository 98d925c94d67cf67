/** The directory's resolvers: orgs, people, tokens, channel links, Slack workspaces, an org's live domain events. */
import {
  addPerson,
  clearEmailBounce,
  emailBounceOf,
  claimSlackWorkspace,
  createApiToken,
  createOrg,
  followOrg,
  followTickets,
  followsTickets,
  getOrg,
  linkChannel,
  listOrgs,
  listPeople,
  me,
  notificationChoicesOf,
  releaseSlackWorkspace,
  removePerson,
  revokeApiToken,
  setNotificationChoice,
  setRoles,
  setPhone,
  phonesOfMembers,
  slackWorkspacesOfOrgs,
  tokensOfMembers,
  type ApiTokenView,
} from '../../../core/directory/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { liveSubscription } from '../kit/live.ts';
import { batchLoader, groupBy } from '../kit/loaders.ts';
import { channelPurposeEnum, orgKindEnum, roleEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';
import { notificationChannelsEnum, notificationKindEnum } from './models.ts';

/** Each org's workspaces, one query for every org of the operation. */
const workspacesOf = batchLoader((ctx, orgIds) => ctx.core.read(slackWorkspacesOfOrgs, ctx.actor, { orgIds: [...orgIds] }));

/**
 * Each person's tokens, one query per org for every person of the operation (keys are
 * `<orgId>/<personId>`: a person's tokens are shown as a member of one org).
 */
const tokensOf = batchLoader(async (ctx, keys) => {
  const found = new Map<string, ApiTokenView[] | OpsdeskError>();
  const byOrg = groupBy(
    keys.map((key) => key.split('/') as [string, string]),
    ([orgId]) => orgId,
  );
  for (const [orgId, pairs] of byOrg) {
    const answers = await ctx.core.read(tokensOfMembers, ctx.actor, { orgId, personIds: pairs.map(([, personId]) => personId) });
    for (const [personId, answer] of answers) found.set(`${orgId}/${personId}`, answer);
  }
  return found;
});

/** Each person's phone as the reader may see it, one query per org (keys `<orgId>/<personId>`). */
const phonesOf = batchLoader(async (ctx, keys) => {
  const found = new Map<string, string | null>();
  const byOrg = groupBy(
    keys.map((key) => key.split('/') as [string, string]),
    ([orgId]) => orgId,
  );
  for (const [orgId, pairs] of byOrg) {
    const answers = await ctx.core.read(phonesOfMembers, ctx.actor, { orgId, personIds: pairs.map(([, personId]) => personId) });
    for (const [personId, phone] of answers) found.set(`${orgId}/${personId}`, phone);
  }
  return found;
});

export const directoryResolvers: Resolvers = {
  Role: roleEnum,
  OrgKind: orgKindEnum,
  ChannelPurpose: channelPurposeEnum,
  NotificationKind: notificationKindEnum,
  NotificationChannels: notificationChannelsEnum,

  Query: {
    me: (_root, _args, { core, actor }) => core.read(me, actor, {}),
    orgs: (_root, _args, { core, actor }) => core.read(listOrgs, actor, {}),
    org: (_root, { id }, { core, actor }) => core.read(getOrg, actor, { orgId: id }),
    people: (_root, { orgId }, { core, actor }) => core.read(listPeople, actor, { orgId }),
  },

  Org: {
    // An org's workspaces, or the refusal its own query would give (the loader rejects with it).
    slackWorkspaces: async ({ id }, _args, ctx) => {
      const workspaces = await workspacesOf(ctx, id);
      if (workspaces instanceof Error) throw workspaces;
      return workspaces ?? [];
    },
  },

  Membership: {
    org: ({ org }) => org,
  },

  Person: {
    tokens: async ({ id, orgId }, _args, ctx) => {
      const tokens = await tokensOf(ctx, `${orgId}/${id}`);
      if (tokens instanceof Error) throw tokens;
      return tokens ?? [];
    },
    // For the person and the org's admins; null for anyone else who sees the person.
    notificationChoices: ({ id }, _args, { core, actor }) => orNullIfRefused(core.read(notificationChoicesOf, actor, { personId: id })),
    // For the org's admins; null for anyone else who sees the person.
    emailBouncing: ({ id }, _args, { core, actor }) => orNullIfRefused(core.read(emailBounceOf, actor, { personId: id })),
    phone: async ({ id, orgId }, _args, ctx) => (await phonesOf(ctx, `${orgId}/${id}`)) ?? null,
    followsTickets: ({ id, orgId }, _args, { core, actor }) => core.read(followsTickets, actor, { personId: id, orgId }),
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
    setPhone: (_root, { input }, { core, actor }) => core.execute(setPhone, actor, { personId: input.personId, phone: input.phone ?? null }),
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
    setNotificationChoice: (_root, { input }, { core, actor }) =>
      core.execute(setNotificationChoice, actor, { personId: input.personId ?? actor.id, kind: input.kind, channels: input.channels }),
    followTickets: (_root, { input }, { core, actor }) =>
      core.execute(followTickets, actor, { personId: input.personId ?? actor.id, orgId: input.orgId, follows: input.follows }),
    clearEmailBounce: async (_root, { personId }, { core, actor }) => {
      await core.execute(clearEmailBounce, actor, { personId });
      return true;
    },
  },

  Subscription: {
    events: {
      // Every event of the org that the read policy lets this person see, as the bus carries it.
      subscribe: (_root, { orgId }, ctx) =>
        liveSubscription(ctx, {
          subject: async (actor) => (await ctx.core.read(followOrg, actor, { orgId })).stillAllowed,
          topic: (event) => event.orgId === orgId,
        }),
      resolve: (event: DomainEvent) => event,
    },
  },
};

/** A read the actor may not make (FORBIDDEN, NOT_FOUND) is shown as null; anything else fails the field. */
async function orNullIfRefused<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof OpsdeskError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) return null;
    throw error;
  }
}
