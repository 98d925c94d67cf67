import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { channelLinks, memberships, orgs, people, slackIdentities, type Org, type Person } from '../../db/schema.ts';
import type { Role } from '../actor.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { PersonEvents } from './events.ts';
import { slackIdentityOf } from './internal/identity.ts';
import { emailTakenInOrg, requireOrg, requireProviderOrg } from './internal/lookups.ts';
import { keepAProviderAdmin, lockMembership } from './internal/memberships.ts';
import { isWorkspaceOf } from './internal/workspaces.ts';
import { checkRolesFit, emailSchema, nameSchema, roleSchema, slackIdSchema, uuidSchema } from './model.ts';
import { orgPolicy } from './policy.ts';

const slackIdentitySchema = z.object({ teamId: slackIdSchema, userId: slackIdSchema });

/**
 * Add a person to an org. A client admin always adds a new person of their own org, and learns
 * nothing of other tenants: emails are unique within an org only (CONFLICT means someone of this
 * org has it), and a Slack identity they give must be of one of the org's own workspaces. Only
 * the provider's admins and the CLI add an existing person (`personId`) to a further org.
 */
export const addPerson = defineCommand({
  name: 'addPerson',
  input: z
    .object({
      orgId: uuidSchema,
      /** An existing person to add to this org as well (the provider only); no name or email then. */
      personId: uuidSchema.optional(),
      name: nameSchema.optional(),
      email: emailSchema.optional(),
      roles: z.array(roleSchema).max(10).default([]),
      slack: slackIdentitySchema.optional(),
    })
    .superRefine((input, issues) => {
      if (input.personId && (input.name !== undefined || input.email !== undefined)) {
        issues.addIssue({ code: 'custom', path: ['personId'], message: "an existing person keeps their name and email; give personId alone" });
      }
      if (!input.personId && input.name === undefined) issues.addIssue({ code: 'custom', path: ['name'], message: 'a new person needs a name' });
    }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'org.manage', org);
    const roles = unique<Role>(input.roles.length ? input.roles : org.kind === 'client' ? ['contact'] : []);
    checkRolesFit(org, roles);
    // Asked before anything is looked up, so a client admin learns nothing about the id they gave.
    if (input.personId) orgPolicy.authorize(ctx.actor, 'person.add_existing', org);
    // One add at a time per org: the per-org email rule is checked here, not by an index.
    await ctx.tx.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, org.id)).for('no key update');

    const existing = input.personId ? await requireAttachable(ctx, org, input.personId) : undefined;
    const email = existing ? existing.email : input.email;
    if (email && (await emailTakenInOrg(ctx.tx, org.id, email))) {
      throw new OpsdeskError('CONFLICT', `${email} is already a member of ${org.name}`);
    }
    const knownSlack = input.slack && (await slackIdentityOf(ctx.tx, input.slack.teamId, input.slack.userId));
    if (input.slack) {
      if (!orgPolicy.may(ctx.actor, 'slack_identity.link_any', org) && !(await isWorkspaceOf(ctx.tx, org.id, input.slack.teamId))) {
        throw new OpsdeskError(
          'INVALID_INPUT',
          `Slack workspace ${input.slack.teamId} is not one of ${org.name}'s; register it with the organisation first`,
          { fields: { 'slack.teamId': 'not a Slack workspace of this organisation' } },
        );
      }
      // A removed person's identity is unlinked, not gone: it may be linked anew (below).
      if (knownSlack && !knownSlack.unlinkedAt) {
        throw new OpsdeskError('CONFLICT', 'that Slack user is already linked to a person');
      }
    }
    const person = existing ?? (await ctx.tx.insert(people).values({ name: input.name!, email }).returning())[0]!;
    await ctx.tx.insert(memberships).values({ personId: person.id, orgId: org.id, roles });
    if (input.slack && knownSlack) {
      // A removed person's Slack user, added again: the unlinked identity is linked anew.
      await ctx.tx
        .update(slackIdentities)
        .set({ personId: person.id, unlinkedAt: null })
        .where(and(eq(slackIdentities.teamId, input.slack.teamId), eq(slackIdentities.userId, input.slack.userId)));
    } else if (input.slack) {
      await ctx.tx.insert(slackIdentities).values({ ...input.slack, personId: person.id });
    }
    await ctx.record(
      PersonEvents.added(
        { orgId: org.id, personId: person.id },
        { name: person.name, email: person.email, roles, slack: input.slack ?? null, existingPerson: Boolean(existing) },
      ),
    );
    return { ...person, orgId: org.id, roles };
  },
});

