/**
 * Verifying audit chains: every event's hash and link, the chain against its head, every org
 * against its chain, and a chain against a signed checkpoint taken before (it must extend it).
 *
 * The chains are enumerated from the orgs, not from the heads: a deleted head, or a chain deleted
 * with its head, is reported, not left out. Chains without an org are reported as orphaned.
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { auditChainHeads, auditEvents, orgs, type AuditEventRow } from '../../db/schema.ts';
import { GENESIS_HASH } from './canonical.ts';
import { hashEvent } from './chain.ts';
import { NoteError, type NoteVerifier } from './note.ts';
import { openCheckpoint, type CheckpointBody } from './checkpoint.ts';
import { AuditEvents } from './events.ts';

export type ChainProblemKind =
  | 'chain_deleted'
  | 'orphaned'
  | 'missing_head'
  | 'head_mismatch'
  | 'missing_events'
  | 'altered'
  | 'broken_link'
  | 'checkpoint_not_extended'
  | 'checkpoint_invalid';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The event it concerns, when one does. */
  seq: number | null;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  chainId: string;
  /** How many events the chain holds now. */
  events: number;
  /** The hash of its last event (null when it has none). */
  headHash: string | null;
  /** The first problem's event and words, for a one-line answer. */
  brokenAtSeq: number | null;
  reason: string | null;
  /** Every problem found, in chain order (at most MAX_PROBLEMS; `moreProblems` counts the rest). */
  problems: ChainProblem[];
  moreProblems: number;
  /** The size of the checkpoint the chain was checked against, when one was given. */
  checkpointSize: number | null;
}

/** What a chain is checked against besides itself: a checkpoint given by its holder. */
export interface VerifyOptions {
  /** False when no org has the chain's id; undefined: look it up. */
  orgExists?: boolean;
  checkpoint?: CheckpointBody;
  /** Checks the signed checkpoints found on the chain itself against the chain. */
  verifiers?: NoteVerifier[];
}

const PAGE = 1000;
const MAX_PROBLEMS = 100;

/** Walks a chain's events, in pages, and collects what is wrong with them. */
export class ChainWalk {
  readonly problems: ChainProblem[] = [];
  moreProblems = 0;
  events = 0;
  /** The stored hash of the event at the checkpoint's size, once walked past. */
  hashAtCheckpoint: string | undefined;

  /** From the chain's start, or from an event already trusted (its seq and hash). */
  constructor(
    private readonly options: VerifyOptions,
    public lastSeq = 0,
    public lastHash = GENESIS_HASH,
  ) {}

  /** Visit the chain's events after `lastSeq`, page by page. */
  async walk(db: Queryable, chainId: string): Promise<this> {
    for (let after = this.lastSeq; ; ) {
      const page = await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.chainId, chainId), gt(auditEvents.seq, after)))
        .orderBy(asc(auditEvents.seq))
        .limit(PAGE);
      for (const row of page) this.visit(row);
      if (page.length < PAGE) return this;
      after = page[page.length - 1]!.seq;
    }
  }

  add(kind: ChainProblemKind, seq: number | null, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ kind, seq, message });
    else this.moreProblems++;
  }

  visit(row: AuditEventRow): void {
    const { hash, ...fields } = row;
    if (row.seq !== this.lastSeq + 1) {
      const first = this.lastSeq + 1;
      const last = row.seq - 1;
      this.add('missing_events', first, first === last ? `event ${first} is missing` : `events ${first} to ${last} are missing`);
    } else if (row.prevHash !== this.lastHash) {
      this.add('broken_link', row.seq, `event ${row.seq} does not link to the event before it`);
    }
    if (hashEvent(fields) !== hash) this.add('altered', row.seq, `event ${row.seq} was altered after it was written`);
    if (row.action === AuditEvents.checkpointSigned.type) this.checkEmbeddedCheckpoint(row);
    if (row.seq === this.options.checkpoint?.size) this.hashAtCheckpoint = hash;
    this.events++;
    this.lastSeq = row.seq;
    this.lastHash = hash;
  }

  /** A checkpoint on the chain vouches for the event before it: it must still be that event. */
  private checkEmbeddedCheckpoint(row: AuditEventRow): void {
    const verifiers = this.options.verifiers;
    const note = (row.data as { note?: unknown }).note;
    if (!verifiers?.length || typeof note !== 'string') return;
    let body: CheckpointBody;
    try {
      body = openCheckpoint(note, verifiers);
    } catch (error) {
      // Signed by another key (rotated) is not a finding; a bad signature by this key is.
      if (error instanceof NoteError && /no signature by a known key/.test(error.message)) return;
      this.add('checkpoint_invalid', row.seq, `the checkpoint at event ${row.seq} is not validly signed: ${(error as Error).message}`);
      return;
    }
    if (body.size === row.seq - 1 && row.seq - 1 === this.lastSeq && body.headHash !== this.lastHash) {
      this.add('checkpoint_not_extended', body.size, `event ${body.size} is not the one the checkpoint at event ${row.seq} signed: the chain was rewritten`);
    }
  }
}

