/** Raw mail for the inbound tests: RFC 5322 messages built line by line, as a receiving server hands them on. */
import { randomUUID } from 'node:crypto';
import { systemActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { createMailSource } from '../../core/mail/index.ts';

export const AUTHSERV = 'mx.desk.example';
export const SUPPORT = 'support@desk.example';

export interface RawMailOptions {
  from: string;
  to?: string;
  subject?: string;
  text?: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  /** Authentication-Results header values, topmost first; default: dmarc=pass by AUTHSERV for the From domain. */
  authResults?: string[];
  extraHeaders?: string[];
  attachments?: Array<{ name: string; content: string | Buffer }>;
}

export const passFor = (from: string, authserv = AUTHSERV) => {
  const domain = from.split('@')[1];
  return `${authserv}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain} header.s=s1; dmarc=pass (p=reject) header.from=${domain}`;
};

export function rawMail(options: RawMailOptions): { raw: string; messageId: string } {
  const messageId = options.messageId ?? `${randomUUID()}@mail.example`;
  const results = options.authResults ?? [passFor(options.from)];
  const headers = [
    ...results.map((r) => `Authentication-Results: ${r}`),
    `From: Sender <${options.from}>`,
    `To: ${options.to ?? SUPPORT}`,
    `Subject: ${options.subject ?? 'Exports are empty'}`,
    `Date: Thu, 03 Dec 2026 09:00:00 +0100`,
    `Message-ID: <${messageId}>`,
    ...(options.inReplyTo ? [`In-Reply-To: <${options.inReplyTo}>`] : []),
    ...(options.references ? [`References: ${options.references}`] : []),
    ...(options.extraHeaders ?? []),
    'MIME-Version: 1.0',
  ];
  const text = options.text ?? 'Since this morning every export is empty.';
  if (!options.attachments?.length) {
    return { raw: [...headers, 'Content-Type: text/plain; charset=utf-8', '', text, ''].join('\r\n'), messageId };
  }
  const boundary = `b-${randomUUID()}`;
  const parts = [
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    ...options.attachments.flatMap((a) => [
      `--${boundary}`,
      `Content-Type: application/octet-stream; name="${a.name}"`,
      `Content-Disposition: attachment; filename="${a.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(a.content).toString('base64'),
    ]),
    `--${boundary}--`,
    '',
  ];
  return { raw: [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts].join('\r\n'), messageId };
}

export async function makeMailSource(core: Core, name: string) {
  return core.execute(createMailSource, systemActor('cli', 'cli', `test-${randomUUID()}`), { name });
}
