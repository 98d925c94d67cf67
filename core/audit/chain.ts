/**
 * Appending to and verifying the hash-chained audit trail.
 *
 * Each org has its own chain, so orgs never wait for each other; within one org the chain head's
 * row lock (taken in the command's transaction) orders appends, so concurrent commands on one
 * org still produce a gapless, valid chain.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { auditChainHeads, auditEvents, type AuditEventRow } from '../../db/schema.ts';
import { resultRows, type Queryable, type Tx } from '../../db/client.ts';
import type { DomainEvent } from '../events/bus.ts';
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
  /** The request behind this event when it is not the actor's own (one transaction serving several requests). */
  requestId?: string;
}

type HashedFields = Omit<AuditEventRow, 'hash'>;

/** The hash of an event: SHA-256 over the previous hash and the canonical encoding of the event. */
export function hashEvent(event: HashedFields): string {
  const { prevHash, ...content } = event;
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

/** jsonb gives back what JSON can carry; hash exactly that, so verification recomputes the same bytes. */
const asJson = (data: Record<string, unknown>) => JSON.parse(JSON.stringify(data)) as Record<string, unknown>;

/** The domain event recorded with an audit event (the outbox row). */
export interface OutboxEntry {
  type: string;
  payload: Record<string, unknown>;
}

/** One event to append: the audit entry and the domain event recorded with it. */
export interface AppendRequest {
  entry: AuditEntry;
  outbox: OutboxEntry;
}

/**
 * Append events that all belong to one chain, and record their domain events in the outbox, in
 * two round trips however many there are: the first advances the chain head by their number
 * (creating it on a chain's first event) and, by doing so, row-locks it until commit, which orders
 * appends within one org; the second writes the events, the head's new hash and the outbox rows in
 * one statement. Called just before commit, so the head is locked for as short a time as possible.
 */
export async function appendAuditEvents(tx: Tx, requests: AppendRequest[]): Promise<DomainEvent[]> {
  if (requests.length === 0) return [];
  const chainId = requests[0]!.entry.chainId;
  if (requests.some((r) => r.entry.chainId !== chainId)) throw new Error('appendAuditEvents takes the events of one chain');
  const count = requests.length;
  const [head] = await tx
    .insert(auditChainHeads)
    .values({ chainId, seq: count, hash: GENESIS_HASH })
    .onConflictDoUpdate({ target: auditChainHeads.chainId, set: { seq: sql`${auditChainHeads.seq} + ${count}` } })
    // On insert the hash is the genesis hash; on update it is still the previous event's.
    .returning({ seq: auditChainHeads.seq, prevHash: auditChainHeads.hash });
  let seq = Number(head!.seq) - count + 1;
  let prevHash = head!.prevHash;
  const written = requests.map(({ entry, outbox }) => {
    const fields: HashedFields = {
      chainId,
      seq: seq++,
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
      requestId: entry.requestId ?? entry.actor.requestId,
      prevHash,
    };
    const hash = hashEvent(fields);
    prevHash = hash;
    return { fields, hash, at: entry.at.toISOString(), type: outbox.type, payload: asJson(outbox.payload) };
  });
  const auditValues = sql.join(
    written.map(
      ({ fields, hash, at }) => sql`(${fields.chainId}::uuid, ${fields.seq}::bigint, ${at}::timestamptz, ${fields.actorType}, ${fields.actorId},
              ${fields.actorName}, ${fields.door}, ${fields.orgId}::uuid, ${fields.action}, ${fields.subjectType},
              ${fields.subjectId}, ${JSON.stringify(fields.data)}::jsonb, ${fields.requestId}, ${fields.prevHash}, ${hash})`,
    ),
    sql`, `,
  );
  const outboxValues = sql.join(
    written.map(
      ({ fields, at, type, payload }) => sql`(${fields.orgId}::uuid, ${type}, ${fields.subjectType}, ${fields.subjectId},
              ${JSON.stringify(payload)}::jsonb, ${fields.actorId}, ${fields.requestId}, ${at}::timestamptz)`,
    ),
    sql`, `,
  );
  const result = await tx.execute(sql`
    with audit as (
      insert into audit_events (chain_id, seq, at, actor_type, actor_id, actor_name, door, org_id, action,
                                subject_type, subject_id, data, request_id, prev_hash, hash)
      values ${auditValues}
    ), head as (
      update audit_chain_heads set hash = ${prevHash} where chain_id = ${chainId}::uuid
    )
    insert into domain_events (org_id, type, subject_type, subject_id, payload, actor_id, request_id, at)
    values ${outboxValues}
    returning id`);
  // One statement takes its serial ids in the order of its rows.
  const ids = resultRows<{ id: string | number }>(result)
    .map((row) => Number(row.id))
    .sort((a, b) => a - b);
  return written.map(({ fields, at, type, payload }, i) => ({
    id: ids[i]!,
    orgId: fields.orgId,
    type,
    subjectType: fields.subjectType,
    subjectId: fields.subjectId,
    payload,
    actorId: fields.actorId,
    requestId: fields.requestId,
    at,
  }));
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