/** Verify one chain. */
export async function verifyChain(db: Queryable, chainId: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const orgExists = options.orgExists ?? (await db.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, chainId))).length > 0;
  const walk = await new ChainWalk(options).walk(db, chainId);
  const [head] = await db.select().from(auditChainHeads).where(eq(auditChainHeads.chainId, chainId));
  const findings: ChainProblem[] = [];
  const add = (kind: ChainProblemKind, seq: number | null, message: string) => findings.push({ kind, seq, message });
  if (!orgExists) add('orphaned', null, 'no organisation has this chain id: its org was deleted, or the chain was made up');
  if (walk.events === 0) {
    if (orgExists) {
      add('chain_deleted', null, `no events although the org exists: the chain was deleted${head ? ` (its head still records ${head.seq} events)` : ''}`);
    }
  } else if (!head) {
    add('missing_head', null, `the chain has no head (its events end at event ${walk.lastSeq}): the head was deleted`);
  } else if (head.seq !== walk.lastSeq) {
    add('head_mismatch', head.seq > walk.lastSeq ? walk.lastSeq + 1 : head.seq, `the chain ends at event ${walk.lastSeq} but its head records event ${head.seq}: ${head.seq > walk.lastSeq ? 'events were removed' : 'the head was moved back'}`);
  } else if (head.hash !== walk.lastHash) {
    add('head_mismatch', head.seq, `the head's hash is not the hash of event ${head.seq}: the head or the event was rewritten`);
  }
  const checkpoint = options.checkpoint;
  if (checkpoint) {
    if (walk.lastSeq < checkpoint.size) {
      add('checkpoint_not_extended', walk.lastSeq + 1, `the chain has ${walk.lastSeq} events, fewer than the ${checkpoint.size} the checkpoint of ${checkpoint.signedAt.toISOString()} vouches for: events were removed`);
    } else if (walk.hashAtCheckpoint === undefined) {
      add('checkpoint_not_extended', checkpoint.size, `event ${checkpoint.size}, the last the checkpoint vouches for, is missing`);
    } else if (walk.hashAtCheckpoint !== checkpoint.headHash) {
      add('checkpoint_not_extended', checkpoint.size, `event ${checkpoint.size} is not the one the checkpoint of ${checkpoint.signedAt.toISOString()} signed: the chain was rewritten at or before it`);
    }
  }
  const problems = [...walk.problems, ...findings].sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const first = problems[0];
  return {
    ok: problems.length === 0,
    chainId,
    events: walk.events,
    headHash: walk.events ? walk.lastHash : null,
    brokenAtSeq: first ? (first.seq ?? walk.lastSeq + 1) : null,
    reason: first?.message ?? null,
    problems,
    moreProblems: walk.moreProblems,
    checkpointSize: checkpoint?.size ?? null,
  };
}

/** Every chain: one per org, then any chain id found in the events or heads that no org has. */
export async function verifyEveryChain(db: Queryable, options: Omit<VerifyOptions, 'orgExists' | 'checkpoint'> = {}): Promise<VerifyResult[]> {
  const orgIds = (await db.select({ id: orgs.id }).from(orgs).orderBy(asc(orgs.createdAt), asc(orgs.id))).map((o) => o.id);
  const known = new Set(orgIds);
  const heads = await db.select({ chainId: auditChainHeads.chainId }).from(auditChainHeads);
  const chains = await db.selectDistinct({ chainId: auditEvents.chainId }).from(auditEvents);
  const orphans = [...new Set([...heads, ...chains].map((r) => r.chainId))].filter((id) => !known.has(id)).sort();
  const results: VerifyResult[] = [];
  for (const id of orgIds) results.push(await verifyChain(db, id, { ...options, orgExists: true }));
  for (const id of orphans) results.push(await verifyChain(db, id, { ...options, orgExists: false }));
  return results;
}
