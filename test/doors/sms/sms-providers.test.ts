/**
 * The SMS door against the providers' HTTP APIs, replaced with msw: each request is checked (URL,
 * Basic auth, form fields); answers decide what happens (sent, retried, given up and counted); the
 * delivery receipts come back to `POST /hooks/sms/:provider` with good and bad signatures (Twilio)
 * and secrets (46elks). Texts come from a rule over a real event: setting one's phone number.
 */
import { eq } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsOutbox } from '../../../db/schema.ts';
import { ManualClock } from '../../../core/clock.ts';
import { PersonEvents, phoneNumbers, setPhone } from '../../../core/directory/index.ts';
import type { SmsDoor } from '../../../doors/sms/index.ts';
import { twilioSignature } from '../../../doors/sms/providers/twilio.ts';
import type { SmsOutboxRow } from '../../../doors/sms/store/index.ts';
import type { SmsRule } from '../../../doors/sms/types.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator } from '../../support/core.ts';
import { makePerson, startTestServer, type TestServer } from '../../support/server.ts';

const PUBLIC_URL = 'https://ops.example.test';

interface Seen {
  url: string;
  authorization: string | null;
  form: Record<string, string>;
}

/** A text to whoever set their number, saying so: a real event, a real query for the number. */
const welcome: SmsRule = async (event, ctx) => {
  if (!PersonEvents.phoneSet.is(event) || !event.payload.set) return [];
  const to = (await ctx.read(phoneNumbers, { personIds: [event.subjectId] })).get(event.subjectId);
  return to ? [{ kind: 'test', to: { personId: event.subjectId, ...to }, body: `Hello ${to.name}, pages reach you here.`, subject: `person:${event.subjectId}` }] : [];
};

