import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineCommand } from '../../core/command.ts';
import { resultRows } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { actorOfPerson, setRoles } from '../../core/directory/index.ts';
import { verifyChain } from '../../core/audit/verify.ts';
import { verifyAllChainsWith } from '../../core/audit/index.ts';
import type { Core } from '../../core/core.ts';
import { createCore } from '../../core/index.ts';
import { signCheckpointWith } from '../../core/audit/index.ts';
import { ephemeralAuditSigningKey } from '../../core/audit/signing-key.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { declareTestEvents, startCore, operator } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';
import { coreCapabilities } from '../../app/capabilities.ts';

describe.each(backends)('the audit trail on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let orgId: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
    declareTestEvents(core, ['test.recorded']);
    orgId = (await makeClientOrg(core, 'acme')).id;
    await makePerson(core, orgId, ['contact']);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  const raw = (query: string) => db.database.db.execute(sql.raw(query));
  /** A superuser's way past every trigger, in one transaction (one connection of the pool). */
  const pastTheTriggers = (...statements: string[]) =>
    db.database.db.transaction(async (tx) => {
      await tx.execute(sql.raw('set local session_replication_role = replica'));
      for (const statement of statements) await tx.execute(sql.raw(statement));
    });
  /** drizzle wraps driver errors ("Failed query: ..."); the database's own words are the cause. */
  const databaseMessage = (promise: Promise<unknown>) =>
    promise.then(
      () => 'no error',
      (error: { cause?: { message?: string }; message: string }) => error.cause?.message ?? error.message,
    );

  it('refuses UPDATE, DELETE and TRUNCATE on audit events in the database itself', async () => {
    expect(await databaseMessage(raw(`update audit_events set action = 'forged'`))).toMatch(/append-only: UPDATE refused/);
    expect(await databaseMessage(raw(`delete from audit_events`))).toMatch(/append-only: DELETE refused/);
    expect(await databaseMessage(raw(`truncate audit_events`))).toMatch(/append-only: TRUNCATE refused/);
    expect((await verifyChain(db.database.db, orgId)).ok).toBe(true);
  });

  it('keeps every chain valid when many commands on one org run at once', async () => {
    const person = await makePerson(core, orgId, ['contact']);
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        core.execute(setRoles, operator(), { orgId, personId: person.id, roles: i % 2 ? ['contact'] : ['space_admin'] }),
      ),
    );
    const result = await verifyChain(db.database.db, orgId);
    expect(result).toMatchObject({ ok: true });
    expect(result.events).toBeGreaterThanOrEqual(33);
    const seqs = resultRows<{ seq: number }>(
      await db.database.db.execute(sql`select seq::int as seq from audit_events where chain_id = ${orgId} order by seq`),
    ).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });

  it('appends the events of one command in the order recorded, across chains, each with its own request id when given', async () => {
    const other = (await makeClientOrg(core, 'globex')).id;
    const recordMany = defineCommand({
      name: 'recordMany',
      input: z.object({}),
      async run(ctx) {
        // Runs of one chain (a, a), another chain (b), the first again (a): order is kept throughout.
        for (const [org, label, requestId] of [
          [orgId, 'a1', 'req-a1'],
          [orgId, 'a2', undefined],
          [other, 'b1', 'req-b1'],
          [orgId, 'a3', 'req-a3'],
        ] as const) {
          await ctx.record({ orgId: org, action: 'test.recorded', subjectType: 'test', subjectId: label, data: { label }, requestId });
        }
      },
    });
    const actor = operator();
    const events: string[] = [];
    const unsubscribe = core.bus.subscribe((event) => {
      if (event.type === 'test.recorded') events.push(`${event.subjectId}:${event.requestId}`);
    });
    await core.execute(recordMany, actor, {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    expect(events).toEqual(['a1:req-a1', `a2:${actor.requestId}`, 'b1:req-b1', 'a3:req-a3']);
    const trail = resultRows<{ subject_id: string; chain_id: string; request_id: string }>(
      await db.database.db.execute(sql`select subject_id, chain_id, request_id from audit_events where action = 'test.recorded' order by chain_id = ${other}, seq`),
    );
    expect(trail.map((r) => `${r.subject_id}:${r.request_id}`)).toEqual(['a1:req-a1', `a2:${actor.requestId}`, 'a3:req-a3', 'b1:req-b1']);
    expect((await verifyChain(db.database.db, orgId)).ok).toBe(true);
    expect((await verifyChain(db.database.db, other)).ok).toBe(true);
  });

  it('finds a row altered behind the triggers back, naming the first broken link', async () => {
    const victimOrg = (await makeClientOrg(core, 'victim')).id;
    await makePerson(core, victimOrg, ['contact']);
    await makePerson(core, victimOrg, ['contact']);
    await raw('alter table audit_events disable trigger audit_events_refuse_update_delete');
    await db.database.db.execute(
      sql`update audit_events set data = '{"name":"forged"}'::jsonb where chain_id = ${victimOrg} and seq = 2`,
    );
    await raw('alter table audit_events enable trigger audit_events_refuse_update_delete');
    expect(await verifyChain(db.database.db, victimOrg)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: expect.stringMatching(/altered/) });
    const all = await core.read(verifyAllChainsWith(undefined), operator(), {});
    expect(all.filter((r) => !r.ok).map((r) => r.chainId)).toEqual([victimOrg]);
  });

  it('finds an event removed from the end of a chain', async () => {
    const org = (await makeClientOrg(core, 'shrunk')).id;
    await makePerson(core, org, ['contact']);
    await raw('alter table audit_events disable trigger audit_events_refuse_update_delete');
    await db.database.db.execute(sql`delete from audit_events where chain_id = ${org} and seq = 3`);
    await raw('alter table audit_events enable trigger audit_events_refuse_update_delete');
    expect(await verifyChain(db.database.db, org)).toMatchObject({ ok: false, reason: expect.stringMatching(/removed/) });
  });

  it('refuses to delete or truncate a chain head, or to move it backwards, in the database itself', async () => {
    const org = (await makeClientOrg(core, 'headstrong')).id;
    await makePerson(core, org, ['contact']);
    expect(await databaseMessage(raw(`delete from audit_chain_heads where chain_id = '${org}'`))).toMatch(/audit_chain_heads only moves forward: DELETE refused/);
    expect(await databaseMessage(raw(`truncate audit_chain_heads`))).toMatch(/audit_chain_heads only moves forward: TRUNCATE refused/);
    expect(await databaseMessage(raw(`update audit_chain_heads set seq = seq - 1 where chain_id = '${org}'`))).toMatch(/audit_chain_heads only moves forward: UPDATE refused/);
    expect(await databaseMessage(raw(`update audit_chain_heads set hash = '${'f'.repeat(64)}' where chain_id = '${org}'`))).toMatch(/UPDATE refused/);
    expect((await verifyChain(db.database.db, org)).ok).toBe(true);
  });

  it('reports a chain whose head row was deleted, instead of leaving it out', async () => {
    const org = (await makeClientOrg(core, 'headless')).id;
    await makePerson(core, org, ['contact']);
    await pastTheTriggers(`delete from audit_chain_heads where chain_id = '${org}'`);
    const result = (await core.read(verifyAllChainsWith(undefined), operator(), {})).find((r) => r.chainId === org);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/no head/) });
  });

  it('reports an org whose whole chain was deleted', async () => {
    const org = (await makeClientOrg(core, 'erased')).id;
    await pastTheTriggers(`delete from audit_events where chain_id = '${org}'`, `delete from audit_chain_heads where chain_id = '${org}'`);
    const result = (await core.read(verifyAllChainsWith(undefined), operator(), {})).find((r) => r.chainId === org);
    expect(result).toMatchObject({ ok: false, events: 0, reason: expect.stringMatching(/no events although the org exists/) });
  });

  it('reports a chain that no org has as orphaned', async () => {
    const stray = randomUUID();
    await raw(`insert into audit_chain_heads (chain_id, seq, hash) values ('${stray}', 0, '${'0'.repeat(64)}')`);
    const result = (await core.read(verifyAllChainsWith(undefined), operator(), {})).find((r) => r.chainId === stray);
    expect(result).toMatchObject({ ok: false, events: 0, problems: [{ kind: 'orphaned', seq: null }] });
  });

  it("verifies every chain for the provider's admins and the operator only", async () => {
    const actorOf = async (personId: string) => (await core.read(actorOfPerson, operator(), { personId, door: 'graphql', requestId: 'req' }))!;
    const verifyAll = verifyAllChainsWith(core.auditKey);
    const providerAdmin = await actorOf((await makePerson(core, core.providerId!, ['admin'])).id);
    expect((await core.read(verifyAll, providerAdmin, {})).map((r) => r.chainId)).toEqual(
      expect.arrayContaining([core.providerId!, orgId]),
    );
    for (const roles of [['agent'], ['contract_admin']] as const) {
      const person = await makePerson(core, roles[0] === 'agent' ? core.providerId! : orgId, [...roles]);
      await expect(core.read(verifyAll, await actorOf(person.id), {})).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: "only the provider's admins read every organisation's audit trail",
      });
    }
  });

  it('warns at start when this instance signs with another key than the latest checkpoint', async () => {
    await core.execute(signCheckpointWith(core.auditKey), operator(), { orgId: core.providerId! });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const other = createCore({ capabilities: await coreCapabilities(), database: db.database, logger, timers: { autoArm: false }, audit: { key: ephemeralAuditSigningKey(), schedule: true } });
    await other.start();
    await other.stop();
    const warning = lines.map((line) => JSON.parse(line)).find((entry) => /another key than the latest checkpoint/.test(entry.msg));
    expect(warning).toMatchObject({ keyId: other.auditKey.keyIdHex, latestCheckpointKeyId: core.auditKey.keyIdHex });
  });

  it('records who, through which door, which org, what and the request id', async () => {
    const actor = operator();
    const person = await makePerson(core, orgId, ['contact']);
    await core.execute(setRoles, actor, { orgId, personId: person.id, roles: ['space_owner'] });
    const rows = await db.database.db.select().from(auditEvents).where(sql`${auditEvents.requestId} = ${actor.requestId}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorType: 'system',
      actorId: 'cli',
      door: 'cli',
      orgId,
      chainId: orgId,
      action: 'person.roles_set',
      subjectType: 'person',
      subjectId: person.id,
      data: { before: ['contact'], after: ['space_owner'] },
    });
  });

  it('writes nothing when a command fails half-way', async () => {
    const before = await verifyChain(db.database.db, orgId);
    const person = await makePerson(core, orgId, ['contact']);
    const afterSetup = await verifyChain(db.database.db, orgId);
    await expect(
      core.execute(setRoles, operator(), { orgId, personId: person.id, roles: ['admin'] }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await verifyChain(db.database.db, orgId)).events).toBe(afterSetup.events);
    expect(afterSetup.events).toBeGreaterThan(before.events);
  });
});