/** The existing person the provider adds to a further org: they exist and are not a member yet. */
async function requireAttachable(ctx: CommandContext, org: Org, personId: string): Promise<Person> {
  const [person] = await ctx.tx.select().from(people).where(eq(people.id, personId));
  if (!person) throw new OpsdeskError('NOT_FOUND', 'person not found');
  const [member] = await ctx.tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, person.id), eq(memberships.orgId, org.id)));
  if (member) throw new OpsdeskError('CONFLICT', `${person.name} is already a member of ${org.name}`);
  return person;
}

export const setRoles = defineCommand({
  name: 'setRoles',
  input: z.object({ orgId: uuidSchema, personId: uuidSchema, roles: z.array(roleSchema).max(10) }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'org.manage', org);
    const roles = unique(input.roles);
    checkRolesFit(org, roles);
    const member = await lockMembership(ctx.tx, org.id, input.personId);
    await keepAProviderAdmin(ctx.tx, org, member, roles);
    await ctx.tx
      .update(memberships)
      .set({ roles })
      .where(and(eq(memberships.personId, input.personId), eq(memberships.orgId, org.id)));
    await ctx.record(PersonEvents.rolesSet({ orgId: org.id, personId: input.personId }, { before: member.roles as Role[], after: roles }));
    const [person] = await ctx.tx.select().from(people).where(eq(people.id, input.personId));
    return { ...person!, orgId: org.id, roles };
  },
});

/** `details.refusal` of registerSlackUser's FORBIDDEN when the user's workspace is not the channel org's. */
export const WORKSPACE_NOT_REGISTERED = 'slack_workspace_not_registered';

/**
 * A Slack user seen for the first time: a user of the provider's team becomes provider staff
 * without roles (an admin gives them); a user of one of a client org's own workspaces, acting in a
 * channel linked to that org, becomes a `contact` of it. Anyone else (a user of another workspace
 * in a shared channel, anyone in an unlinked channel) is refused and nothing is stored.
 * Runs as the system on the Slack door; the caller has verified Slack's signature and looked the
 * identity up first (a known identity is a CONFLICT: the caller then reads it again).
 */
export const registerSlackUser = defineCommand({
  name: 'registerSlackUser',
  input: z.object({
    teamId: slackIdSchema,
    userId: slackIdSchema,
    name: nameSchema,
    providerTeamId: slackIdSchema.optional(),
    channel: z.object({ teamId: slackIdSchema, channelId: slackIdSchema }).optional(),
  }),
  async run(ctx, input) {
    // Callers look the identity up first; two first interactions racing each other end here.
    const known = await slackIdentityOf(ctx.tx, input.teamId, input.userId);
    if (known && !known.unlinkedAt) throw new OpsdeskError('CONFLICT', 'this Slack user is already registered');
    // Removed by an admin: only an admin adds them again, not their own next message.
    if (known) throw new OpsdeskError('FORBIDDEN', 'you were removed from opsdesk; ask an admin of your organisation to add you again');
    let orgId: string;
    let roles: Role[];
    if (input.providerTeamId && input.teamId === input.providerTeamId) {
      orgId = (await requireProviderOrg(ctx.tx)).id;
      roles = [];
    } else {
      const [link] = input.channel
        ? await ctx.tx
            .select()
            .from(channelLinks)
            .where(and(eq(channelLinks.teamId, input.channel.teamId), eq(channelLinks.channelId, input.channel.channelId)))
        : [];
      if (!link || link.purpose !== 'client') {
        throw new OpsdeskError('FORBIDDEN', 'opsdesk only works in channels linked to your organisation');
      }
      // A Slack Connect channel can be shared by several organisations: only users of the org's
      // own workspaces become its contacts.
      if (!(await isWorkspaceOf(ctx.tx, link.orgId, input.teamId))) {
        const org = await requireOrg(ctx.tx, link.orgId);
        throw new OpsdeskError('FORBIDDEN', `your Slack workspace is not registered with ${org.name}`, {
          refusal: WORKSPACE_NOT_REGISTERED,
        });
      }
      orgId = link.orgId;
      roles = ['contact'];
    }
    const [person] = await ctx.tx.insert(people).values({ name: input.name }).returning();
    await ctx.tx.insert(memberships).values({ personId: person!.id, orgId, roles });
    await ctx.tx.insert(slackIdentities).values({ teamId: input.teamId, userId: input.userId, personId: person!.id });
    await ctx.record(
      PersonEvents.registeredFromSlack(
        { orgId, personId: person!.id },
        { name: person!.name, teamId: input.teamId, userId: input.userId, roles, channel: input.channel ?? null },
      ),
    );
    return { personId: person!.id };
  },
});

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
