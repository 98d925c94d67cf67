/**
 * Inbound mail's rules as pure functions: whether the receiving server vouched for the sender
 * (Authentication-Results), whether a mail is automatic (a bounce, an auto-reply, a list: never
 * answered, so never a loop), what a reply says once quoted history and signature are cut off, and
 * which ticket a per-ticket reply address names.
 */
import { getDomain } from 'tldts';

/** One method's verdict in an Authentication-Results header: `dkim=pass header.d=acme.example`. */
export interface AuthResult {
  method: string;
  result: string;
  props: Record<string, string>;
}

export interface AuthenticationResults {
  authservId: string;
  results: AuthResult[];
}

/** Drop RFC 5322 comments `( ... )` (nested), which may appear anywhere in the header. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      if (depth === 0) out += c + value[i + 1];
      i++;
      continue;
    }
    if (c === '"' && depth === 0) quoted = !quoted;
    if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')' && depth > 0) depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

/** Parse one Authentication-Results header value (RFC 8601); undefined when it has no authserv-id. */
export function parseAuthenticationResults(value: string): AuthenticationResults | undefined {
  const parts = stripComments(value.replace(/\r?\n[ \t]+/g, ' ')).split(';').map((p) => p.trim());
  const head = parts.shift()?.split(/\s+/)[0]?.toLowerCase();
  if (!head) return undefined;
  const results: AuthResult[] = [];
  for (const part of parts) {
    const tokens = part.split(/\s+/).filter(Boolean);
    const first = tokens.shift();
    const match = first?.match(/^([a-z0-9_-]+)(?:\/[0-9]+)?=([a-z0-9_-]+)$/i);
    if (!match) continue;
    const props: Record<string, string> = {};
    for (const token of tokens) {
      const prop = token.match(/^([a-z0-9_.-]+)=(.*)$/i);
      if (prop) props[prop[1]!.toLowerCase()] = prop[2]!.replace(/^"|"$/g, '').toLowerCase();
    }
    results.push({ method: match[1]!.toLowerCase(), result: match[2]!.toLowerCase(), props });
  }
  return { authservId: head, results };
}

/**
 * The organisational domain (RFC 7489 §3.2): the registrable domain by the Public Suffix List
 * (tldts), `mail.acme.co.uk` → `acme.co.uk`. Private suffixes count too (`a.github.io` and
 * `b.github.io` belong to different owners), which only makes alignment stricter. A name the list
 * cannot place (`localhost`) is its own organisational domain.
 */
export function organizationalDomain(domain: string): string {
  const name = domain.toLowerCase().replace(/\.$/, '');
  return getDomain(name, { allowPrivateDomains: true }) ?? name;
}

/** Relaxed alignment: the DKIM signer's domain and the From domain share their organisational domain. */
export function aligned(signingDomain: string, fromDomain: string): boolean {
  const d = signingDomain.toLowerCase().replace(/\.$/, '');
  const from = fromDomain.toLowerCase().replace(/\.$/, '');
  if (!d.includes('.') || !from.includes('.')) return false;
  return d === from || organizationalDomain(d) === organizationalDomain(from);
}

export type SenderTrust = { trusted: true; by: 'dmarc' | 'dkim' } | { trusted: false; reason: string };

/**
 * Did the receiving server vouch for the From domain? Only the topmost Authentication-Results whose
 * authserv-id is `authservId` counts (the one our own server added; any lower one may be the
 * sender's). Trusted when it says dmarc=pass for the From domain, or dkim=pass with a signing
 * domain (header.d) aligned with the From domain.
 */
export function senderTrust(headers: readonly string[], authservId: string | undefined, fromAddress: string): SenderTrust {
  if (!authservId) return { trusted: false, reason: 'no trusted Authentication-Results configured' };
  const fromDomain = fromAddress.split('@')[1]?.toLowerCase();
  if (!fromDomain) return { trusted: false, reason: 'the From address has no domain' };
  const ours = headers.map(parseAuthenticationResults).find((h) => h?.authservId === authservId.toLowerCase());
  if (!ours) return { trusted: false, reason: `no Authentication-Results from ${authservId}` };
  const dmarc = ours.results.find((r) => r.method === 'dmarc');
  if (dmarc?.result === 'pass') {
    const headerFrom = dmarc.props['header.from'];
    if (!headerFrom || headerFrom === fromDomain) return { trusted: true, by: 'dmarc' };
  }
  const dkim = ours.results.find((r) => r.method === 'dkim' && r.result === 'pass' && r.props['header.d'] && aligned(r.props['header.d'], fromDomain));
  if (dkim) return { trusted: true, by: 'dkim' };
  const said = ours.results.filter((r) => r.method === 'dmarc' || r.method === 'dkim').map((r) => `${r.method}=${r.result}${r.props['header.d'] ? ` (header.d=${r.props['header.d']})` : ''}`);
  return { trusted: false, reason: `${authservId} did not vouch for ${fromDomain}: ${said.length ? said.join(', ') : 'no DMARC or DKIM result'}` };
}

