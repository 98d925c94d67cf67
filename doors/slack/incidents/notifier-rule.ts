/**
 * What Slack shows after an incident or maintenance notice has committed: each org told gets, in
 * each of its client channels (`/opsdesk link <org> client`, the channel shared with the client), the
 * incident's card (kept up to date) with every public update in its thread, and a post for each
 * maintenance notice. Orgs that do not use an affected service are not told, so they get nothing.
 * Provider staff see each incident as a card in the provider's support channels, with a button to
 * post an update and each update in its thread.
 */
import { linkedChannels, providerOrg } from '../../../core/directory/index.ts';
import { getIncident, IncidentEvents, IncidentNoticeEvents, MaintenanceNoticeEvents } from '../../../core/incidents/index.ts';
import type { NotifierRule, SlackOutput } from '../notifier/types.ts';
import { incidentCard, maintenanceText, staffCard, statusLine, updateText } from './presenters.ts';

const cardKeyOf = (incidentId: string, orgId: string, channel: string) => `incident:${incidentId}:org:${orgId}:${channel}`;

export const incidentNotifierRule: NotifierRule = async (event, ctx) => {
  if (IncidentEvents.declared.is(event) || IncidentEvents.updated.is(event)) {
    const provider = await ctx.read(providerOrg, {});
    const channels = provider ? await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: provider.id, purpose: 'support' }) : [];
    if (channels.length === 0) return [];
    const incident = await ctx.read(getIncident, { incidentId: event.subjectId });
    const card = staffCard(incident);
    return channels.flatMap((channel): SlackOutput[] => {
      const cardKey = `incident:${incident.id}:staff:${channel}`;
      return [
        { kind: 'card', cardKey, channel, ...card },
        { kind: 'post', threadOf: cardKey, text: statusLine(event.payload.status, event.payload.message) },
      ];
    });
  }
  if (!event.orgId) return [];
  if (IncidentNoticeEvents.sent.is(event)) {
    const channels = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: event.orgId, purpose: 'client' });
    const card = incidentCard(event.payload);
    return channels.flatMap((channel): SlackOutput[] => {
      const cardKey = cardKeyOf(event.subjectId, event.orgId!, channel);
      return [
        { kind: 'card', cardKey, channel, ...card },
        { kind: 'post', threadOf: cardKey, text: updateText(event.payload) },
      ];
    });
  }
  if (MaintenanceNoticeEvents.sent.is(event)) {
    const channels = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: event.orgId, purpose: 'client' });
    const text = maintenanceText(event.payload);
    return channels.map((channel): SlackOutput => ({ kind: 'post', channel, text }));
  }
  return [];
};
