/**
 * Raw MIME in, the core's `InboundMail` out (with the headers that tell an automatic mail), parsed
 * by mailparser. A message that is not mail at all (no header section, no From address) is refused
 * with INVALID_INPUT naming what is missing.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { OpsdeskError } from '../../core/errors.ts';
import { normalizeMessageId, type AutomaticSigns, type InboundMail } from '../../core/mail/index.ts';

export interface ParsedMail {
  mail: InboundMail;
  signs: AutomaticSigns;
  /** The attached files with their bytes (not images embedded in the HTML), for a ticket to keep. */
  files: Array<{ name: string; content: Buffer }>;
}

/** At most this many files of one mail are taken (the rest are listed by name only). */
const MAX_FILES = 50;

const malformed = (why: string) => new OpsdeskError('INVALID_INPUT', `malformed MIME message: ${why}`);

/** The first line of a message is a header field (`Name: value`), or a mail it is not. */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;

/** Header values in order, topmost first, unfolded and without their name. */
function headerValues(lines: ReadonlyArray<{ key: string; line: string }>, key: string): string[] {
  return lines
    .filter((l) => l.key === key)
    .map((l) => l.line.slice(l.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim());
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const found: string[] = [];
  const walk = (list: AddressObject['value']) => {
    for (const entry of list) {
      if (entry.address) found.push(entry.address.toLowerCase());
      if (entry.group) walk(entry.group);
    }
  };
  for (const object of objects) walk(object.value);
  return found;
}

const ids = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : value.split(/\s+/)).map(normalizeMessageId).filter(Boolean);

export async function parseMail(raw: Buffer, source: string): Promise<ParsedMail> {
  if (raw.length === 0) throw malformed('the body is empty');
  const firstLine = raw.subarray(0, Math.min(raw.length, 1000)).toString('latin1').split(/\r?\n/)[0]!;
  if (!HEADER_LINE.test(firstLine)) throw malformed('it does not start with a header field ("Name: value")');
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    throw malformed(`it could not be parsed (${(error as Error).message.slice(0, 200)})`);
  }
  const from = addresses(parsed.from)[0];
  if (!from || !from.includes('@')) throw malformed('it has no From address');
  const lines = parsed.headerLines;
  const first = (key: string) => headerValues(lines, key)[0];
  const recipients = [
    ...addresses(parsed.to),
    ...addresses(parsed.cc),
    ...headerValues(lines, 'delivered-to').map((v) => v.replace(/^<|>$/g, '').toLowerCase()),
    ...headerValues(lines, 'x-original-to').map((v) => v.replace(/^<|>$/g, '').toLowerCase()),
  ];
  const messageId = parsed.messageId ? normalizeMessageId(parsed.messageId) : '';
  const mail: InboundMail = {
    // A mail without a Message-ID is known by its bytes: the same delivery twice is the same mail.
    messageId: messageId || `sha256-${createHash('sha256').update(raw).digest('hex')}@opsdesk.invalid`,
    source,
    from,
    fromName: parsed.from?.value[0]?.name || null,
    recipients: [...new Set(recipients)].slice(0, 500),
    subject: (parsed.subject ?? '').slice(0, 2000),
    text: (parsed.text ?? '').replace(/\u0000/g, ''),
    attachments: parsed.attachments.slice(0, 500).map((a) => ({ name: (a.filename ?? 'unnamed').slice(0, 500), size: a.size ?? a.content.length })),
    references: [...ids(parsed.inReplyTo), ...ids(parsed.references)].slice(0, 200),
    authenticationResults: headerValues(lines, 'authentication-results').slice(0, 100),
    size: raw.length,
  };
  const signs: AutomaticSigns = {
    from,
    returnPath: first('return-path'),
    autoSubmitted: first('auto-submitted'),
    precedence: first('precedence'),
  };
  const files = parsed.attachments
    .filter((a) => !a.related)
    .slice(0, MAX_FILES)
    .map((a) => ({ name: (a.filename ?? 'unnamed').slice(0, 500), content: a.content }));
  return { mail, signs, files };
}
