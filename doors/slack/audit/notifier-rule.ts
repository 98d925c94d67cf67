/**
 * The weekly checkpoint (`AuditEvents.checkpointPublished`) goes to the org's linked client channel
 * (a Slack Connect channel the client shares): a copy on the client's side that opsdesk cannot take back.
 */
import { AuditEvents } from '../../../core/audit/index.ts';
import { linkedChannels } from '../../../core/directory/index.ts';
import type { NotifierRule } from '../notifier/types.ts';
import { checkpointPost } from './presenters.ts';

export const auditNotifierRule: NotifierRule = async (event, ctx) => {
  if (!AuditEvents.checkpointPublished.is(event) || !event.orgId) return [];
  const post = checkpointPost(event.payload);
  const channels = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: event.orgId, purpose: 'client' });
  return channels.map((channel) => ({ kind: 'post' as const, channel, ...post }));
};
