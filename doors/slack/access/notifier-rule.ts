/**
 * What Slack shows of production access, after each event of a request has committed:
 * - the request card, one per place (`access:<id>:<place>`), posted when the request is made and
 *   edited in place at every later step, its buttons following the state:
 *     `approver:<personId>`  a DM to each person who decides for the provider (its access approvers but the requester);
 *     `channel:<channelId>`  the org's linked client channel (a Slack Connect shared channel), or,
 *     `admin:<personId>`     when the org has none, a DM to each person who decides for the client (its admins);
 *     `requester`            the requester's own DM: Cancel while pending, End now while active;
 * - the requester's DM on each decision, the grant, the expiry warning and every ending (not the
 *   ones they caused themselves: their card already says so);
 * - the client told at once when the provider's approval sufficed (URGENT under the org's policy);
 * - App Home of everyone concerned (the requester and the deciders of both sides).
 * The DMs go to the people who want access messages in Slack (their notification choice, or the
 * default, core/directory/notifications.ts): someone who chose email alone gets mail instead.
 * Uses, refusals, policy and eligibility changes have no Slack output.
 *
 * Everything is read through core queries at each event, as every rule renders from the current
 * state: who decides comes from the access policy's own rule, so an approver added while a request
 * is open gets its card at its next step.
 */
import { accessCard, accessCardAudience, AccessEvents } from '../../../core/access/index.ts';
import { linkedChannels, slackUsers } from '../../../core/directory/index.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { cardMessage, requesterNotice, toldAtOnceText } from './presenters.ts';

export const accessCardKey = (requestId: string, place: string) => `access:${requestId}:${place}`;

export const accessNotifierRule: NotifierRule = async (event, ctx) => {
  if (!AccessEvents.has(event)) return [];
  const requestId = event.subjectId;
  const view = await ctx.read(accessCard, { requestId });
  const { request } = view;
  const { requesterId, deciders } = await ctx.read(accessCardAudience, { requestId });
  const [channel] = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: request.orgId, purpose: 'client' });
  // Only those who want access messages in Slack (their choice, or the default): who chose email alone is mailed instead.
  const users = await ctx.read(slackUsers, { teamId: ctx.teamId, personIds: [requesterId, ...deciders.provider, ...deciders.client], kind: 'access' });
  const requester = users.get(requesterId);
  const outputs: SlackOutput[] = [];
  const dmCards = (personIds: string[], audience: 'approver' | 'admin') => {
    for (const personId of personIds) {
      const user = users.get(personId);
      if (user) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, `${audience}:${personId}`), channel: user, ...cardMessage(view, audience) });
    }
  };

  // The warning changes nothing a card shows; everything else re-renders every card.
  const warning = AccessEvents.expiryWarned.is(event);
  if (!warning) {
    dmCards(deciders.provider, 'approver');
    if (channel) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, `channel:${channel}`), channel, ...cardMessage(view, 'channel') });
    else dmCards(deciders.client, 'admin');
    if (requester) outputs.push({ kind: 'card', cardKey: accessCardKey(request.id, 'requester'), channel: requester, ...cardMessage(view, 'requester') });
  }

  const notice = event.actorId === requesterId ? undefined : requesterNotice(event, view);
  if (notice && requester) outputs.push({ kind: 'post', channel: requester, text: notice });

  if (AccessEvents.granted.is(event) && !event.payload.clientApproved) {
    const text = toldAtOnceText(view);
    const places = channel ? [channel] : deciders.client.flatMap((id) => users.get(id) ?? []);
    for (const place of places) outputs.push({ kind: 'post', channel: place, text });
  }

  if (!warning) {
    for (const personId of new Set([requesterId, ...deciders.provider, ...deciders.client])) outputs.push({ kind: 'home', personId });
  }
  return outputs;
};
