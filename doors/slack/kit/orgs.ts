/** Where a Slack command or modal was opened from, in the directory's terms, as the person may see it. */
import type { Actor } from '../../../core/actor.ts';
import { channelLink, listOrgs } from '../../../core/directory/index.ts';
import type { SlackDeps } from '../context.ts';

/** The client org whose linked (Slack Connect) channel this is, when the actor may see that org. */
export async function clientOrgOfChannel(deps: SlackDeps, actor: Actor, teamId: string, channelId: string): Promise<string | undefined> {
  const link = await deps.core.read(channelLink, actor, { teamId: await deps.workspace.channelTeamId(teamId), channelId });
  return link?.purpose === 'client' ? link.org.id : undefined;
}

/** The client orgs the actor may choose from, by name (provider staff: every one). */
export async function clientOrgChoices(deps: SlackDeps, actor: Actor): Promise<Array<{ id: string; name: string }>> {
  return (await deps.core.read(listOrgs, actor, { kind: 'client' })).map((org) => ({ id: org.id, name: org.name }));
}
