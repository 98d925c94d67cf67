/**
 * `/status` in Slack (issue 15): signed slash commands into the real Bolt app. Provider staff are
 * shown every service with its state and every open incident; a client person only the public
 * services and their org's, and the incidents touching those; both answers are for them alone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { declareIncident } from '../../../core/incidents/index.ts';
import { createProbe, createService, setServiceOrgs } from '../../../core/status/index.ts';
import { recordProbeResult } from '../../../core/status/probes.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { CLIENT_TEAM, fakeSlackApi, postSlackCommand, PROVIDER_TEAM, slackEnv, SLACK_SIGNING_SECRET, slashCommand, type FakeSlackApi } from '../../support/slack.ts';

const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT01' };
const contactSlack = { teamId: CLIENT_TEAM, userId: 'UCONTACT1' };

describe.each(backends)('/status in Slack on %s', (backend) => {
  let db: TestDatabase;
  let slack: FakeSlackApi;
  let server: TestServer;

  /** One probe result now, as a probe run records it. */
  const record = (probeId: string, up: boolean) =>
    server.core.transact(
      systemActor('scheduler', 'scheduler', `test-${randomUUID()}`),
      (ctx) => recordProbeResult(ctx, probeId, new Date(), up ? { up, latencyMs: 80, statusCode: 200, error: null } : { up, latencyMs: 5000, statusCode: null, error: 'timeout' }),
      { requireRecord: false },
    );

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { env: slackEnv, slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } } });
    const { core } = server;
    const acme = await makeClientOrg(core, 'acme');
    const beta = await makeClientOrg(core, 'beta');
    await makePerson(core, core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    await makePerson(core, acme.id, ['contact'], { name: 'Cleo Client', slack: contactSlack });
    const checkout = await core.execute(createService, operator(), { name: 'Checkout API', isPublic: true });
    const billing = await core.execute(createService, operator(), { name: 'Billing', isPublic: false, orgIds: [acme.id] });
    const ledger = await core.execute(createService, operator(), { name: 'Beta ledger', isPublic: false });
    await core.execute(setServiceOrgs, operator(), { serviceId: ledger.id, orgIds: [beta.id] });
    const probe = async (serviceId: string) =>
      (await core.execute(createProbe, operator(), { serviceId, name: 'health', url: 'http://127.0.0.1:9/health', intervalSeconds: 60, failureThreshold: 1, successThreshold: 1 })).id;
    await record(await probe(checkout.id), true);
    await record(await probe(billing.id), false);
    await core.execute(declareIncident, operator(), { title: 'Billing runs late', impact: 'minor', message: 'Invoices are delayed.', serviceIds: [billing.id] });
    await core.execute(declareIncident, operator(), { title: 'Ledger rebuild', impact: 'major', message: 'Ledger is read-only.', serviceIds: [ledger.id] });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const status = (user: { teamId: string; userId: string }, channel: string) => postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(user, channel, '/status', ''));

  it('shows provider staff every service with its state, and every open incident, to them alone', async () => {
    const answer = await status(agentSlack, 'CSUPPORT1');
    expect(answer.status).toBe(200);
    expect(answer.json.response_type).toBe('ephemeral');
    expect(answer.json.text).toBe('Service status: Beta ledger no data yet, Billing down, Checkout API operational; 2 open incidents');
    const blocks = JSON.stringify(answer.json.blocks);
    expect(blocks).toContain(':red_circle: *Billing*: Down (internal)');
    expect(blocks).toContain(':large_green_circle: *Checkout API*: Operational');
    expect(blocks).toContain(':white_circle: *Beta ledger*: No data yet (internal)');
    expect(blocks).toContain('*Billing runs late* (investigating, minor impact): Billing');
    expect(blocks).toContain('*Ledger rebuild* (investigating, major impact): Beta ledger');
  });

  it("shows a client person the public services and their org's, and only the incidents touching those", async () => {
    const answer = await status(contactSlack, 'CACMESHARED');
    expect(answer.status).toBe(200);
    expect(answer.json.response_type).toBe('ephemeral');
    expect(answer.json.text).toBe('Service status: Billing down, Checkout API operational; 1 open incident');
    const blocks = JSON.stringify(answer.json.blocks);
    expect(blocks).toContain('*Billing runs late*');
    expect(blocks).not.toContain('Beta ledger');
    expect(blocks).not.toContain('Ledger rebuild');
  });
});
