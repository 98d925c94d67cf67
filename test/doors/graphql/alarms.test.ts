import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { codeOf, collect, gql, wsClient } from '../../support/clients.ts';

const postAlarm = (url: string, source: string, secret: string, body: unknown) =>
  fetch(`${url}/hooks/alarms/${source}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });

const ALARM_FIELDS = 'id source state count severity summary acknowledgedBy acknowledgedAt rootCause followUpOpen escalationStep paged escalationPolicy { name steps { targetType scheduleId waitMinutes } }';

describe.each(backends)('alarms over GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let ada: MadePerson;
  let agent: MadePerson;
  let clientAdmin: MadePerson;
  let secret: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    ada = await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Ada' });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Agent' });
    clientAdmin = await makePerson(server.core, (await makeClientOrg(server.core, 'acme')).id, ['contract_admin']);
    const created = await gql(server.url, server.adminToken, `mutation { createAlarmSource(name: "Grafana") { source { id name } secret } }`);
    expect(created.data!.createAlarmSource.source.name).toBe('grafana');
    secret = created.data!.createAlarmSource.secret;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('sets up a rotation, a policy and a route, and tells who is on call now and next', async () => {
    const schedule = await gql(server.url, server.adminToken, `mutation($m: [ID!]!) { createSchedule(input: { name: "primary", timeZone: "Europe/Stockholm", startDate: "2026-11-16", members: $m }) { id handoffTime shiftDays } }`, { m: [ada.id, agent.id] });
    expect(schedule.data!.createSchedule).toMatchObject({ handoffTime: '09:00', shiftDays: 7 });
    const scheduleId = schedule.data!.createSchedule.id;
    const onCall = await gql(server.url, ada.token, `query($s: ID, $at: DateTime) { onCall(scheduleId: $s, at: $at) { schedule { name } now { personId from until } next { personId from } } }`, { s: scheduleId, at: '2026-11-18T12:00:00Z' });
    expect(onCall.data!.onCall).toEqual([{ schedule: { name: 'primary' }, now: { personId: ada.id, from: '2026-11-16T08:00:00.000Z', until: '2026-11-23T08:00:00.000Z' }, next: { personId: agent.id, from: '2026-11-23T08:00:00.000Z' } }]);
    const policy = await gql(server.url, server.adminToken, `mutation($s: ID!) { createEscalationPolicy(input: { name: "web", steps: [{ targetType: SCHEDULE, scheduleId: $s }, { targetType: CHANNEL, waitMinutes: 10 }], repeat: 1 }) { id steps { targetType scheduleId waitMinutes } repeat } }`, { s: scheduleId });
    expect(policy.data!.createEscalationPolicy.steps).toEqual([{ targetType: 'SCHEDULE', scheduleId, waitMinutes: 5 }, { targetType: 'CHANNEL', scheduleId: null, waitMinutes: 10 }]);
    const route = await gql(server.url, server.adminToken, `mutation($p: ID!) { setAlarmRoute(input: { source: "grafana", service: "web", policyId: $p }) { id service } }`, { p: policy.data!.createEscalationPolicy.id });
    expect(route.data!.setAlarmRoute.service).toBe('web');
    const refused = await gql(server.url, ada.token, `mutation { createAlarmSource(name: "sneaky") { secret } }`);
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it('shows a webhook alarm live to a subscriber, lets one person acknowledge it, and tells the next who was first', async () => {
    const client = wsClient(server.url, ada.token);
    const sub = collect(client, `subscription { alarmEvents { type subjectId payload } }`);
    await new Promise((r) => setTimeout(r, 100));
    const response = await postAlarm(server.url, 'grafana', secret, { fingerprint: 'web-down', summary: 'Web is down', severity: 'critical', service: 'web' });
    const alarmId = ((await response.json()) as { alarms: Array<{ alarmId: string }> }).alarms[0]!.alarmId;
    await sub.until(() => sub.received.some((r) => r.alarmEvents.subjectId === alarmId));
    expect(sub.received.find((r) => r.alarmEvents.subjectId === alarmId)!.alarmEvents.type).toBe('alarm.triggered');

    const alarm = await gql(server.url, ada.token, `query($id: ID!) { alarm(id: $id) { ${ALARM_FIELDS} } }`, { id: alarmId });
    expect(alarm.data!.alarm).toMatchObject({ source: 'grafana', state: 'TRIGGERED', severity: 'CRITICAL', escalationPolicy: { name: 'web' } });

    const acked = await gql(server.url, ada.token, `mutation($id: ID!) { acknowledgeAlarm(id: $id) { state acknowledgedBy source } }`, { id: alarmId });
    expect(acked.data!.acknowledgeAlarm).toEqual({ state: 'ACKNOWLEDGED', acknowledgedBy: 'Ada', source: 'grafana' });
    const again = await gql(server.url, server.adminToken, `mutation($id: ID!) { acknowledgeAlarm(id: $id) { state } }`, { id: alarmId });
    expect(codeOf(again)).toBe('INVALID_TRANSITION');
    expect(again.errors![0]!.message).toMatch(/^this alarm was already acknowledged by Ada at \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const byAgent = await gql(server.url, agent.token, `mutation($id: ID!) { resolveAlarm(id: $id) { state } }`, { id: alarmId });
    expect(codeOf(byAgent)).toBe('FORBIDDEN');
    await client.dispose();
  });

  it('keeps a follow-up open for an alarm resolved without a root cause, until one is written', async () => {
    const response = await postAlarm(server.url, 'grafana', secret, { fingerprint: 'disk', summary: 'Disk', severity: 'warning' });
    const alarmId = ((await response.json()) as { alarms: Array<{ alarmId: string }> }).alarms[0]!.alarmId;
    const resolved = await gql(server.url, ada.token, `mutation($id: ID!) { resolveAlarm(id: $id) { state followUpOpen } }`, { id: alarmId });
    expect(resolved.data!.resolveAlarm).toEqual({ state: 'RESOLVED', followUpOpen: true });
    const followUps = async () => (await gql(server.url, ada.token, `{ alarms(filter: { followUpOpen: true }) { nodes { id } } }`)).data!.alarms.nodes.map((n: { id: string }) => n.id);
    expect(await followUps()).toContain(alarmId);
    const written = await gql(server.url, ada.token, `mutation($id: ID!) { writeRootCause(id: $id, rootCause: "log rotation was off") { rootCause followUpOpen } }`, { id: alarmId });
    expect(written.data!.writeRootCause).toEqual({ rootCause: 'log rotation was off', followUpOpen: false });
    expect(await followUps()).not.toContain(alarmId);
  });

  it("names each alarm's source in a list, and lists one source's alarms alone", async () => {
    const other = (await gql(server.url, server.adminToken, `mutation { createAlarmSource(name: "nagios") { secret } }`)).data!.createAlarmSource.secret;
    await postAlarm(server.url, 'nagios', other, { fingerprint: 'named', summary: 'Named', severity: 'warning' });
    await postAlarm(server.url, 'grafana', secret, { fingerprint: 'named', summary: 'Named', severity: 'warning' });
    const listed = await gql(server.url, ada.token, `{ alarms(filter: { states: [TRIGGERED] }) { nodes { source fingerprint } } }`);
    const named = listed.data!.alarms.nodes.filter((n: { fingerprint: string }) => n.fingerprint === 'named').map((n: { source: string }) => n.source);
    expect(named.sort()).toEqual(['grafana', 'nagios']);
    const fromNagios = await gql(server.url, ada.token, `{ alarms(filter: { source: "nagios" }) { nodes { source } } }`);
    expect(fromNagios.data!.alarms.nodes).toEqual([{ source: 'nagios' }]);
  });

  it('pages through alarms newest first', async () => {
    for (const n of [1, 2, 3]) await postAlarm(server.url, 'grafana', secret, { fingerprint: `page-${n}`, summary: `Page ${n}`, severity: 'info' });
    const first = await gql(server.url, ada.token, `{ alarms(first: 2, filter: { severities: [INFO] }) { nodes { summary } pageInfo { hasNextPage endCursor } } }`);
    expect(first.data!.alarms.pageInfo.hasNextPage).toBe(true);
    const rest = await gql(server.url, ada.token, `query($after: String) { alarms(first: 2, after: $after, filter: { severities: [INFO] }) { nodes { summary } pageInfo { hasNextPage } } }`, { after: first.data!.alarms.pageInfo.endCursor });
    const summaries = [...first.data!.alarms.nodes, ...rest.data!.alarms.nodes].map((n: { summary: string }) => n.summary);
    expect(summaries.sort()).toEqual(['Page 1', 'Page 2', 'Page 3']);
    expect(rest.data!.alarms.pageInfo.hasNextPage).toBe(false);
  });

  it('shows client people nothing of alarms', async () => {
    const [any] = (await gql(server.url, ada.token, `{ alarms(first: 1) { nodes { id } } }`)).data!.alarms.nodes;
    const one = await gql(server.url, clientAdmin.token, `query($id: ID!) { alarm(id: $id) { id } }`, { id: any.id });
    expect(codeOf(one)).toBe('NOT_FOUND');
    expect(one.errors![0]!.message).toBe('alarm not found');
    expect(codeOf(await gql(server.url, clientAdmin.token, `{ alarms { nodes { id } } }`))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, clientAdmin.token, `{ schedules { id } }`))).toBe('NOT_FOUND');
    expect(codeOf(await gql(server.url, clientAdmin.token, `mutation($id: ID!) { acknowledgeAlarm(id: $id) { id } }`, { id: any.id }))).toBe('NOT_FOUND');
    const client = wsClient(server.url, clientAdmin.token);
    const sub = collect(client, `subscription { alarmEvents { type } }`);
    await sub.until(() => sub.errors.length > 0);
    expect((sub.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
    await client.dispose();
  });
});

describe.runIf(hasPostgres)('acknowledging one alarm on two instances at once', () => {
  let db: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    one = await startTestServer(db.database);
    two = await startTestServer(await db.openAnother());
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.dispose();
  });

  it('lets exactly one of the two instances win, every time', async () => {
    const ada = await makePerson(one.core, one.core.providerId!, ['oncall'], { name: 'Ada' });
    const bob = await makePerson(one.core, one.core.providerId!, ['oncall'], { name: 'Bob' });
    const { secret } = (await gql(one.url, one.adminToken, `mutation { createAlarmSource(name: "zabbix") { secret } }`)).data!.createAlarmSource;
    for (let round = 0; round < 10; round++) {
      const response = await postAlarm(two.url, 'zabbix', secret, { fingerprint: `race-${round}`, summary: 'Race', severity: 'critical' });
      const alarmId = ((await response.json()) as { alarms: Array<{ alarmId: string }> }).alarms[0]!.alarmId;
      const ack = `mutation($id: ID!) { acknowledgeAlarm(id: $id) { acknowledgedBy } }`;
      const [a, b] = await Promise.all([gql(one.url, ada.token, ack, { id: alarmId }), gql(two.url, bob.token, ack, { id: alarmId })]);
      const winners = [a, b].filter((r) => r.data?.acknowledgeAlarm);
      const losers = [a, b].filter((r) => codeOf(r) === 'INVALID_TRANSITION');
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      const winner = winners[0]!.data!.acknowledgeAlarm.acknowledgedBy;
      expect(losers[0]!.errors![0]!.message).toMatch(new RegExp(`^this alarm was already acknowledged by ${winner} at `));
    }
  });
});