const providers = [
  {
    name: 'twilio' as const,
    env: { SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'AC0123456789abcdef', TWILIO_AUTH_TOKEN: 'twilio-token', TWILIO_FROM: '+15005550006' } as Record<string, string>,
    endpoint: 'https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef/Messages.json',
    basic: 'AC0123456789abcdef:twilio-token',
    accepted: (n: number) => HttpResponse.json({ sid: `SM${n}`, status: 'queued', to: '+46700000000' }, { status: 201 }),
    refused: () => HttpResponse.json({ code: 21211, message: "The 'To' number is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 }, { status: 400 }),
    refusedReason: 'twilio_21211',
    expectForm: (form: Record<string, string>, phone: string) =>
      expect(form).toEqual({ To: phone, From: '+15005550006', Body: expect.stringMatching(/^Hello .*, pages reach you here\.$/), StatusCallback: `${PUBLIC_URL}/hooks/sms/twilio` }),
    receipt: (id: string, status: 'delivered' | 'undelivered') => ({ MessageSid: id, SmsSid: id, MessageStatus: status, SmsStatus: status, AccountSid: 'AC0123456789abcdef', From: '+15005550006', To: '+46700000000', ApiVersion: '2010-04-01', ...(status === 'undelivered' ? { ErrorCode: '30003' } : {}) }),
  },
  {
    name: '46elks' as const,
    env: { SMS_PROVIDER: '46elks', ELKS_API_USERNAME: 'u0123456789', ELKS_API_PASSWORD: 'elks-secret', ELKS_FROM: 'opsdesk' } as Record<string, string>,
    endpoint: 'https://api.46elks.com/a1/sms',
    basic: 'u0123456789:elks-secret',
    accepted: (n: number) => HttpResponse.json({ id: `s${n}`, status: 'created', from: 'opsdesk', to: '+46700000000', message: 'x', created: '2026-11-23T09:00:00.000000', direction: 'outgoing', parts: 1, cost: 3500 }),
    refused: () => new HttpResponse('Invalid to number', { status: 403 }),
    refusedReason: '46elks_403',
    expectForm: (form: Record<string, string>, phone: string) =>
      expect(form).toEqual({ from: 'opsdesk', to: phone, message: expect.stringMatching(/^Hello .*, pages reach you here\.$/), whendelivered: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/hooks/sms/46elks\\?secret=[A-Za-z0-9_-]{43}$`)) }),
    receipt: (id: string, status: 'delivered' | 'failed') => ({ id, status, ...(status === 'delivered' ? { delivered: '2026-11-23T09:00:05.000000' } : {}) }),
  },
];

describe.each(backends)('SMS providers on %s', (backend) => {
  describe.each(providers)('$name', (provider) => {
    let db: TestDatabase;
    let server: TestServer;
    let door: SmsDoor;
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const seen: Seen[] = [];
    /** Ids the fake provider hands out: unique over the file, as a provider's are. */
    let sent = 0;
    const undeliverable: Array<{ row: SmsOutboxRow; reason: string }> = [];
    let answer: (n: number) => Response = provider.accepted;
    const msw = setupServer(
      http.post(provider.endpoint, async ({ request }) => {
        seen.push({ url: request.url, authorization: request.headers.get('authorization'), form: Object.fromEntries(new URLSearchParams(await request.text())) });
        return answer(++sent);
      }),
    );

    const rowsOf = (personId: string) => server.core.database.db.select().from(smsOutbox).where(eq(smsOutbox.personId, personId));
    const postReceipt = (params: Record<string, string>, opts: { query?: string; signature?: string } = {}) =>
      fetch(`${server.url}/hooks/sms/${provider.name}${opts.query ?? ''}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.signature ? { 'x-twilio-signature': opts.signature } : {}) },
        body: new URLSearchParams(params).toString(),
      });
    /** A valid receipt: Twilio's signature over the URL it was given, or 46elks' URL with the install's secret. */
    const validReceipt = async (params: Record<string, string>) => {
      if (provider.name === 'twilio') return postReceipt(params, { signature: twilioSignature('twilio-token', `${PUBLIC_URL}/hooks/sms/twilio`, params) });
      const secret = await door.store.callbackSecret('46elks');
      return postReceipt(params, { query: `?secret=${encodeURIComponent(secret)}` });
    };
    const phoneOf = async (phone: string) => {
      const person = await makePerson(server.core, server.core.providerId!, ['oncall']);
      await server.core.execute(setPhone, operator(), { personId: person.id, phone });
      await door.sender.runDue();
      return person;
    };

    beforeAll(async () => {
      msw.listen({ onUnhandledRequest: 'bypass' });
      db = await createTestDatabase(backend);
      server = await startTestServer(db.database, {
        env: { ...provider.env, PUBLIC_URL },
        clock,
        sms: { sender: { autoRun: false, rules: [welcome], undeliverable: async (row, reason) => void undeliverable.push({ row, reason }) } },
      });
      door = server.doors.find((d) => d.name === 'sms') as SmsDoor;
    });
    afterEach(() => {
      seen.length = 0;
      undeliverable.length = 0;
      answer = provider.accepted;
    });
    afterAll(async () => {
      msw.close();
      await server?.stop();
      await db?.dispose();
    });

    it('sends the text with Basic auth and the documented form fields, and keeps the provider’s id', async () => {
      const person = await phoneOf('+46701234501');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.url).toBe(provider.endpoint);
      expect(seen[0]!.authorization).toBe(`Basic ${Buffer.from(provider.basic).toString('base64')}`);
      provider.expectForm(seen[0]!.form, '+46701234501');
      const [row] = await rowsOf(person.id);
      expect(row).toMatchObject({ status: 'sent', provider: provider.name, providerMessageId: provider.name === 'twilio' ? `SM${sent}` : `s${sent}`, attempts: 1, delivery: null });
    });

    it('a delivery receipt that proves its origin marks the row delivered; a forged one is refused and changes nothing', async () => {
      const person = await phoneOf('+46701234502');
      const [row] = await rowsOf(person.id);
      const params = provider.receipt(row!.providerMessageId!, 'delivered');
      const forged =
        provider.name === 'twilio'
          ? await postReceipt(params, { signature: twilioSignature('not-the-token', `${PUBLIC_URL}/hooks/sms/twilio`, params) })
          : await postReceipt(params, { query: '?secret=guessed' });
      expect(forged.status).toBe(403);
      const unsigned = await postReceipt(params);
      expect(unsigned.status).toBe(403);
      expect((await rowsOf(person.id))[0]!.delivery).toBeNull();
      // Twilio signs the parameters too: a signature over other parameters does not fit.
      if (provider.name === 'twilio') {
        const tampered = await postReceipt({ ...params, MessageStatus: 'failed' }, { signature: twilioSignature('twilio-token', `${PUBLIC_URL}/hooks/sms/twilio`, params) });
        expect(tampered.status).toBe(403);
      }
      const good = await validReceipt(params);
      expect(good.status).toBe(204);
      expect((await rowsOf(person.id))[0]).toMatchObject({ delivery: 'delivered', deliveredAt: clock.now() });
    });

    it('a receipt saying the text failed marks the row and reports it undeliverable', async () => {
      const person = await phoneOf('+46701234503');
      const [row] = await rowsOf(person.id);
      const failed = provider.name === 'twilio' ? provider.receipt(row!.providerMessageId!, 'undelivered') : provider.receipt(row!.providerMessageId!, 'failed');
      expect((await validReceipt(failed as Record<string, string>)).status).toBe(204);
      expect((await rowsOf(person.id))[0]).toMatchObject({ delivery: 'failed' });
      expect(undeliverable.map((u) => u.row.id)).toEqual([row!.id]);
      expect(undeliverable[0]!.reason).toMatch(provider.name === 'twilio' ? /undelivered \(error 30003\)/ : /failed/);
    });

    it('a permanent refusal is given up at once, counted, and reported', async () => {
      answer = provider.refused;
      const before = (await server.core.metrics.smsGivenUp.get()).values.find((v) => v.labels.reason === provider.refusedReason)?.value ?? 0;
      const person = await phoneOf('+46701234504');
      const [row] = await rowsOf(person.id);
      expect(row).toMatchObject({ status: 'failed', attempts: 1 });
      expect(row!.lastError).toMatch(provider.name === 'twilio' ? /HTTP 400: 21211 The 'To' number/ : /HTTP 403: Invalid to number/);
      const after = (await server.core.metrics.smsGivenUp.get()).values.find((v) => v.labels.reason === provider.refusedReason)?.value ?? 0;
      expect(after).toBe(before + 1);
      expect(undeliverable.map((u) => u.row.id)).toEqual([row!.id]);
    });

    it('an outage (503) is retried after a backoff, in order per number, and the text goes once the provider is back', async () => {
      answer = () => new HttpResponse('down', { status: 503 });
      const person = await phoneOf('+46701234505');
      expect((await rowsOf(person.id))[0]).toMatchObject({ status: 'pending', attempts: 1 });
      answer = provider.accepted;
      clock.advance(3 * 60_000);
      await door.sender.runDue();
      expect((await rowsOf(person.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
      expect(undeliverable).toEqual([]);
    });

    it('gives up a text still failing at the horizon (an hour by default)', async () => {
      answer = () => new HttpResponse('down', { status: 503 });
      const person = await phoneOf('+46701234506');
      for (let i = 0; i < 40 && (await rowsOf(person.id))[0]!.status === 'pending'; i++) {
        clock.advance(2 * 60_000);
        await door.sender.runDue();
      }
      expect((await rowsOf(person.id))[0]).toMatchObject({ status: 'failed' });
      expect((await rowsOf(person.id))[0]!.lastError).toMatch(/still failing after 1(\.\d)? h/);
      expect(undeliverable).toHaveLength(1);
    });

    it('a receipt to a provider that is not configured is 404', async () => {
      const other = provider.name === 'twilio' ? '46elks' : 'twilio';
      const response = await fetch(`${server.url}/hooks/sms/${other}`, { method: 'POST', body: 'id=x&status=delivered', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(response.status).toBe(404);
    });
  });
});
