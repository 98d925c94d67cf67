/**
 * Delivery status notifications (RFC 3464): a `multipart/report; report-type=delivery-status`
 * mail says what became of a message sent earlier. Read at the edge, from the raw MIME: the
 * `message/delivery-status` part's per-recipient fields (Final-Recipient, Action, Status,
 * Diagnostic-Code) and the Message-IDs of the returned message (`text/rfc822-headers` or
 * `message/rfc822`), so the door can tell whether it is about a message it sent.
 */

export interface FailedRecipient {
  /** Lower-cased. */
  recipient: string;
  /** The enhanced status code, e.g. `5.1.1`. */
  status: string;
  /** What the receiving server said, when the report carries it. */
  diagnostic: string | null;
}

export interface DeliveryReport {
  /** Recipients whose delivery failed for good (Action: failed, Status 5.x.x): hard bounces. */
  failed: FailedRecipient[];
  /** The Message-IDs of the returned message, without angle brackets. */
  messageIds: string[];
}

type Part = { headers: Map<string, string>; body: string };

function splitHead(text: string): Part {
  const at = text.search(/\r?\n\r?\n/);
  const head = at < 0 ? text : text.slice(0, at);
  const body = at < 0 ? '' : text.slice(at).replace(/^\r?\n\r?\n/, '');
  return { headers: fields(head), body };
}

/** Header-style fields (`Name: value`, continuation lines unfolded), names lower-cased; the first of each name wins. */
function fields(block: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!found.has(name)) found.set(name, line.slice(colon + 1).trim());
  }
  return found;
}

const BOUNDARY = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i;

/** The parts of a multipart body, by its boundary. */
function partsOf(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  // pieces[0] is the preamble; a piece starting with "--" is the close delimiter and what follows it.
  return pieces
    .slice(1)
    .filter((piece) => !piece.startsWith('--'))
    .map((piece) => splitHead(piece.replace(/^[ \t]*\r?\n/, '')));
}

const typeOf = (part: Part) => (part.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();

/** The report of a delivery status notification, or undefined when the mail is not one. */
export function deliveryReportOf(raw: Buffer): DeliveryReport | undefined {
  // Reports are small; the returned message's headers are all that is read of it.
  const top = splitHead(raw.subarray(0, 1024 * 1024).toString('latin1'));
  const contentType = top.headers.get('content-type') ?? '';
  if (!/^multipart\/report\b/i.test(contentType) || !/report-type\s*=\s*"?delivery-status"?/i.test(contentType)) return undefined;
  const boundary = BOUNDARY.exec(contentType);
  if (!boundary) return undefined;
  const parts = partsOf(top.body, boundary[1] ?? boundary[2]!);
  const status = parts.find((part) => typeOf(part) === 'message/delivery-status' || typeOf(part) === 'message/global-delivery-status');
  const returned = parts.find((part) => ['text/rfc822-headers', 'message/rfc822', 'message/global', 'message/global-headers'].includes(typeOf(part)));
  const failed: FailedRecipient[] = [];
  if (status) {
    // The per-message fields come first, then one group per recipient, separated by blank lines.
    const groups = status.body.split(/\r?\n[ \t]*\r?\n/).slice(1).map(fields);
    for (const group of groups) {
      const recipient = /;\s*(.+)$/.exec(group.get('final-recipient') ?? '')?.[1]?.trim().replace(/^<|>$/g, '').toLowerCase();
      const action = group.get('action')?.toLowerCase();
      const code = group.get('status') ?? '';
      if (recipient && recipient.includes('@') && action === 'failed' && /^5\.\d{1,3}\.\d{1,3}/.test(code)) {
        const diagnostic = group.get('diagnostic-code')?.replace(/^[^;]*;\s*/, '') ?? null;
        failed.push({ recipient, status: code.split(/\s/)[0]!, diagnostic });
      }
    }
  }
  // The returned message's header section (all of a text/rfc822-headers part, the head of a message/rfc822 one).
  const returnedId = returned ? splitHead(returned.body).headers.get('message-id') ?? '' : '';
  const messageIds = [...returnedId.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  return { failed, messageIds };
}
