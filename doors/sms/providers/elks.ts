/**
 * 46elks: `POST {base}/a1/sms`, form-encoded `from`, `to`, `message`, `whendelivered`, HTTP Basic
 * auth with the API username and password. The answer (200) is JSON `{ id, status: "created",
 * from, to, message, ... }`; a refusal is a 4xx with a line of text ("Invalid to number"). Receipts:
 * 46elks posts the form `id`, `status` (sent, delivered, failed) and `delivered` (the time, when
 * delivered) to `whendelivered`. It signs nothing: the URL opsdesk gives carries a secret opsdesk
 * made for the install (`?secret=`), and a receipt without it is refused.
 */
import { timingSafeEqual } from 'node:crypto';
import { failureOf, postForm, type SmsProvider } from './types.ts';

export const ELKS_API_URL = 'https://api.46elks.com';

export function elksProvider(options: { username: string; password: string; from: string; apiUrl?: string; secret: () => string | undefined }): SmsProvider {
  const endpoint = `${(options.apiUrl ?? ELKS_API_URL).replace(/\/+$/, '')}/a1/sms`;
  return {
    name: '46elks',
    callbackUrl: (publicUrl, secret) => `${publicUrl}/hooks/sms/46elks?secret=${encodeURIComponent(secret)}`,
    async send(sms) {
      const answer = await postForm(
        endpoint,
        { user: options.username, password: options.password },
        { from: options.from, to: sms.to, message: sms.body, whendelivered: sms.callbackUrl },
      );
      if ('error' in answer) return { outcome: 'retry', reason: answer.error };
      if (answer.status >= 200 && answer.status < 300) {
        try {
          const json = JSON.parse(answer.text) as { id?: unknown };
          if (typeof json.id === 'string') return { outcome: 'sent', providerMessageId: json.id };
        } catch {
          // fall through
        }
        return { outcome: 'retry', reason: `HTTP ${answer.status} without a message id` };
      }
      return failureOf(answer.status, answer.headers, answer.text.trim().slice(0, 200), `46elks_${answer.status}`);
    },
    receipt(request) {
      const expected = options.secret();
      const given = request.query.secret ?? '';
      if (!expected || given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return 'unauthenticated';
      const { id, status } = request.params;
      if (!id || !status) return 'malformed';
      if (status === 'delivered') return { providerMessageId: id, status: 'delivered', detail: request.params.delivered ?? null };
      if (status === 'failed') return { providerMessageId: id, status: 'failed', detail: 'failed' };
      return { providerMessageId: id, status: 'other', detail: status };
    },
  };
}
