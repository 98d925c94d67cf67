/**
 * The Slack workspaces a client org says are its own. A Slack Connect channel can be shared by
 * several organisations at once; only users of the channel's org's own workspaces become its
 * contacts when they first act there (`registerSlackUser`). The org's client admins claim and
 * release their org's workspaces, the provider admin any org's, the CLI likewise; each on the
 * org's chain.
 *
 * A workspace belongs to one org at most, and never the provider's own: Slack Connect channels are
 * linked under the installation's (the provider's) team, and provider staff are its users.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { slackWorkspaces, type Org, type SlackWorkspace } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { SlackWorkspaceEvents } from './events.ts';
import { orgById, requireOrg } from './internal/lookups.ts';
import { isProviderWorkspace } from './internal/workspaces.ts';
import { slackIdSchema, uuidSchema } from './model.ts';
import { directoryPolicy, orgPolicy } from './policy.ts';

const workspaceInput = z.object({ orgId: uuidSchema, teamId: slackIdSchema });

function requireClientOrg(org: Org): void {
  if (org.kind !== 'client') {
    throw new OpsdeskError(
      'INVALID_INPUT',
      "only client organisations register Slack workspaces; the provider's own is the one opsdesk is installed in",
      { fields: { orgId: 'not a client organisation' } },
    );
  }
}

/**
 * Why `teamId` cannot become `org`'s. Whoever sees every org is told where it belongs; a client
 * admin learns nothing of other tenants, so "another org's" and "the provider's" read the same.
 */
async function refuseTaken(db: Queryable, actor: Actor, org: Org, teamId: string, heldBy: string | undefined): Promise<never> {
  if (directoryPolicy.may(actor, 'directory.read_all', null)) {
    const holder = heldBy ? await orgById(db, heldBy) : undefined;
    throw new OpsdeskError(
      'CONFLICT',
      holder
        ? `Slack workspace ${teamId} is already registered with ${holder.name}; release it there first`
        : `Slack workspace ${teamId} is the provider's own (channels are linked under it, or provider staff are its users)`,
    );
  }
  throw new OpsdeskError('CONFLICT', `Slack workspace ${teamId} cannot be registered with ${org.name}; ask the provider`);
}

export const claimSlackWorkspace = defineCommand({
  name: 'claimSlackWorkspace',
  input: workspaceInput,
  async run(ctx, input): Promise<SlackWorkspace> {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'slack_workspace.manage', org);
    requireClientOrg(org);
    const [held] = await ctx.tx.select().from(slackWorkspaces).where(eq(slackWorkspaces.teamId, input.teamId)).for('update');
    if (held?.orgId === org.id) {
      throw new OpsdeskError('CONFLICT', `Slack workspace ${input.teamId} is already registered with ${org.name}`);
    }
    if (held || (await isProviderWorkspace(ctx.tx, input.teamId))) {
      await refuseTaken(ctx.tx, ctx.actor, org, input.teamId, held?.orgId);
    }
    // Two claims racing: the primary key refuses the second, which the runner answers as CONFLICT.
    const [claimed] = await ctx.tx.insert(slackWorkspaces).values({ teamId: input.teamId, orgId: org.id }).returning();
    await ctx.record(SlackWorkspaceEvents.claimed(claimed!, { teamId: input.teamId }));
    return claimed!;
  },
});

/** Users of a released workspace who are already the org's people stay so; only newcomers are refused. */
export const releaseSlackWorkspace = defineCommand({
  name: 'releaseSlackWorkspace',
  input: workspaceInput,
  async run(ctx, input): Promise<SlackWorkspace> {
    const org = await requireOrg(ctx.tx, input.orgId);
    orgPolicy.authorize(ctx.actor, 'slack_workspace.manage', org);
    const [released] = await ctx.tx
      .delete(slackWorkspaces)
      .where(and(eq(slackWorkspaces.teamId, input.teamId), eq(slackWorkspaces.orgId, org.id)))
      .returning();
    if (!released) throw new OpsdeskError('NOT_FOUND', `Slack workspace ${input.teamId} is not registered with ${org.name}`);
    await ctx.record(SlackWorkspaceEvents.released(released, { teamId: input.teamId, claimedAt: released.createdAt.toISOString() }));
    return released;
  },
});
