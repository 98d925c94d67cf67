/**
 * What the SMS door asks of a provider: send one text (and say whether a failure is passing or
 * permanent), and read a delivery receipt posted back to `POST /hooks/sms/:provider` after checking
 * that the provider sent it. Twilio (twilio.ts) and 46elks (elks.ts) are the two behind it.
 */

export interface OutgoingSms {
  /** E.164. */
  to: string;
  body: string;
  /** Where the provider posts the delivery receipt (absolute URL; 46elks' carries the install's secret). */
  callbackUrl: string;
}

export type SmsSendOutcome =
  | { outcome: 'sent'; providerMessageId: string }
  /** A passing failure: the provider down, a timeout, 429, 5xx, our credentials refused (an operator fixes them). */
  | { outcome: 'retry'; reason: string; afterMs?: number }
  /** The provider will never take this text (a number that is not a mobile one, an unsubscribed recipient). */
  | { outcome: 'refused'; reason: string; detail: string };

export interface SmsReceipt {
  providerMessageId: string;
  /** Only the final states matter to opsdesk; `other` is an interim one (queued, sent). */
  status: 'delivered' | 'failed' | 'other';
  detail: string | null;
}

/** A receipt request as the route saw it. */
export interface ReceiptRequest {
  /** The full public URL the provider posted to (PUBLIC_URL and the path with its query). */
  url: string;
  query: Record<string, string>;
  /** The form fields of the body. */
  params: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface SmsProvider {
  readonly name: 'twilio' | '46elks';
  send(sms: OutgoingSms): Promise<SmsSendOutcome>;
  /** The receipt, or 'unauthenticated' when the request does not prove it comes from the provider. */
  receipt(request: ReceiptRequest): SmsReceipt | 'unauthenticated' | 'malformed';
  /** The callback URL the provider is given, from the public base URL and the install's receipt secret. */
  callbackUrl(publicUrl: string, secret: string): string;
}

const TIMEOUT_MS = 10_000;

/** POST a form with HTTP Basic auth; network failures and timeouts become a passing failure. */
export async function postForm(
  url: string,
  auth: { user: string; password: string },
  form: Record<string, string>,
): Promise<{ status: number; headers: Headers; text: string } | { error: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** Retry-After in seconds (or an HTTP date) as milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The shared reading of an HTTP failure: 429 and 5xx pass, 401/403 are our credentials (passing: an operator fixes them). */
export function failureOf(status: number, headers: Headers, detail: string, refusedReason: string): SmsSendOutcome {
  if (status === 429 || status >= 500 || status === 401) {
    return { outcome: 'retry', reason: `HTTP ${status}: ${detail}`, afterMs: status === 429 ? retryAfterMs(headers) : undefined };
  }
  return { outcome: 'refused', reason: refusedReason, detail: `HTTP ${status}: ${detail}` };
}
