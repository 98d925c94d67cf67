/**
 * Offboarding: a person leaves an org. Their membership goes; when it was their last, their API
 * tokens are revoked and their Slack identities unlinked, so no door lets them in again. The person
 * row stays, so tickets, decisions and audit events they made keep naming them. Open connections end
 * through the `person.removed` and `api_token.revoked` events (server/sessions.ts).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { apiTokens, memberships, people, slackIdentities } from '../../db/schema.ts';
import type { Role } from '../actor.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { ApiTokenEvents, PersonEvents } from './events.ts';
import { endSessions } from './sessions.ts';
import { requireOrg } from './internal/lookups.ts';
import { keepAProviderAdmin, lockMembership } from './internal/memberships.ts';
import { uuidSchema } from './model.ts';
import { orgPolicy } from './policy.ts';

export const removePerson = defineCommand({
  name: 'removePerson',
  input: z.object({
    orgId: uuidSchema,
    personId: uuidSchema,
    reason: z.string().trim().max(500).optional(),
  }),
  async run(ctx, input) {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'org.manage', org);
    const member = await lockMembership(ctx.tx, org.id, input.personId);
    await keepAProviderAdmin(ctx.tx, org, member, []);
    await ctx.tx.delete(memberships).where(and(eq(memberships.personId, input.personId), eq(memberships.orgId, org.id)));
    const [elsewhere] = await ctx.tx.select({ orgId: memberships.orgId }).from(memberships).where(eq(memberships.personId, input.personId)).limit(1);

    // A person who still belongs to another org keeps the credentials they use there. (Whether they
    // do is another tenant's business: nothing below tells this org's trail.)
    const revoked = elsewhere ? { tokens: [], slack: [] } : await revokeEverywhere(ctx, input.personId);
    // Their console sessions end too, each with its own event (after the person's, below).
    const endsSessions = !elsewhere;
    const [person] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, input.personId));
    await ctx.record(
      PersonEvents.removed(
        { orgId: org.id, personId: input.personId },
        { name: person?.name ?? null, roles: member.roles as Role[], reason: input.reason ?? null, unlinkedSlack: revoked.slack },
      ),
    );
    for (const token of revoked.tokens) {
      await ctx.record(
        ApiTokenEvents.revoked({ id: token.id, orgId: org.id }, { personId: input.personId, label: token.label, reason: 'person removed' }),
      );
    }
    if (endsSessions) await endSessions(ctx, { personId: input.personId, orgId: org.id }, 'person removed');
    return { personId: input.personId, orgId: org.id };
  },
});

/** Revoke every API token of the person and unlink their Slack identities. */
async function revokeEverywhere(ctx: CommandContext, personId: string) {
  const tokens = await ctx.tx
    .update(apiTokens)
    .set({ revokedAt: ctx.now })
    .where(and(eq(apiTokens.personId, personId), eq(apiTokens.kind, 'api'), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, label: apiTokens.label });
  for (const token of tokens) await ctx.cancelTimers(`api_token:${token.id}:expire`);
  const slack = await ctx.tx
    .update(slackIdentities)
    .set({ unlinkedAt: ctx.now })
    .where(and(eq(slackIdentities.personId, personId), isNull(slackIdentities.unlinkedAt)))
    .returning({ teamId: slackIdentities.teamId, userId: slackIdentities.userId });
  return { tokens, slack };
}
