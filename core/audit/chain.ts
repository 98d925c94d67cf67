/**
 * Appending to and verifying the hash-chained audit trail.
 *
 * Each org has its own chain, so orgs never wait for each other; within one org the chain head's
 * row lock (taken in the command's transaction) orders appends, so concurrent commands on one
 * org still produce a gapless, valid chain.
 */
import { sql } from 'drizzle-orm';
import { auditChainHeads, type AuditEventRow } from '../../db/schema.ts';
import { resultRows, type Tx } from '../../db/client.ts';
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
 * two round trips however many there are: the first row-locks the chain head until commit (creating
 * it on a chain's first event), which orders appends within one org; the second writes the events,
 * moves the head's seq and hash together (the heads only move forward) and writes the outbox rows,
 * in one statement. Called just before commit, so the head is locked for as short a time as possible.
 */
export async function appendAuditEvents(tx: Tx, requests: AppendRequest[]): Promise<DomainEvent[]> {
  if (requests.length === 0) return [];
  const chainId = requests[0]!.entry.chainId;
  if (requests.some((r) => r.entry.chainId !== chainId)) throw new Error('appendAuditEvents takes the events of one chain');
  // Creates the head on a chain's first event; otherwise an update that changes nothing, which the
  // heads' trigger lets pass, only to row-lock the head until commit.
  const [head] = await tx
    .insert(auditChainHeads)
    .values({ chainId, seq: 0, hash: GENESIS_HASH })
    .onConflictDoUpdate({ target: auditChainHeads.chainId, set: { seq: sql`${auditChainHeads.seq}` } })
    .returning({ seq: auditChainHeads.seq, prevHash: auditChainHeads.hash });
  let seq = Number(head!.seq) + 1;
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
      update audit_chain_heads set seq = ${seq - 1}, hash = ${prevHash} where chain_id = ${chainId}::uuid
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
