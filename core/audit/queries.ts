/** Reading, verifying and exporting the audit trail, for auditors and client admins. */
import { and, asc, desc, eq, gt, gte, lt, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { auditChainHeads, auditEvents, type AuditEventRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderAdmin } from '../policy.ts';
import { requireOrg } from '../directory/lookups.ts';
import type { Core } from '../core.ts';
import { openCheckpoint, type CheckpointBody } from './checkpoint.ts';
import { CHECKPOINT_ACTION, latestCheckpointRow, rowView, signCheckpointWith, type CheckpointView } from './checkpoints.ts';
import { NoteError, type NoteVerifier } from './note.ts';
import { verifyChain, verifyEveryChain, type VerifyResult } from './verify.ts';
import { parseInput } from '../command.ts';
import { instantSchema } from '../input.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { uuidSchema } from '../directory/lookups.ts';
import { auditPolicy } from './policy.ts';

export const auditFilterSchema = z.object({
  orgId: z.string().uuid().optional(),
  action: z.string().max(100).optional(),
  subjectId: z.string().max(200).optional(),
  actorId: z.string().max(200).optional(),
  since: instantSchema.optional(),
  until: instantSchema.optional(),
});
export type AuditFilter = z.input<typeof auditFilterSchema>;

/** Oldest first across chains: the position is the last event's time, chain and sequence number. */
const auditCursor = cursorCodec('auditEvents', z.object({ at: instantSchema, chainId: uuidSchema, seq: positionSchema }).strict());

const positionOf = ({ at, chainId, seq }: AuditEventRow) => ({ at, chainId, seq });

/**
 * A page of audit events, oldest first. Org admins read their own org (orgId required);
 * the provider admin reads one org or all.
 */
export async function listAuditEvents(db: Queryable, actor: Actor, rawFilter: AuditFilter, first = 50, after?: string) {
  const filter = parseInput(auditFilterSchema, rawFilter);
  if (first < 1 || first > 500) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 500', { fields: { first: 'out of range' } });
  const c = after ? auditCursor.decode(after) : undefined;
  if (filter.orgId) auditPolicy.authorize(actor, 'audit.read', await requireOrg(db, filter.orgId));
  else if (!(actor.type === 'system' || isProviderAdmin(actor))) {
    throw new OpsdeskError('INVALID_INPUT', 'orgId is required', { fields: { orgId: 'required' } });
  }
  const conditions: SQL[] = [];
  if (filter.orgId) conditions.push(eq(auditEvents.chainId, filter.orgId));
  if (filter.action) conditions.push(eq(auditEvents.action, filter.action));
  if (filter.subjectId) conditions.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.actorId) conditions.push(eq(auditEvents.actorId, filter.actorId));
  if (filter.since) conditions.push(gte(auditEvents.at, filter.since));
  if (filter.until) conditions.push(lte(auditEvents.at, filter.until));
  if (c) {
    const at = c.at;
    conditions.push(
      or(
        gt(auditEvents.at, at),
        and(eq(auditEvents.at, at), gt(auditEvents.chainId, c.chainId)),
        and(eq(auditEvents.at, at), eq(auditEvents.chainId, c.chainId), gt(auditEvents.seq, c.seq)),
      )!,
    );
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(auditEvents.at), asc(auditEvents.chainId), asc(auditEvents.seq))
    .limit(first + 1);
  const page = rows.slice(0, first);
  return {
    events: page,
    hasNextPage: rows.length > first,
    endCursor: page.length ? auditCursor.encode(positionOf(page[page.length - 1]!)) : null,
  };
}

/**
 * Read a checkpoint its holder hands in: signed by this instance's key, for this org. Anything else
 * is INVALID_INPUT naming what is wrong, so a forged or foreign checkpoint is never "verified".
 */
export function readCheckpoint(note: string, verifiers: NoteVerifier[], orgId: string): CheckpointBody {
  let body: CheckpointBody;
  try {
    body = openCheckpoint(note.replace(/\r\n/g, '\n'), verifiers);
  } catch (error) {
    const reason = error instanceof NoteError ? error.message : 'not a signed checkpoint';
    throw new OpsdeskError('INVALID_INPUT', `checkpoint: ${reason}`, { fields: { checkpoint: reason } });
  }
  if (body.orgId !== orgId) {
    throw new OpsdeskError('INVALID_INPUT', "checkpoint: it is another org's checkpoint", { fields: { checkpoint: 'another org' } });
  }
  return body;
}

