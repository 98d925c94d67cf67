import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tickets } from '../../../db/schema.ts';
import { ManualClock } from '../../../core/clock.ts';
import { codeOf, gql } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { signInWithToken } from '../../support/web-session.ts';

/** Two URGENT tickets of org A in November 2026: answered after 600 s (met) and after 3600 s (breached). */
describe.each(backends)('the SLA report over GraphQL and as CSV on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: Awaited<ReturnType<typeof makeTenants>>;
  const clock = new ManualClock('2026-11-25T12:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    cast = await makeTenants(server.core);
    let number = 0;
    for (const [day, wait, breached] of [['02', 600, false], ['03', 3600, true]] as const) {
      number += 1;
      const opened = new Date(`2026-11-${day}T10:00:00Z`);
      await server.core.database.db.insert(tickets).values({
        orgId: cast.a.id,
        number,
        key: `ACME-${number}`,
        title: number === 2 ? '=HYPERLINK("x"), "quoted"' : 'Login fails',
        description: '',
        kind: 'incident',
        initiatorId: cast.aContact.id,
        status: 'IN_PROGRESS',
        createdAt: opened,
        severity: 'URGENT',
        severityAgreedAt: opened,
        slaDueAt: new Date(opened.getTime() + 1_800_000),
        slaBreachedAt: breached ? new Date(opened.getTime() + 1_800_000) : null,
        firstResponseAt: new Date(opened.getTime() + wait * 1000),
      });
    }
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const REPORT = `query($orgId: ID!, $month: String!) {
    slaReport(orgId: $orgId, month: $month) {
      org { slug } month timeZone since until complete
      severities { severity target { minutes clock } figures { opened responded responseMedianSeconds responseP90Seconds met breached metRatio } }
      total { opened met breached }
      breaches { key severity breachedAt }
      alarms { triggered ackMedianSeconds }
      providerAlarms { triggered }
    }
  }`;

  it("answers a client admin their org's report, B's admin not found and A's contact forbidden", async () => {
    const own = await gql(server.url, cast.aAdmin.token, REPORT, { orgId: cast.a.id, month: '2026-11' });
    expect(own.errors).toBeUndefined();
    const report = own.data!.slaReport;
    expect(report).toMatchObject({ month: '2026-11', timeZone: 'Europe/Stockholm', since: '2026-10-31T23:00:00.000Z', complete: false, providerAlarms: null });
    expect(report.severities[0]).toEqual({
      severity: 'URGENT',
      target: { minutes: 30, clock: 'CONTINUOUS' },
      figures: { opened: 2, responded: 2, responseMedianSeconds: 2100, responseP90Seconds: 3300, met: 1, breached: 1, metRatio: 0.5 },
    });
    expect(report.breaches).toEqual([{ key: 'ACME-2', severity: 'URGENT', breachedAt: '2026-11-03T10:30:00.000Z' }]);
    expect(report.alarms).toEqual({ triggered: 0, ackMedianSeconds: null });

    expect(codeOf(await gql(server.url, cast.bAdmin.token, REPORT, { orgId: cast.a.id, month: '2026-11' }))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, cast.aContact.token, REPORT, { orgId: cast.a.id, month: '2026-11' }))).toBe('FORBIDDEN');
    const staff = await gql(server.url, cast.providerAgent.token, REPORT, { orgId: cast.a.id, month: '2026-11' });
    expect(staff.data!.slaReport.providerAlarms).toEqual({ triggered: 0 });
  });

  const get = (path: string, headers: Record<string, string>) => fetch(`${server.url}${path}`, { headers: { origin: server.url, ...headers } });

  it('downloads the report as CSV with the session and its CSRF token, or a bearer token', async () => {
    const session = await signInWithToken(server.url, cast.aAdmin.token);
    const response = await get(`/reports/sla/${cast.a.id}/2026-11`, { cookie: session.cookie, 'x-opsdesk-csrf': session.csrfToken });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="opsdesk-sla-acme-[a-z0-9]+-2026-11\.csv"$/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,item,measure,value');
    expect(lines).toContain('tickets,URGENT,responseMedianSeconds,2100');
    expect(lines).toContain('tickets,URGENT,metRatio,0.5');
    expect(lines).toContain('tickets,ALL,breached,1');
    expect(lines).toContain('breach,ACME-2,breachedAt,2026-11-03T10:30:00.000Z');
    // A title that looks like a formula is defused and quoted.
    expect(lines).toContain(`breach,ACME-2,title,"'=HYPERLINK(""x""), ""quoted"""`);
    expect(lines.some((l) => l.startsWith('alarms,provider,'))).toBe(false);
    // Satisfaction: nobody rated a closure of the month (the ratings' figures are tested in the core).
    expect(lines.filter((l) => l.startsWith('satisfaction,'))).toEqual([
      'satisfaction,org,ratings,0',
      'satisfaction,org,average,',
      ...[1, 2, 3, 4, 5].map((n) => `satisfaction,score ${n},ratings,0`),
    ]);

    const bearer = await get(`/reports/sla/${cast.a.id}/2026-11`, { authorization: `Bearer ${cast.providerAgent.token}` });
    expect(bearer.status).toBe(200);
    expect(await bearer.text()).toContain('alarms,provider,triggered,0');
  });

  it('refuses the cookie without its CSRF token, a stranger, another org and a bad month, as JSON errors', async () => {
    const session = await signInWithToken(server.url, cast.aAdmin.token);
    expect((await get(`/reports/sla/${cast.a.id}/2026-11`, { cookie: session.cookie })).status).toBe(403);
    expect((await get(`/reports/sla/${cast.a.id}/2026-11`, {})).status).toBe(401);
    const other = await get(`/reports/sla/${cast.b.id}/2026-11`, { cookie: session.cookie, 'x-opsdesk-csrf': session.csrfToken });
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const unknown = await get(`/reports/sla/${randomUUID()}/2026-11`, { authorization: `Bearer ${cast.aAdmin.token}` });
    expect(unknown.status).toBe(404);
    const bad = await get(`/reports/sla/${cast.a.id}/2026-13`, { authorization: `Bearer ${cast.aAdmin.token}` });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_INPUT');
  });
});
