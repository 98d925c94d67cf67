/**
 * A real SMTP server in the test process (the smtp-server package), receiving what opsdesk sends:
 * each message with its envelope and raw MIME, parsed with mailparser. It can go down (its port
 * refuses connections), come back on the same port, and refuse recipients for good (5xx) or for now
 * (4xx).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface Received {
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface FakeSmtp {
  /** smtp://user:secret@127.0.0.1:<port> */
  url: string;
  received: Received[];
  /** Refuse every recipient at this address with this reply (e.g. 550 for good, 451 for now), until `accept`. */
  refuse(address: string, code: number, message?: string): void;
  accept(address: string): void;
  /** Stop listening: connections are refused until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** The messages received for one address, in the order they arrived. */
  to(address: string): Received[];
  reset(): void;
  close(): Promise<void>;
}

export const SMTP_USER = 'opsdesk';
export const SMTP_PASSWORD = 'smtp-secret';

export async function fakeSmtp(): Promise<FakeSmtp> {
  const received: Received[] = [];
  const refusals = new Map<string, { code: number; message: string }>();
  const make = () =>
    new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
        return callback(new Error('535 5.7.8 authentication failed'));
      },
      onRcptTo(address: SMTPServerAddress, _session, callback) {
        const refusal = refusals.get(address.address.toLowerCase());
        if (!refusal) return callback();
        const error = new Error(refusal.message) as Error & { responseCode: number };
        error.responseCode = refusal.code;
        return callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              received.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                raw,
                parsed,
              });
              callback();
            })
            .catch(callback);
        });
      },
    });
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  let listening = true;
  return {
    url: `smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${port}`,
    received,
    refuse(address, code, message = code >= 500 ? `${code} 5.1.1 no such mailbox` : `${code} 4.2.1 mailbox busy, try later`) {
      refusals.set(address.toLowerCase(), { code, message });
    },
    accept(address) {
      refusals.delete(address.toLowerCase());
    },
    async down() {
      if (!listening) return;
      listening = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async up() {
      if (listening) return;
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      listening = true;
    },
    to(address) {
      return received.filter((r) => r.envelope.to.some((to) => to.toLowerCase() === address.toLowerCase()));
    },
    reset() {
      received.length = 0;
      refusals.clear();
    },
    async close() {
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      listening = false;
    },
  };
}