/**
 * Verify the org's chain; with a checkpoint (a signed note taken before), also prove that today's
 * chain extends it: the same hash at its size, and not shorter.
 */
export async function verifyAuditTrail(
  db: Queryable,
  actor: Actor,
  orgId: string,
  options: { checkpoint?: string; key?: NoteVerifier } = {},
): Promise<VerifyResult> {
  const org = await requireOrg(db, orgId);
  auditPolicy.authorize(actor, 'audit.read', org);
  const verifiers = options.key ? [options.key] : [];
  const checkpoint = options.checkpoint === undefined ? undefined : readCheckpoint(options.checkpoint, verifiers, org.id);
  return verifyChain(db, org.id, { orgExists: true, checkpoint, verifiers });
}

/** Every org's chain, and any orphaned one (provider admin or operator only). */
export function verifyAllChains(db: Queryable, key?: NoteVerifier): Promise<VerifyResult[]> {
  return verifyEveryChain(db, { verifiers: key ? [key] : [] });
}

/**
 * The org's whole trail in chain order, ending with a checkpoint signed at export time (its own
 * event is the export's last), then the verify result: what an auditor takes away, and can check
 * offline against the public key (`opsdesk audit verify-export`).
 */
export async function* exportAuditTrail(core: Core, actor: Actor, orgId: string) {
  const db = core.database.db;
  auditPolicy.authorize(actor, 'audit.read', await requireOrg(db, orgId));
  const checkpoint = await core.execute(signCheckpointWith(core.auditKey), actor, { orgId, reason: 'export' });
  let lastSeq = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, orgId), gt(auditEvents.seq, lastSeq), lte(auditEvents.seq, checkpoint.seq)))
      .orderBy(asc(auditEvents.seq))
      .limit(1000);
    for (const row of page) yield { type: 'event' as const, event: row };
    if (page.length < 1000) break;
    lastSeq = page[page.length - 1]!.seq;
  }
  const { signed: _signed, ...made } = checkpoint;
  yield { type: 'checkpoint' as const, checkpoint: made };
  yield {
    type: 'verify' as const,
    result: await verifyChain(db, orgId, { orgExists: true, checkpoint: { ...made, origin: core.auditKey.name }, verifiers: [core.auditKey] }),
  };
}

/** The org, when the actor may read its audit trail (NOT_FOUND, or FORBIDDEN, otherwise). */
export async function auditReadableOrg(db: Queryable, actor: Actor, orgId: string) {
  const org = await requireOrg(db, orgId);
  auditPolicy.authorize(actor, 'audit.read', org);
  return org;
}

/**
 * The org's current signed checkpoint: the latest, when nothing but its own event was appended
 * since; otherwise a new one, signed now (a command, on the org's chain).
 */
export async function currentAuditCheckpoint(core: Core, actor: Actor, orgId: string): Promise<CheckpointView> {
  const db = core.database.db;
  const org = await auditReadableOrg(db, actor, orgId);
  const [latest, [head]] = await Promise.all([
    latestCheckpointRow(db, org.id),
    db.select({ seq: auditChainHeads.seq }).from(auditChainHeads).where(eq(auditChainHeads.chainId, org.id)),
  ]);
  if (latest && head && latest.seq === head.seq) return rowView(latest);
  const { signed: _signed, ...made } = await core.execute(signCheckpointWith(core.auditKey), actor, { orgId: org.id, reason: 'demand' });
  return made;
}

const checkpointCursor = cursorCodec('auditCheckpoints', z.object({ seq: positionSchema }).strict());

/** The org's signed checkpoints, newest first. */
export async function listAuditCheckpoints(db: Queryable, actor: Actor, orgId: string, first = 20, after?: string) {
  // The cursor first, like every list: a cursor it did not make is INVALID_INPUT whoever sends it.
  const beforeSeq = after ? checkpointCursor.decode(after).seq : undefined;
  const org = await requireOrg(db, orgId);
  auditPolicy.authorize(actor, 'audit.read', org);
  if (first < 1 || first > 100) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 100', { fields: { first: 'between 1 and 100' } });
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.chainId, org.id),
        eq(auditEvents.action, CHECKPOINT_ACTION),
        beforeSeq === undefined ? undefined : lt(auditEvents.seq, beforeSeq),
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(first + 1);
  const page = rows.slice(0, first).map(rowView);
  const last = page[page.length - 1];
  return {
    checkpoints: page,
    hasNextPage: rows.length > first,
    endCursor: last ? checkpointCursor.encode({ seq: last.seq }) : null,
  };
}
