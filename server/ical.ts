/**
 * The iCalendar (RFC 5545) text rules that every door writing calendars shares (the email door's
 * invitations, the status page's maintenance feed): a door never imports another door, so they live
 * here. Written by hand rather than with a library: the one that does this well (ical-generator 11)
 * needs Node 22, and a calendar of plain events needs little.
 *
 * The rules kept here: lines end in CRLF; a line longer than 75 octets is folded (CRLF and one
 * space), never inside a UTF-8 character; TEXT values escape backslash, semicolon, comma and line
 * breaks; parameter values with `:`, `;` or `,` are quoted (a double quote cannot appear in them and
 * is dropped); every instant is UTC (`YYYYMMDDTHHMMSSZ`), so no VTIMEZONE is needed.
 */

export const PRODID = '-//opsdesk//opsdesk//EN';
const MAX_OCTETS = 75;

/** Content lines as an iCalendar object's text: each folded, each ended by CRLF. */
export function calendarLines(lines: readonly string[]): string {
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** An instant as a UTC DATE-TIME: 20261123T090000Z. */
export function utc(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** A TEXT value: backslash, semicolon and comma escaped, every line break as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A parameter value: quoted when it holds `:`, `;` or `,`; double quotes and control characters dropped. */
export function paramValue(value: string): string {
  const clean = value.replace(/["\u0000-\u001f\u007f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * Fold a content line at 75 octets: the first piece at most 75, each continuation (after CRLF and
 * one space) at most 74 more, so no physical line exceeds 75 octets; a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const pieces: string[] = [];
  let piece = '';
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      pieces.push(piece);
      piece = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    piece += char;
    octets += size;
  }
  pieces.push(piece);
  return pieces.join('\r\n ');
}

/** Undo folding (what a calendar reading the text does first); for tests and tools. */
export function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}
