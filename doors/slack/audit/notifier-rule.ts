/**
 * The weekly checkpoint (`audit.checkpoint_published`) goes to the org's linked client channel (a
 * Slack Connect channel the client shares): a copy on the client's side that opsdesk cannot take back.
 */
import { PUBLISHED_ACTION } from '../../../core/audit/index.ts';
import { linkedChannels } from '../notifier/lookups.ts';
import type { NotifierRule } from '../notifier/types.ts';
import { checkpointPost, type PublishedCheckpoint } from './presenters.ts';

export const auditNotifierRule: NotifierRule = async (event, { db, teamId }) => {
  if (event.type !== PUBLISHED_ACTION || !event.orgId) return [];
  const post = checkpointPost(event.payload as unknown as PublishedCheckpoint);
  const channels = await linkedChannels(db, teamId, event.orgId, 'client');
  return channels.map((channel) => ({ kind: 'post' as const, channel, ...post }));
};
