/**
 * Appending to and verifying the hash-chained audit trail.
 *
 * Each org has its own chain, so orgs never wait for each other; within one org the chain head's
 * row lock (taken in the command's transaction) orders appends, so concurrent commands on one
 * org still produce a gapless, valid chain.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, type AuditEventRow } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { canonicalJson, GENESIS_HASH, sha256Hex } from './canonical.ts';

export interface AuditEntry {
  chainId: string;
  orgId: string | null;
  at: Date;
  actor: Actor;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

type HashedFields = Omit<AuditEventRow, 'hash'>;

/** The hash of an event: SHA-256 over the previous hash and the canonical encoding of the event. */
export function hashEvent(event: HashedFields): string {
  const { prevHash, ...content } = event;
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

/** jsonb gives back what JSON can carry; hash exactly that, so verification recomputes the same bytes. */
const asJson = (data: Record<string, unknown>) => JSON.parse(JSON.stringify(data)) as Record<string, unknown>;

export async function appendAuditEvent(tx: Tx, entry: AuditEntry): Promise<AuditEventRow> {
  // Create the head lazily; ON CONFLICT makes concurrent first appends safe.
  await tx.insert(auditChainHeads).values({ chainId: entry.chainId, seq: 0, hash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx
    .select()
    .from(auditChainHeads)
    .where(eq(auditChainHeads.chainId, entry.chainId))
    .for('update');
  if (!head) throw new Error(`audit chain head ${entry.chainId} vanished`);

  const fields: HashedFields = {
    chainId: entry.chainId,
    seq: head.seq + 1,
    at: entry.at,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    actorName: entry.actor.name,
    door: entry.actor.door,
    orgId: entry.orgId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    data: asJson(entry.data),
    requestId: entry.actor.requestId,
    prevHash: head.hash,
  };
  const row: AuditEventRow = { ...fields, hash: hashEvent(fields) };
  await tx.insert(auditEvents).values(row);
  await tx
    .update(auditChainHeads)
    .set({ seq: row.seq, hash: row.hash })
    .where(eq(auditChainHeads.chainId, entry.chainId));
  return row;
}

export type VerifyResult =
  | { ok: true; chainId: string; events: number; headHash: string }
  | { ok: false; chainId: string; events: number; brokenAtSeq: number; reason: string };

const PAGE = 1000;

/** Walk one chain from its start, recomputing every link. Reports the first broken one. */
export async function verifyChain(db: Queryable, chainId: string): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, chainId), gt(auditEvents.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvents.seq))
      .limit(PAGE);
    for (const row of page) {
      const broken = (reason: string): VerifyResult => ({
        ok: false,
        chainId,
        events: expectedSeq - 1,
        brokenAtSeq: expectedSeq,
        reason,
      });
      if (row.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`);
      if (row.prevHash !== prevHash) return broken(`event ${row.seq} does not link to the event before it`);
      const { hash, ...fields } = row;
      if (hashEvent(fields) !== hash) return broken(`event ${row.seq} was altered after it was written`);
      prevHash = hash;
      expectedSeq++;
    }
    if (page.length < PAGE) break;
  }
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chainId, chainId));
  const count = expectedSeq - 1;
  if (head && (head.seq !== count || head.hash !== prevHash)) {
    return { ok: false, chainId, events: count, brokenAtSeq: count + 1, reason: `the chain ends at event ${count} but its head records event ${head.seq}: events were removed` };
  }
  return { ok: true, chainId, events: count, headHash: prevHash };
}

export async function allChainIds(db: Queryable): Promise<string[]> {
  const rows = await db.select({ chainId: auditChainHeads.chainId }).from(auditChainHeads).orderBy(sql`1`);
  return rows.map((r) => r.chainId);
}
