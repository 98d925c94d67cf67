/** Which org a Slack workspace is: the provider's own, or one a client org said is its own. */
import { and, eq } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { channelLinks, memberships, orgs, slackIdentities, slackWorkspaces } from '../../../db/schema.ts';

/** The provider's own team, as the data knows it: channels are linked under it, provider staff are its users. */
export async function isProviderWorkspace(db: Queryable, teamId: string): Promise<boolean> {
  const [linked] = await db.select({ teamId: channelLinks.teamId }).from(channelLinks).where(eq(channelLinks.teamId, teamId)).limit(1);
  if (linked) return true;
  const [staff] = await db
    .select({ teamId: slackIdentities.teamId })
    .from(slackIdentities)
    .innerJoin(memberships, eq(memberships.personId, slackIdentities.personId))
    .innerJoin(orgs, and(eq(orgs.id, memberships.orgId), eq(orgs.kind, 'provider')))
    .where(eq(slackIdentities.teamId, teamId))
    .limit(1);
  return Boolean(staff);
}

/** Whether `teamId` is one of the org's own workspaces. */
export async function isWorkspaceOf(db: Queryable, orgId: string, teamId: string): Promise<boolean> {
  const [row] = await db
    .select({ teamId: slackWorkspaces.teamId })
    .from(slackWorkspaces)
    .where(and(eq(slackWorkspaces.teamId, teamId), eq(slackWorkspaces.orgId, orgId)));
  return Boolean(row);
}
