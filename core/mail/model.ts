/**
 * Inbound mail's rules as pure functions: whether the receiving server vouched for the sender
 * (Authentication-Results), whether a mail is automatic (a bounce, an auto-reply, a list: never
 * answered, so never a loop), what a reply says once quoted history and signature are cut off, and
 * which ticket a per-ticket reply address names.
 */
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
