/**
 * Whether the receiving server vouched for a mail's sender: its Authentication-Results (RFC 8601),
 * DMARC, or DKIM aligned with the From domain on the organisational domain (RFC 7489, by the Public
 * Suffix List). Pure; loaded with the first mail (routeMail), not at every start: the suffix list
 * is a quarter of a megabyte of code that no other command needs.
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
