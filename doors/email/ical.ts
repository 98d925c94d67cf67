/**
 * iCalendar (RFC 5545) text for one event: an invitation (METHOD:REQUEST), its update (same UID,
 * higher SEQUENCE) and its cancellation (METHOD:CANCEL). The text rules (folding, escaping, UTC
 * instants) are shared with the status page's maintenance feed, in server/ical.ts.
 */
import { calendarLines, escapeText, paramValue, PRODID, utc } from '../../server/ical.ts';

export { escapeText, foldLine, paramValue, unfold, utc } from '../../server/ical.ts';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  name?: string;
  address: string;
}

export interface CalendarEvent {
  method: CalendarMethod;
  /** Names the event for good: every update and the cancellation carry it. */
  uid: string;
  /** 0 for the first invitation; higher for each update. */
  sequence: number;
  /** When this revision was made. */
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  url?: string;
  organizer: CalendarPerson;
  attendees: readonly CalendarPerson[];
}

/** The iCalendar object (VCALENDAR with one VEVENT), CRLF-terminated lines, folded. */
export function calendarText(event: CalendarEvent): string {
  const cancelled = event.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    `PRODID:${PRODID}`,
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    'BEGIN:VEVENT',
    `UID:${event.uid}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
    ...(event.url ? [`URL:${event.url}`] : []),
    `ORGANIZER${cn(event.organizer)}:mailto:${event.organizer.address}`,
    ...event.attendees.map(
      (a) => `ATTENDEE${cn(a)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a.address}`,
    ),
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return calendarLines(lines);
}

const cn = (person: CalendarPerson) => (person.name ? `;CN=${paramValue(person.name)}` : '');