/** The headers that tell an automatic mail from a person's. */
export interface AutomaticSigns {
  from: string | undefined;
  /** Return-Path (the envelope sender); `<>` for a bounce. */
  returnPath: string | undefined;
  autoSubmitted: string | undefined;
  precedence: string | undefined;
}

/**
 * Why a mail is automatic (and so dropped, never answered, never a ticket), or undefined for a
 * person's mail: Auto-Submitted other than `no` (RFC 3834), Precedence bulk/junk/list, a null
 * envelope sender, or a MAILER-DAEMON/postmaster sender.
 */
export function automaticMail(signs: AutomaticSigns): string | undefined {
  const auto = signs.autoSubmitted?.trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return `Auto-Submitted: ${auto}`;
  const precedence = signs.precedence?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return `Precedence: ${precedence}`;
  if (signs.returnPath !== undefined && /^<?\s*>?$/.test(signs.returnPath.trim())) return 'null envelope sender (a bounce)';
  const local = (signs.from ?? '').split('@')[0]!.toLowerCase();
  if (!signs.from) return 'no sender';
  if (['mailer-daemon', 'postmaster'].includes(local)) return `sender ${signs.from}`;
  return undefined;
}

const ATTRIBUTION = /^(on\b.*|am\b.*|le\b.*|den\b.*)\b(wrote|schrieb|a écrit|skrev):\s*$/i;
const FORWARDED = /^-{2,}\s*(original message|forwarded message|ursprungligt meddelande)\s*-{2,}\s*$/i;
const OUTLOOK_HEADER = /^(from|från|von):\s.+/i;

/**
 * A mail's new text: what comes before quoted history (lines starting with `>`, an
 * "On ... wrote:" attribution, possibly over two lines, an Outlook "-----Original Message-----"
 * or "From: ..." block) and before the signature separator `-- `. Trailing blank lines go too.
 */
export function trimReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (line === '-- ' || line === '--') break;
    if (trimmed.startsWith('>')) break;
    if (FORWARDED.test(trimmed)) break;
    if (ATTRIBUTION.test(trimmed)) break;
    // An attribution wrapped over two lines: "On Tue, 3 Dec 2026, Alice <a@b>\nwrote:".
    if (/^(on|am|le|den)\b/i.test(trimmed) && /^(wrote|schrieb|a écrit|skrev):\s*$/i.test(lines[i + 1]?.trim() ?? '')) break;
    if (OUTLOOK_HEADER.test(trimmed) && kept.length > 0 && kept[kept.length - 1]!.trim() === '' && /^(sent|skickat|gesendet|date):/i.test(lines[i + 1]?.trim() ?? '')) break;
    kept.push(line.replace(/\s+$/, ''));
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  while (kept.length > 0 && kept[0] === '') kept.shift();
  return kept.join('\n');
}

/** A size in words people read: 512 B, 12.3 KB, 4.0 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The attachments as a paragraph of a comment: "Attachments: log.txt (1.2 KB), shot.png (80.0 KB)". */
export function attachmentsLine(attachments: ReadonlyArray<{ name: string; size: number }>): string {
  return attachments.length === 0 ? '' : `Attachments (not stored): ${attachments.map((a) => `${a.name} (${formatSize(a.size)})`).join(', ')}`;
}

/**
 * The ticket key a per-ticket reply address names (`support+ACME-42@desk.example` → `ACME-42`),
 * among the recipients, for the support address `support@desk.example`; undefined when none does.
 * `{ key: null }` when a `support+...` address names something that is no ticket key.
 */
export function replyKeyOf(recipients: readonly string[], supportAddress: string | undefined): { key: string | null; address: string } | undefined {
  if (!supportAddress) return undefined;
  const [local, domain] = supportAddress.toLowerCase().split('@');
  for (const recipient of recipients) {
    const [rLocal, rDomain] = recipient.toLowerCase().split('@');
    if (rDomain !== domain || !rLocal?.startsWith(`${local}+`)) continue;
    const tag = rLocal.slice(local!.length + 1);
    return { key: /^[a-z0-9-]+-[0-9]+$/.test(tag) ? tag.toUpperCase() : null, address: recipient.toLowerCase() };
  }
  return undefined;
}

/**
 * The ticket keys a mail's References and In-Reply-To name through the thread root that every
 * ticket mail opsdesk sends carries (`<ticket.acme-42@desk.example>`, under MAIL_FROM's domain), in
 * the order the mail gives them. Anyone can write such a header: it only says which ticket a reply
 * is about; whether the sender may comment on it is decided as for any other reply.
 */
export function threadKeysOf(references: readonly string[], mailDomain: string | undefined): string[] {
  if (!mailDomain) return [];
  const suffix = `@${mailDomain.toLowerCase()}`;
  const keys: string[] = [];
  for (const reference of references) {
    const id = normalizeMessageId(reference).toLowerCase();
    if (!id.startsWith('ticket.') || !id.endsWith(suffix)) continue;
    const tag = id.slice('ticket.'.length, -suffix.length);
    if (/^[a-z0-9-]+-[0-9]+$/.test(tag)) keys.push(tag.toUpperCase());
  }
  return [...new Set(keys)];
}

/** Message-IDs as stored: without angle brackets, at most 300 characters. */
export function normalizeMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '').slice(0, 300);
}
