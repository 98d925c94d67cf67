/**
 * Alarm webhooks refuse what the database could not store or a reader could not trust, with 400
 * INVALID_INPUT naming the field and nothing stored: NUL bytes and lone surrogates in any string
 * (keys too), JSON nested deeper than 32 levels, instants outside 1970-9999.
 */
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarms, auditEvents } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';
import { alertmanagerBody, makeAlarmSource } from '../../support/alarms.ts';

const nested = (depth: number): unknown => (depth === 0 ? 'bottom' : { deeper: nested(depth - 1) });

describe.each(backends)('alarm webhook input on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let secret: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    secret = (await makeAlarmSource(server.core, 'probe')).secret;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const stored = async () => ({
    alarms: (await db.database.db.select({ n: count() }).from(alarms))[0]!.n,
    events: (await db.database.db.select({ n: count() }).from(auditEvents))[0]!.n,
  });

  const post = async (path: string, body: string) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body });
    return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; details?: { fields?: Record<string, string> } } } };
  };

  it('refuses NUL bytes and lone surrogates in values and keys, naming where they are', async () => {
    const before = await stored();
    const cases: Array<[string, string, string]> = [
      ['/hooks/alarms/probe', JSON.stringify({ fingerprint: 'f1', summary: 'disk\u0000full', severity: 'critical' }), 'summary'],
      ['/hooks/alarms/probe', '{"fingerprint":"f2","summary":"ok","severity":"critical","details":{"host":"db\\ud800"}}', 'details.host'],
      ['/hooks/alarms/probe', '{"fingerprint":"f3","summary":"ok","severity":"critical","details":{"k\\u0000ey":1}}', 'details'],
      ['/hooks/alertmanager/probe', JSON.stringify(alertmanagerBody('firing', [{ fingerprint: 'am1', summary: 'bad\u0000summary' }])), 'alerts.0.annotations.summary'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.code).toBe('INVALID_INPUT');
      expect(Object.keys(res.body.error.details?.fields ?? {}), JSON.stringify(res.body)).toContain(field);
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses JSON nested deeper than 32 levels, and takes 30', async () => {
    const before = await stored();
    const deep = await post('/hooks/alarms/probe', JSON.stringify({ fingerprint: 'deep', summary: 'deep', severity: 'info', details: nested(40) }));
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/nested deeper than 32/) });
    const veryDeep = await post('/hooks/alarms/probe', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(veryDeep.status).toBe(400);
    expect(veryDeep.body.error.code).toBe('INVALID_INPUT');
    expect(await stored()).toEqual(before);
    const fine = await post('/hooks/alarms/probe', JSON.stringify({ fingerprint: 'fine', summary: 'fine', severity: 'info', details: nested(30) }));
    expect(fine.status).toBe(202);
  });

  it('refuses instants outside 1970-9999 and impossible dates, naming the field', async () => {
    for (const time of ['0000-01-01T00:00:00Z', '+010000-01-01T00:00:00Z', '2026-02-30T00:00:00Z']) {
      const res = await post('/hooks/alarms/probe', JSON.stringify({ fingerprint: `t-${time}`, summary: 'time', severity: 'info', time }));
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(Object.keys(res.body.error.details?.fields ?? {})).toContain('time');
    }
  });
});
