/** The hand-written iCalendar text (RFC 5545): folding, escaping, UTC instants, and the three methods' shapes. */
import { describe, expect, it } from 'vitest';
import { calendarText, escapeText, foldLine, paramValue, unfold, utc, type CalendarEvent } from '../../../doors/email/ical.ts';

const event: CalendarEvent = {
  method: 'REQUEST',
  uid: 'announcement-1-org-2@opsdesk',
  sequence: 0,
  stamp: new Date('2026-11-23T09:00:00.123Z'),
  start: new Date('2026-12-14T22:00:00Z'),
  end: new Date('2026-12-15T00:30:00Z'),
  summary: 'Service window: Faster search, part 2; offline',
  description: 'Line one\nLine two, with a comma; and a semicolon \\ and a backslash',
  url: 'https://ops.example.com/announcements',
  organizer: { name: 'opsdesk', address: 'ops@vendor.example' },
  attendees: [{ name: 'Åsa Öberg, Acme', address: 'asa@acme.example' }],
};

const propertiesOf = (text: string) => unfold(text).split('\r\n').filter(Boolean);

describe('iCalendar text', () => {
  it('writes instants in UTC, without milliseconds', () => {
    expect(utc(new Date('2026-11-23T09:05:07.999Z'))).toBe('20261123T090507Z');
  });

  it('escapes backslash, semicolon, comma and line breaks in text values', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('quotes parameter values that hold a colon, semicolon or comma, and drops double quotes', () => {
    expect(paramValue('Ada Lovelace')).toBe('Ada Lovelace');
    expect(paramValue('Lovelace, Ada')).toBe('"Lovelace, Ada"');
    expect(paramValue('Ada "the" Countess: of; Lovelace')).toBe('"Ada the Countess: of; Lovelace"');
  });

  it('folds lines longer than 75 octets, never inside a UTF-8 character, and unfolding gives the line back', () => {
    const line = `DESCRIPTION:${'å'.repeat(60)}${'x'.repeat(100)}`;
    const folded = foldLine(line);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(2);
    for (const [i, piece] of physical.entries()) {
      expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(piece.startsWith(' ')).toBe(true);
      // A split character would show as U+FFFD once the piece is decoded on its own.
      expect(Buffer.from(piece, 'utf8').toString('utf8')).not.toContain('\uFFFD');
    }
    expect(unfold(folded)).toBe(line);
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('writes an invitation (METHOD:REQUEST) with its UID, SEQUENCE, UTC window, organizer and attendee, in CRLF lines', () => {
    const text = calendarText(event);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(propertiesOf(text)).toEqual([
      'BEGIN:VCALENDAR',
      'PRODID:-//opsdesk//opsdesk//EN',
      'VERSION:2.0',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      'UID:announcement-1-org-2@opsdesk',
      'SEQUENCE:0',
      'DTSTAMP:20261123T090000Z',
      'DTSTART:20261214T220000Z',
      'DTEND:20261215T003000Z',
      'SUMMARY:Service window: Faster search\\, part 2\\; offline',
      'DESCRIPTION:Line one\\nLine two\\, with a comma\\; and a semicolon \\\\ and a backslash',
      'URL:https://ops.example.com/announcements',
      'ORGANIZER;CN=opsdesk:mailto:ops@vendor.example',
      'ATTENDEE;CN="Åsa Öberg, Acme";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:asa@acme.example',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  it('writes an update with the same UID and a higher SEQUENCE, and a cancellation as METHOD:CANCEL with STATUS:CANCELLED', () => {
    const update = propertiesOf(calendarText({ ...event, sequence: 1, start: new Date('2026-12-21T22:00:00Z'), end: new Date('2026-12-22T00:00:00Z') }));
    expect(update).toContain('METHOD:REQUEST');
    expect(update).toContain('UID:announcement-1-org-2@opsdesk');
    expect(update).toContain('SEQUENCE:1');
    expect(update).toContain('DTSTART:20261221T220000Z');
    const cancel = propertiesOf(calendarText({ ...event, method: 'CANCEL', sequence: 2 }));
    expect(cancel).toContain('METHOD:CANCEL');
    expect(cancel).toContain('UID:announcement-1-org-2@opsdesk');
    expect(cancel).toContain('SEQUENCE:2');
    expect(cancel).toContain('STATUS:CANCELLED');
  });
});
