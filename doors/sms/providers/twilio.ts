/**
 * Twilio's Programmable Messaging: `POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From`, `Body`, `StatusCallback`, HTTP Basic auth AccountSid:AuthToken. The
 * answer (201) is the Message resource (`sid`, `status`: queued); an error is JSON `{ code,
 * message, more_info, status }`. Receipts: Twilio posts the form `MessageSid`, `MessageStatus`
 * (queued, sent, delivered, undelivered, failed), `ErrorCode`, ... to the StatusCallback, signed
 * in `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the full URL followed
 * by every POST parameter's name and value, sorted by name.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { failureOf, postForm, type SmsProvider } from './types.ts';

export const TWILIO_API_URL = 'https://api.twilio.com';

/** The signature Twilio puts in X-Twilio-Signature for a POST of `params` to `url`. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function twilioProvider(options: { accountSid: string; authToken: string; from: string; apiUrl?: string }): SmsProvider {
  const base = (options.apiUrl ?? TWILIO_API_URL).replace(/\/+$/, '');
  const endpoint = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  return {
    name: 'twilio',
    callbackUrl: (publicUrl) => `${publicUrl}/hooks/sms/twilio`,
    async send(sms) {
      const answer = await postForm(
        endpoint,
        { user: options.accountSid, password: options.authToken },
        { To: sms.to, From: options.from, Body: sms.body, StatusCallback: sms.callbackUrl },
      );
      if ('error' in answer) return { outcome: 'retry', reason: answer.error };
      let json: { sid?: unknown; code?: unknown; message?: unknown } = {};
      try {
        json = JSON.parse(answer.text) as typeof json;
      } catch {
        // not JSON (a proxy's page): the status decides
      }
      if (answer.status >= 200 && answer.status < 300 && typeof json.sid === 'string') return { outcome: 'sent', providerMessageId: json.sid };
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'retry', reason: `HTTP ${answer.status} without a message sid` };
      const detail = typeof json.message === 'string' ? `${json.code ?? ''} ${json.message}`.trim() : answer.text.slice(0, 200);
      return failureOf(answer.status, answer.headers, detail, `twilio_${typeof json.code === 'number' ? json.code : answer.status}`);
    },
    receipt(request) {
      const signature = request.headers['x-twilio-signature'];
      if (typeof signature !== 'string' || !sameText(signature, twilioSignature(options.authToken, request.url, request.params))) return 'unauthenticated';
      const { MessageSid: sid, MessageStatus: status, ErrorCode: code } = request.params;
      if (!sid || !status) return 'malformed';
      if (status === 'delivered') return { providerMessageId: sid, status: 'delivered', detail: null };
      if (status === 'undelivered' || status === 'failed') return { providerMessageId: sid, status: 'failed', detail: `${status}${code ? ` (error ${code})` : ''}` };
      return { providerMessageId: sid, status: 'other', detail: status };
    },
  };
}
