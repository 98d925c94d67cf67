/**
 * Tampering with superuser SQL on a chain whose checkpoint was taken before: each tamper is found
 * by verify against that checkpoint, whatever the tamperer did to the triggers, the hashes or the head.
 */
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEvent } from '../../core/audit/chain.ts';
import { signCheckpoint } from '../../core/audit/checkpoint.ts';
import { signCheckpointWith, verifyAuditTrailWith, type VerifyResult } from '../../core/audit/index.ts';
import { ephemeralAuditSigningKey } from '../../core/audit/signing-key.ts';
import type { Core } from '../../core/core.ts';
import type { Tx } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from '../../db/schema.ts';
import { operator, startCore } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';

describe.each(backends)('tampering with the audit trail on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  const key = ephemeralAuditSigningKey('opsdesk.test/tamper');

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { auditKey: key });
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  /**
   * A client org with some history, a checkpoint its admin took away, and more history after it.
   * Returns the checkpoint and how many events it covers.
   */
  async function chainWithCheckpoint(slug: string) {
    const orgId = (await makeClientOrg(core, `${slug}-${backend}`)).id;
    await makePerson(core, orgId, ['contact']);
    await makePerson(core, orgId, ['space_admin']);
    const checkpoint = await core.execute(signCheckpointWith(key), operator(), { orgId });
    await makePerson(core, orgId, ['contact']);
    return { orgId, note: checkpoint.note, size: checkpoint.size };
  }

  /** A superuser's way past every trigger: replication role, in one transaction. */
  const asSuperuser = (work: (tx: Tx) => Promise<unknown>) =>
    db.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await work(tx);
    });

  const verify = (orgId: string, checkpoint?: string) => core.read(verifyAuditTrailWith(key), operator(), { orgId, checkpoint });
  const kinds = (result: VerifyResult) => result.problems.map((p) => p.kind);
  const rowsOf = (orgId: string, fromSeq = 1) =>
    db.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, orgId), gte(auditEvents.seq, fromSeq)))
      .orderBy(asc(auditEvents.seq));

  it('an intact chain extends the checkpoint taken before', async () => {
    const { orgId, note, size } = await chainWithCheckpoint('intact');
    expect(await verify(orgId, note)).toMatchObject({ ok: true, checkpointSize: size, problems: [] });
  });

  it('finds one row altered', async () => {
    const { orgId, note } = await chainWithCheckpoint('altered');
    await asSuperuser((tx) => tx.execute(sql`update audit_events set actor_name = 'Mallory' where chain_id = ${orgId} and seq = 2`));
    const result = await verify(orgId, note);
    expect(result).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'event 2 was altered after it was written' });
  });

  it('finds a row altered with its own hash recomputed', async () => {
    const { orgId, note } = await chainWithCheckpoint('rehashed');
    const [row] = await rowsOf(orgId, 2);
    const { hash: _old, ...fields } = { ...row!, actorName: 'Mallory' };
    await asSuperuser((tx) =>
      tx.execute(sql`update audit_events set actor_name = 'Mallory', hash = ${hashEvent(fields)} where chain_id = ${orgId} and seq = 2`),
    );
    const result = await verify(orgId, note);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ kind: 'broken_link', seq: 3, message: 'event 3 does not link to the event before it' });
  });

  it('finds a middle row deleted', async () => {
    const { orgId, note } = await chainWithCheckpoint('gap');
    await asSuperuser((tx) => tx.execute(sql`delete from audit_events where chain_id = ${orgId} and seq = 3`));
    expect(await verify(orgId, note)).toMatchObject({ ok: false, brokenAtSeq: 3, reason: 'event 3 is missing' });
  });

  it('finds the last rows deleted with the head rolled back, which the chain alone cannot show', async () => {
    const { orgId, note, size } = await chainWithCheckpoint('tail');
    const keep = size - 2;
    const [last] = await rowsOf(orgId, keep);
    await asSuperuser(async (tx) => {
      await tx.execute(sql`delete from audit_events where chain_id = ${orgId} and seq > ${keep}`);
      await tx.execute(sql`update audit_chain_heads set seq = ${keep}, hash = ${last!.hash} where chain_id = ${orgId}`);
    });
    expect((await verify(orgId)).ok).toBe(true);
    const result = await verify(orgId, note);
    expect(result).toMatchObject({ ok: false, brokenAtSeq: keep + 1 });
    expect(result.reason).toMatch(new RegExp(`the chain has ${keep} events, fewer than the ${size} the checkpoint of .* vouches for: events were removed`));
  });

  it('finds the head row deleted', async () => {
    const { orgId, note } = await chainWithCheckpoint('headless');
    await asSuperuser((tx) => tx.execute(sql`delete from audit_chain_heads where chain_id = ${orgId}`));
    const result = await verify(orgId, note);
    expect(kinds(result)).toEqual(['missing_head']);
    expect(result.reason).toMatch(/the chain has no head .*: the head was deleted/);
  });

  it('finds the whole chain deleted', async () => {
    const { orgId, note, size } = await chainWithCheckpoint('erased');
    await asSuperuser(async (tx) => {
      await tx.execute(sql`delete from audit_events where chain_id = ${orgId}`);
      await tx.execute(sql`delete from audit_chain_heads where chain_id = ${orgId}`);
    });
    const result = await verify(orgId, note);
    expect(kinds(result).sort()).toEqual(['chain_deleted', 'checkpoint_not_extended']);
    expect(result.problems.map((p) => p.message)).toContain('no events although the org exists: the chain was deleted');
    expect(result.problems.map((p) => p.message).join('\n')).toContain(`fewer than the ${size} the checkpoint`);
  });

  it('finds the chain rewritten from event k, with every hash recomputed and a forged event appended', async () => {
    const { orgId, note, size } = await chainWithCheckpoint('rewritten');
    const k = 3;
    const original = await rowsOf(orgId);
    // The tamperer keeps events before k, rewrites the rest with the public hash function, and adds one.
    const kept = original.filter((r) => r.seq < k);
    let prevHash = kept[kept.length - 1]!.hash;
    const forged: AuditEventRow[] = [];
    // It drops the checkpoint events the chain holds: they would give the rewrite away on their own.
    const rewritten = original.filter((r) => r.seq >= k && r.action !== 'audit.checkpoint_signed');
    let seq = k;
    for (const row of [...rewritten, { ...rewritten[rewritten.length - 1]!, action: 'person.roles_set' }]) {
      const fields = { ...row, seq: seq++, actorName: 'opsdesk cli', data: { ...(row.data as object), forged: true }, prevHash };
      const { hash: _old, ...hashed } = fields;
      const hash = hashEvent(hashed);
      forged.push({ ...hashed, hash });
      prevHash = hash;
    }
    await asSuperuser(async (tx) => {
      await tx.execute(sql`delete from audit_events where chain_id = ${orgId} and seq >= ${k}`);
      await tx.insert(auditEvents).values(forged);
      await tx.execute(sql`update audit_chain_heads set seq = ${forged[forged.length - 1]!.seq}, hash = ${prevHash} where chain_id = ${orgId}`);
    });
    expect((await verify(orgId)).ok).toBe(true);
    const result = await verify(orgId, note);
    expect(result).toMatchObject({ ok: false, brokenAtSeq: size });
    expect(result.reason).toMatch(new RegExp(`event ${size} is not the one the checkpoint of .* signed: the chain was rewritten at or before it`));
  });

  it('finds two rows swapped', async () => {
    const { orgId, note } = await chainWithCheckpoint('swapped');
    await asSuperuser(async (tx) => {
      await tx.execute(sql`update audit_events set seq = -1 where chain_id = ${orgId} and seq = 2`);
      await tx.execute(sql`update audit_events set seq = 2 where chain_id = ${orgId} and seq = 3`);
      await tx.execute(sql`update audit_events set seq = 3 where chain_id = ${orgId} and seq = -1`);
    });
    const result = await verify(orgId, note);
    expect(result).toMatchObject({ ok: false, brokenAtSeq: 2 });
    expect(kinds(result)).toEqual(expect.arrayContaining(['broken_link', 'altered']));
  });

  it("finds the table owner's tail truncation, made by disabling the triggers and rolling the head back", async () => {
    const { orgId, note, size } = await chainWithCheckpoint('owner');
    const keep = size - 1;
    const [last] = await rowsOf(orgId, keep);
    await db.database.db.transaction(async (tx) => {
      // What the owner of the tables may do without being a superuser.
      await tx.execute(sql.raw('alter table audit_events disable trigger user'));
      await tx.execute(sql.raw('alter table audit_chain_heads disable trigger user'));
      await tx.execute(sql`delete from audit_events where chain_id = ${orgId} and seq > ${keep}`);
      await tx.execute(sql`update audit_chain_heads set seq = ${keep}, hash = ${last!.hash} where chain_id = ${orgId}`);
      await tx.execute(sql.raw('alter table audit_chain_heads enable trigger user'));
      await tx.execute(sql.raw('alter table audit_events enable trigger user'));
    });
    expect((await verify(orgId)).ok).toBe(true);
    expect(await verify(orgId, note)).toMatchObject({ ok: false, brokenAtSeq: keep + 1, reason: expect.stringMatching(/events were removed/) });
  });

  it('refuses a checkpoint signed by another key, or made for another org', async () => {
    const { orgId } = await chainWithCheckpoint('foreign');
    const other = await chainWithCheckpoint('neighbour');
    // Same name, another key: what someone without the instance's key could sign.
    const stranger = ephemeralAuditSigningKey(key.name);
    const [last] = (await rowsOf(orgId)).slice(-1);
    const forged = signCheckpoint({ origin: key.name, size: last!.seq, headHash: last!.hash, orgId, signedAt: new Date() }, stranger);
    await expect(verify(orgId, forged)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'checkpoint: the note carries no signature by a known key' });
    await expect(verify(orgId, other.note)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: "checkpoint: it is another org's checkpoint" });
    const tampered = other.note.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 5}\n`);
    await expect(verify(other.orgId, tampered)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/does not verify/) });
  });
});
