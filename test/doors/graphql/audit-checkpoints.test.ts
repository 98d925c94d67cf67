/**
 * Signed checkpoints through the doors: the schedule (only chains that moved), GraphQL for the
 * org's admins (list, sign, follow live, verify against one), the public key at its well-known
 * address, and the weekly copy in the client's Slack channel.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckpoint } from '../../../core/audit/checkpoint.ts';
import { parseVerifierKey } from '../../../core/audit/note.ts';
import { ManualClock } from '../../../core/clock.ts';
import { resultRows } from '../../../db/client.ts';
import { codeOf, collect, eventually, gql, wsClient } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { linkSlackChannel, makePerson, makeTenants, startTestServer, type TestServer } from '../../support/server.ts';
import { fakeSlackApi, PROVIDER_TEAM, slackEnv, type FakeSlackApi } from '../../support/slack.ts';

const CHECKPOINTS = `query($o: ID!) { auditCheckpoints(orgId: $o) { nodes { orgId seq size headHash signedAt keyId reason note } pageInfo { hasNextPage } } }`;
const SIGN = `mutation($o: ID!) { signAuditCheckpoint(orgId: $o) { seq size reason note } }`;
const VERIFY = `query($o: ID!, $c: String) { verifyAuditTrail(orgId: $o, checkpoint: $c) { ok events checkpointSize reason problems { kind seq message } } }`;

describe.each(backends)('signed audit checkpoints on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let cast: Awaited<ReturnType<typeof makeTenants>>;
  // A Monday morning in Stockholm, after 09:00: the first weekly post is next Monday.
  const clock = new ManualClock('2026-11-23T09:30:00Z');

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      clock,
      env: slackEnv,
      auditSchedule: true,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 5, pollMs: 100 } },
    });
    cast = await makeTenants(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const as = (token: string, query: string, variables: Record<string, unknown>) => gql(server.url, token, query, variables);
  /** As the provider admin, newest first. */
  const checkpointsOf = async (orgId: string) => (await as(server.adminToken, CHECKPOINTS, { o: orgId })).data!.auditCheckpoints.nodes;
  const events = async (orgId: string) =>
    resultRows<{ n: number }>(await db.database.db.execute(sql`select count(*)::int as n from audit_events where chain_id = ${orgId}`))[0]!.n;

  it('signs every chain on the first round, and afterwards only the chains that moved', async () => {
    await server.core.timers.runDue();
    const [first] = await checkpointsOf(cast.a.id);
    expect(first).toMatchObject({ orgId: cast.a.id, reason: 'SCHEDULE', size: (await events(cast.a.id)) - 1, seq: await events(cast.a.id) });
    expect(await checkpointsOf(cast.b.id)).toHaveLength(1);
    expect(await checkpointsOf(server.core.providerId!)).toHaveLength(1);

    await makePerson(server.core, cast.a.id, ['contact']);
    clock.advance(61 * 60_000);
    await server.core.timers.runDue();
    expect((await checkpointsOf(cast.a.id)).map((c: { size: number }) => c.size)).toEqual([(await events(cast.a.id)) - 1, first.size]);
    expect(await checkpointsOf(cast.b.id)).toHaveLength(1);
    expect(await checkpointsOf(server.core.providerId!)).toHaveLength(1);
  });

  it("signs one on demand for the org's admins and streams it to them, and refuses a contact and another client's admin", async () => {
    const SUB = `subscription($o: ID!) { auditCheckpointSigned(orgId: $o) { orgId seq size reason note } }`;
    const adminWs = wsClient(server.url, cast.aAdmin.token);
    const intruderWs = wsClient(server.url, cast.bAdmin.token);
    try {
      const admin = collect(adminWs, SUB, { o: cast.a.id });
      const intruder = collect(intruderWs, SUB, { o: cast.a.id });
      await intruder.until(() => intruder.errors.length > 0);
      expect((intruder.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      await new Promise((r) => setTimeout(r, 100)); // let the subscription register

      const signed = await as(cast.aAdmin.token, SIGN, { o: cast.a.id });
      expect(signed.errors).toBeUndefined();
      expect(signed.data!.signAuditCheckpoint).toMatchObject({ reason: 'DEMAND', seq: await events(cast.a.id) });
      await admin.until(() => admin.received.length === 1);
      expect(admin.received[0].auditCheckpointSigned).toEqual({ orgId: cast.a.id, ...signed.data!.signAuditCheckpoint });
      expect(codeOf(await as(cast.aContact.token, SIGN, { o: cast.a.id }))).toBe('FORBIDDEN');
      expect(codeOf(await as(cast.bAdmin.token, SIGN, { o: cast.a.id }))).toBe('NOT_FOUND');
      expect(codeOf(await as(cast.aContact.token, CHECKPOINTS, { o: cast.a.id }))).toBe('FORBIDDEN');
      expect(intruder.received).toEqual([]);
    } finally {
      await Promise.all([adminWs.dispose(), intruderWs.dispose()]);
    }
  });

  it('serves the public key without sign-in, and it checks the checkpoints the org holds', async () => {
    const response = await fetch(`${server.url}/.well-known/opsdesk-audit-key`);
    expect(response.status).toBe(200);
    const published = (await response.json()) as { algorithm: string; keyName: string; keyId: string; verifierKey: string; publicKeyPem: string };
    expect(published).toMatchObject({ algorithm: 'Ed25519', keyName: server.core.auditKey.name, keyId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(published.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(JSON.stringify(published)).not.toMatch(/PRIVATE/);
    const [latest] = await checkpointsOf(cast.a.id);
    expect(openCheckpoint(latest.note, [parseVerifierKey(published.verifierKey)])).toMatchObject({ orgId: cast.a.id, size: latest.size });
  });

  it('proves the chain extends a checkpoint, and names what differs once the tail was cut and the head rolled back', async () => {
    const [held] = await checkpointsOf(cast.b.id);
    await makePerson(server.core, cast.b.id, ['contact']);
    const intact = await as(cast.bAdmin.token, VERIFY, { o: cast.b.id, c: held.note });
    expect(intact.data!.verifyAuditTrail).toMatchObject({ ok: true, checkpointSize: held.size, problems: [] });
    expect(codeOf(await as(cast.bAdmin.token, VERIFY, { o: cast.b.id, c: held.note.replace('\norg ', '\norg x') }))).toBe('INVALID_INPUT');

    const keep = held.size - 1;
    await db.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`delete from audit_events where chain_id = ${cast.b.id} and seq > ${keep}`);
      await tx.execute(sql`update audit_chain_heads h set seq = e.seq, hash = e.hash from audit_events e where h.chain_id = ${cast.b.id} and e.chain_id = h.chain_id and e.seq = ${keep}`);
    });
    expect((await as(cast.bAdmin.token, VERIFY, { o: cast.b.id })).data!.verifyAuditTrail.ok).toBe(true);
    const broken = (await as(cast.bAdmin.token, VERIFY, { o: cast.b.id, c: held.note })).data!.verifyAuditTrail;
    expect(broken).toMatchObject({ ok: false, events: keep, problems: [{ kind: 'checkpoint_not_extended', seq: keep + 1 }] });
    // A chain whose own links are broken is not signed: the rounds say so in the log and leave it alone.
    await db.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`update audit_events set actor_name = 'Mallory' where chain_id = ${cast.b.id} and seq = 2`);
    });
    const refused = await as(cast.bAdmin.token, SIGN, { o: cast.b.id });
    expect(codeOf(refused)).toBe('CONFLICT');
    expect(refused.errors![0]!.message).toMatch(/event 2 was altered after it was written\), so it is not signed/);
  });

  it("posts the latest checkpoint of each client org to its linked client channel every Monday", async () => {
    await linkSlackChannel(server.core, cast.a.id, PROVIDER_TEAM, 'CACMESHARE', 'client');
    const [latest] = await checkpointsOf(cast.a.id);
    clock.set(new Date('2026-11-30T08:05:00Z')); // Monday 09:05 in Stockholm
    await server.core.timers.runDue();
    await eventually(() => slack.callsTo('chat.postMessage').some((c) => c.args.channel === 'CACMESHARE'));
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CACMESHARE');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]!.args.blocks)).toContain(JSON.stringify(latest.note).slice(1, -1));
    expect(slack.callsTo('chat.postMessage').some((c) => /audit checkpoint/.test(String(c.args.text)) && c.args.channel !== 'CACMESHARE')).toBe(false);
  });
});
