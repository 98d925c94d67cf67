/**
 * What Slack shows of production access, after each access event has committed:
 * - the request card, one per place (`access:<id>:<place>`), posted when the request is made and
 *   edited in place at every later step, its buttons following the state:
 *     `approver:<personId>`  a DM to each provider access approver other than the requester;
 *     `channel:<channelId>`  the org's linked client channel (a Slack Connect shared channel), or,
 *     `admin:<personId>`     when the org has none, a DM to each of its client admins;
 *     `requester`            the requester's own DM: Cancel while pending, End now while active;
 * - the requester's DM on each decision, the grant, the expiry warning and every ending (not the
 *   ones they caused themselves: their card already says so);
 * - the client told at once when the provider's approval sufficed (URGENT under the org's policy);
 * - App Home of everyone concerned (the requester, the approvers, the client admins).
 * Uses, refusals, policy and eligibility changes have no Slack output.
 *
 * The audience is read from the directory at each event, as every rule renders from the current
 * state: an approver added while a request is open gets its card at its next step.
 */
import { eq } from 'drizzle-orm';
import { accessRequests } from '../../../db/schema.ts';
import { linkedChannels, slackUsersOf } from '../notifier/lookups.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { accessCard, requesterNotice, toldAtOnceText } from './presenters.ts';
import { accessCardViews, clientApprovers, providerApprovers } from './views.ts';

const LIFECYCLE = new Set([
  'access.requested',
  'access.approved',
  'access.denied',
  'access.granted',
  'access.cancelled',
  'access.timed_out',
  'access.expiry_warned',
  'access.expired',
  'access.ended',
  'access.revoked',
]);

export const accessCardKey = (requestId: string, place: string) => `access:${requestId}:${place}`;

export const accessNotifierRule: NotifierRule = async (event, { db, teamId }) => {
  if (event.subjectType !== 'access_request' || !LIFECYCLE.has(event.type)) return [];
  const [request] = await db.select().from(accessRequests).where(eq(accessRequests.id, event.subjectId));
  if (!request) return [];
  const [view] = await accessCardViews(db, [request]);
  const approvers = (await providerApprovers(db)).filter((id) => id !== request.requesterId);
  const admins = await clientApprovers(db, request.orgId);
  const [channel] = await linkedChannels(db, teamId, request.orgId, 'client');
  const users = await slackUsersOf(db, teamId, [request.requesterId, ...approvers, ...admins]);
  const requester = users.get(request.requesterId);
  const outputs: SlackOutput[] = [];

  // The warning changes nothing a card shows; everything else re-renders every card.
  if (event.type !== 'access.expiry_warned') {
    for (const personId of approvers) {
      const user = users.get(personId);
      if (user) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, `approver:${personId}`), channel: user, ...accessCard(view!, 'approver') });
    }
    if (channel) {
      outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, `channel:${channel}`), channel, ...accessCard(view!, 'channel') });
    } else {
      for (const personId of admins) {
        const user = users.get(personId);
        if (user) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, `admin:${personId}`), channel: user, ...accessCard(view!, 'admin') });
      }
    }
    if (requester) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, 'requester'), channel: requester, ...accessCard(view!, 'requester') });
  }

  const notice = event.actorId === request.requesterId ? undefined : requesterNotice(event.type, event.payload, view!);
  if (notice && requester) outputs.push({ kind: 'post', channel: requester, text: notice });

  if (event.type === 'access.granted' && event.payload.clientApproved === false) {
    const text = toldAtOnceText(view!);
    const places = channel ? [channel] : admins.flatMap((id) => users.get(id) ?? []);
    for (const place of places) outputs.push({ kind: 'post', channel: place, text });
  }

  if (event.type !== 'access.expiry_warned') {
    for (const personId of new Set([request.requesterId, ...approvers, ...admins])) outputs.push({ kind: 'home', personId });
  }
  return outputs;
};
