/** Small helpers every email presenter uses: dates, HTML escaping, a simple HTML frame. */

const DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const STOCKHOLM = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "Mon 7 Dec 2026, 09:00 UTC (10:00 in Stockholm)": the instant, unambiguous, with the provider's local time. */
export function mailTime(at: Date): string {
  const part = Object.fromEntries(DATE.formatToParts(at).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}, ${part.hour}:${part.minute} UTC (${STOCKHOLM.format(at)} in Stockholm)`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const SENT_BY = 'Sent by opsdesk.';
const NOT_READ = 'This message is automatic: replies are not read.';
const READ = 'A reply to this message is added to its ticket.';

/** A plain HTML message: a heading, paragraphs (already HTML), and a footer naming opsdesk (and whether replies are read). */
export function htmlPage(heading: string, body: string[], repliesRead = false): string {
  return [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif; line-height: 1.4; max-width: 40em">',
    `<h2>${escapeHtml(heading)}</h2>`,
    ...body,
    `<p style="color: #666; font-size: smaller">${SENT_BY} ${repliesRead ? READ : NOT_READ}</p>`,
    '</body></html>',
  ].join('\n');
}

/** A paragraph of plain text (escaped). */
export const para = (text: string) => `<p>${escapeHtml(text)}</p>`;

/** A link (escaped). */
export const link = (href: string, label: string) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;

/** Preformatted text, wrapped (a change log in Markdown, shown as written). */
export const pre = (text: string) => `<pre style="white-space: pre-wrap; font-family: inherit">${escapeHtml(text)}</pre>`;

/** The plain-text footer: a message whose replies nobody reads says so; a ticket's, whose replies become comments, says that. */
export const textFooter = (repliesRead = false) => `-- \n${SENT_BY} ${repliesRead ? READ : NOT_READ}`;
export const TEXT_FOOTER = textFooter();

/** What a presenter makes of a view: the subject and both bodies. */
export interface Message {
  subject: string;
  text: string;
  html: string;
}

/** The address in `MAIL_FROM` ("opsdesk <ops@example.com>" or "ops@example.com"). */
export function addressOf(from: string): { name?: string; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (!match) return { address: from.trim() };
  return { ...(match[1] ? { name: match[1] } : {}), address: match[2]!.trim() };
}
