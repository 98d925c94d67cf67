/**
 * The status page's maintenance calendar (RFC 5545), pure: the public feed's windows in, a VCALENDAR
 * out. A window keeps one UID for good; its SEQUENCE is the window's revision, which rises each time
 * it is moved, its services change or it is cancelled, so a subscribed calendar replaces its copy; a
 * cancelled window stays in the feed (STATUS:CANCELLED) for a while so that calendars remove it.
 * DTSTAMP and LAST-MODIFIED are the window's last change.
 */
import type { FeedMaintenance } from '../../../core/incidents/index.ts';
import { calendarLines, escapeText, PRODID, utc } from '../../../server/ical.ts';
import type { FeedSite } from './atom.ts';

export function maintenanceCalendar(windows: readonly FeedMaintenance[], site: FeedSite): string {
  const host = new URL(site.baseUrl).hostname;
  return calendarLines([
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(`${site.publisher} maintenance`)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    ...windows.flatMap((w) => [
      'BEGIN:VEVENT',
      `UID:maintenance-${w.id}@${host}`,
      `SEQUENCE:${w.revision}`,
      `DTSTAMP:${utc(w.updatedAt)}`,
      `CREATED:${utc(w.createdAt)}`,
      `LAST-MODIFIED:${utc(w.updatedAt)}`,
      `DTSTART:${utc(w.startsAt)}`,
      `DTEND:${utc(w.endsAt)}`,
      `SUMMARY:${escapeText(`Maintenance: ${w.title}`)}`,
      `DESCRIPTION:${escapeText([`Affected: ${w.services.join(', ')}.`, ...(w.description ? [w.description] : [])].join('\n'))}`,
      `URL:${site.baseUrl}/status`,
      `STATUS:${w.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ]);
}
