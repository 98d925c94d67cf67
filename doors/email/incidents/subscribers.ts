/**
 * Mail to the status page's email subscribers: every notice of an incident (opened, updated,
 * resolved) and of a maintenance window (scheduled, rescheduled, cancelled, started, ended) that is
 * on the public page, saying only what the page says (the core's `publicFeed`: public services'
 * names, public updates). An incident or window of internal services only is on no public page, so
 * it is mailed to no subscriber. Windows from releases are mailed too: subscribers get no
 * announcement.
 *
 * Each message names its own one-click unsubscribe link (RFC 8058 headers and a link in the text).
 */
import { IncidentEvents, MaintenanceEvents, publicFeed, statusSubscribersToNotify, type StatusSubscriber } from '../../../core/incidents/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { STATUS_NOTICE_KIND } from '../sender.ts';
import type { EmailContext, EmailOutput, EmailRule } from '../types.ts';
import { incidentMessage, maintenanceMessage, withUnsubscribe, type Message } from './presenters.ts';

export const STATUS_UNSUBSCRIBE_PATH = '/status/unsubscribe';

export function unsubscribeUrlOf(consoleUrl: string, subscriber: Pick<StatusSubscriber, 'id' | 'unsubscribeToken'>): string {
  return `${consoleUrl}${STATUS_UNSUBSCRIBE_PATH}?id=${encodeURIComponent(subscriber.id)}&token=${encodeURIComponent(subscriber.unsubscribeToken)}`;
}

async function publicMessageOf(event: DomainEvent, ctx: EmailContext): Promise<Message | undefined> {
  if (IncidentEvents.declared.is(event) || IncidentEvents.updated.is(event)) {
    const incident = (await ctx.read(publicFeed, {})).incidents.find((i) => i.id === event.subjectId);
    if (!incident) return undefined;
    const updated = IncidentEvents.updated.is(event) ? event.payload : undefined;
    const notice = !updated ? 'opened' : updated.status === 'resolved' ? 'resolved' : 'updated';
    return incidentMessage(
      { notice, title: incident.title, impact: updated?.impact ?? incident.impact, status: event.payload.status, message: event.payload.message, services: incident.services, recipients: [] },
      ctx.consoleUrl,
    );
  }
  for (const [family, notice] of MAINTENANCE_NOTICES) {
    if (!family.is(event)) continue;
    const { previous, startsAt, endsAt } = event.payload;
    // Only its services changed (the same times): not a reschedule anyone is told of.
    if (notice === 'rescheduled' && previous?.startsAt === startsAt && previous.endsAt === endsAt) return undefined;
    const window = (await ctx.read(publicFeed, {})).maintenance.find((w) => w.id === event.subjectId);
    if (!window) return undefined;
    const times = { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() };
    const moved = notice === 'rescheduled' && previous ? { previous } : {};
    return maintenanceMessage({ notice, title: window.title, ...times, ...moved, services: window.services, recipients: [], fromRelease: false }, ctx.consoleUrl);
  }
  return undefined;
}

const MAINTENANCE_NOTICES = [
  [MaintenanceEvents.scheduled, 'scheduled'],
  [MaintenanceEvents.rescheduled, 'rescheduled'],
  [MaintenanceEvents.cancelled, 'cancelled'],
  [MaintenanceEvents.started, 'started'],
  [MaintenanceEvents.ended, 'ended'],
] as const;

export const statusSubscriberRule: EmailRule = async (event, ctx) => {
  if (!IncidentEvents.declared.is(event) && !IncidentEvents.updated.is(event) && !MaintenanceEvents.has(event)) return [];
  // Nobody subscribed (most installations): no need to read the public feed.
  const subscribers = await ctx.read(statusSubscribersToNotify, {});
  if (subscribers.length === 0) return [];
  const message = await publicMessageOf(event, ctx);
  if (!message) return [];
  return subscribers.map((subscriber): EmailOutput => {
    const unsubscribeUrl = unsubscribeUrlOf(ctx.consoleUrl, subscriber);
    return { kind: STATUS_NOTICE_KIND, to: { name: '', address: subscriber.address }, ...withUnsubscribe(message, unsubscribeUrl), unsubscribeUrl };
  });
};
