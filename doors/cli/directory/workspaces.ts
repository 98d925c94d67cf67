/**
 * `workspace add|remove|list`: which Slack workspaces are a client org's own, so that only their
 * users become the org's contacts in a shared Slack channel. Each change is one core command.
 */
import { claimSlackWorkspace, listAllSlackWorkspaces, releaseSlackWorkspace } from '../../../core/directory/index.ts';
import { parseFlags, required } from '../kit/args.ts';
import { ensureProvider } from '../kit/provider.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { table } from '../kit/output.ts';
import { orgForSlug } from './people.ts';
import { WORKSPACE_USAGE } from './index.ts';


function change(command: typeof claimSlackWorkspace | typeof releaseSlackWorkspace, usage: string, done: string) {
  return async (args: string[], cli: CliSession): Promise<number> => {
    const flags = parseFlags(args, { org: { type: 'string' }, team: { type: 'string' } }, usage);
    const slug = required(flags.org, 'org', usage);
    const teamId = required(flags.team, 'team', usage).trim();
    return cli.withCore(async (ctx) => {
      await ensureProvider(ctx);
      const org = await orgForSlug(ctx, slug);
      const workspace = await ctx.core.execute(command, ctx.actor, { orgId: org.id, teamId });
      process.stdout.write(`Slack workspace ${workspace.teamId} ${done} ${org.name} (${org.slug})\n`);
      return 0;
    });
  };
}

export const workspaceAdd = change(claimSlackWorkspace, WORKSPACE_USAGE.add, 'is now registered with');
export const workspaceRemove = change(releaseSlackWorkspace, WORKSPACE_USAGE.remove, 'is no longer registered with');

export async function workspaceList(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' } }, WORKSPACE_USAGE.list);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const slug = flags.org === undefined ? undefined : (await orgForSlug(ctx, flags.org)).slug;
    const rows = await ctx.core.read(listAllSlackWorkspaces, ctx.actor, { orgSlug: slug });
    if (rows.length === 0) {
      process.stdout.write(slug ? `${slug} has no Slack workspaces registered\n` : 'no Slack workspaces are registered\n');
      return 0;
    }
    process.stdout.write(table(['TEAM', 'ORG', 'SINCE'], rows.map((w) => [w.teamId, w.orgSlug, w.createdAt.toISOString()])));
    return 0;
  });
}
