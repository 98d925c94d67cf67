/**
 * Reading, verifying and exporting the audit trail, for auditors and client admins: queries run
 * with the actor (`core.read(query, actor, input)`), authorised by the audit policy. Verifying
 * checks checkpoints against the instance's key, so those queries are made per key, like the
 * command that signs (`verifyAuditTrailWith(core.audit.key)`).
 */
import { and, asc, eq, gt, gte, lt, lte, or, desc, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { auditChainHeads, auditEvents, memberships, type AuditEventRow, type Org } from '../../db/schema.ts';
import type { Actor, PersonActor, Role } from '../actor.ts';
import { orgById, uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { defineQuery, type Followed, type Query } from '../query.ts';
import { CHECKPOINT_SIGNED, latestCheckpointRow, readCheckpoint, rowView } from './internal/checkpoint-rows.ts';
import type { CheckpointView } from './model.ts';
import type { NoteVerifier } from './note.ts';
import { auditPolicy, auditTrailsPolicy } from './policy.ts';
import { verifyChain, verifyEveryChain, type VerifyResult } from './verify.ts';

const idInput = z.string().max(100);

/** The org, when the actor may read its audit trail (NOT_FOUND, or FORBIDDEN, otherwise). */
async function readableOrg(db: Queryable, actor: Actor, orgId: string): Promise<Org> {
  const org = auditPolicy.visible(actor, await orgById(db, orgId));
  auditPolicy.authorize(actor, 'audit.read', org);
  return org;
}

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
export const listAuditEvents = defineQuery({
  name: 'listAuditEvents',
  input: auditFilterSchema.extend({ first: z.number().default(50), after: z.string().optional() }),
  async run({ db, actor }, { first, after, ...filter }) {
    if (first < 1 || first > 500) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 500', { fields: { first: 'out of range' } });
    const c = after ? auditCursor.decode(after) : undefined;
    if (filter.orgId) await readableOrg(db, actor, filter.orgId);
    else if (!auditTrailsPolicy.may(actor, 'audit.read_all', null)) {
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
  },
});

/** The events of the org's chain in chain order, a page after `afterSeq` up to `throughSeq`: what an export carries. */
export const auditChainEvents = defineQuery({
  name: 'auditChainEvents',
  input: z.object({
    orgId: idInput,
    afterSeq: positionSchema.default(0),
    throughSeq: positionSchema,
    limit: z.number().int().min(1).max(1000).default(1000),
  }),
  async run({ db, actor }, { orgId, afterSeq, throughSeq, limit }): Promise<AuditEventRow[]> {
    const org = await readableOrg(db, actor, orgId);
    return db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, org.id), gt(auditEvents.seq, afterSeq), lte(auditEvents.seq, throughSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(limit);
  },
});

const verifyOrgInput = z.object({
  orgId: idInput,
  /** A signed note taken before, which today's chain must extend. */
  checkpoint: z.string().optional(),
});

type VerifyOrgQuery = Query<typeof verifyOrgInput, VerifyResult>;
type VerifyAllQuery = Query<z.ZodObject<Record<string, never>>, VerifyResult[]>;

const verifyOrgQueries = new WeakMap<NoteVerifier, VerifyOrgQuery>();
const verifyAllQueries = new WeakMap<NoteVerifier, VerifyAllQuery>();

function makeVerifyOrg(key: NoteVerifier | undefined): VerifyOrgQuery {
  return defineQuery({
    name: 'verifyAuditTrail',
    input: verifyOrgInput,
    async run({ db, actor }, { orgId, checkpoint }) {
      const org = await readableOrg(db, actor, orgId);
      const verifiers = key ? [key] : [];
      const body = checkpoint === undefined ? undefined : readCheckpoint(checkpoint, verifiers, org.id);
      return verifyChain(db, org.id, { orgExists: true, checkpoint: body, verifiers });
    },
  });
}

function makeVerifyAll(key: NoteVerifier | undefined): VerifyAllQuery {
  return defineQuery({
    name: 'verifyAllChains',
    input: z.object({}),
    async run({ db, actor }) {
      auditTrailsPolicy.authorize(actor, 'audit.read_all', null);
      return verifyEveryChain(db, { verifiers: key ? [key] : [] });
    },
  });
}

const verifyOrgWithoutKey = makeVerifyOrg(undefined);
const verifyAllWithoutKey = makeVerifyAll(undefined);

/**
 * Verify the org's chain, checking the checkpoints on it against `key` (the instance's, when it has
 * one); with a checkpoint (a signed note taken before), also prove that today's chain extends it:
 * the same hash at its size, and not shorter.
 */
export function verifyAuditTrailWith(key: NoteVerifier | undefined): VerifyOrgQuery {
  if (!key) return verifyOrgWithoutKey;
  let query = verifyOrgQueries.get(key);
  if (!query) verifyOrgQueries.set(key, (query = makeVerifyOrg(key)));
  return query;
}

/** Every org's chain, and any orphaned one: the provider's admins and the operator only. */
export function verifyAllChainsWith(key: NoteVerifier | undefined): VerifyAllQuery {
  if (!key) return verifyAllWithoutKey;
  let query = verifyAllQueries.get(key);
  if (!query) verifyAllQueries.set(key, (query = makeVerifyAll(key)));
  return query;
}

/** The org's trail, for as long as the actor may read it (a stream of its checkpoints). */
export const followAuditTrail = defineQuery({
  name: 'followAuditTrail',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<Followed<Org>> {
    return auditPolicy.follow(actor, 'audit.read', auditPolicy.visible(actor, await orgById(db, orgId)));
  },
});

/**
 * The org's latest signed checkpoint while it is still current (nothing but its own event was
 * appended since); null when there is none or the chain moved on, and a new one is to be signed.
 */
export const currentAuditCheckpoint = defineQuery({
  name: 'currentAuditCheckpoint',
  input: z.object({ orgId: idInput }),
  async run({ db, actor }, { orgId }): Promise<CheckpointView | null> {
    const org = await readableOrg(db, actor, orgId);
    const [latest, [head]] = await Promise.all([
      latestCheckpointRow(db, org.id),
      db.select({ seq: auditChainHeads.seq }).from(auditChainHeads).where(eq(auditChainHeads.chainId, org.id)),
    ]);
    return latest && head && latest.seq === head.seq ? rowView(latest) : null;
  },
});

const checkpointCursor = cursorCodec('auditCheckpoints', z.object({ seq: positionSchema }).strict());

/** The org's signed checkpoints, newest first. */
export const listAuditCheckpoints = defineQuery({
  name: 'listAuditCheckpoints',
  input: z.object({ orgId: idInput, first: z.number().default(20), after: z.string().optional() }),
  async run({ db, actor }, { orgId, first, after }) {
    // The cursor first, like every list: a cursor it did not make is INVALID_INPUT whoever sends it.
    const beforeSeq = after ? checkpointCursor.decode(after).seq : undefined;
    const org = await readableOrg(db, actor, orgId);
    if (first < 1 || first > 100) throw new OpsdeskError('INVALID_INPUT', 'first must be between 1 and 100', { fields: { first: 'between 1 and 100' } });
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, org.id), eq(auditEvents.action, CHECKPOINT_SIGNED), beforeSeq === undefined ? undefined : lt(auditEvents.seq, beforeSeq)))
      .orderBy(desc(auditEvents.seq))
      .limit(first + 1);
    const page = rows.slice(0, first).map(rowView);
    const last = page[page.length - 1];
    return {
      checkpoints: page,
      hasNextPage: rows.length > first,
      endCursor: last ? checkpointCursor.encode({ seq: last.seq }) : null,
    };
  },
});

/**
 * Who keeps a client org's copy of its checkpoints: the org's own people who may read its trail
 * (its client admins, by the policy's own rule), in the order they joined. The provider's admins
 * read every trail already and keep nothing of the client's. Empty for the provider's org.
 */
export const checkpointKeepers = defineQuery({
  name: 'checkpointKeepers',
  input: z.object({ orgId: uuidSchema }),
  async run({ db, actor }, { orgId }): Promise<string[]> {
    const org = auditPolicy.visible(actor, await orgById(db, orgId));
    auditPolicy.authorize(actor, 'audit.read', org);
    if (org.kind !== 'client') return [];
    const rows = await db
      .select({ personId: memberships.personId, roles: memberships.roles })
      .from(memberships)
      .where(eq(memberships.orgId, org.id))
      .orderBy(asc(memberships.createdAt), asc(memberships.personId));
    return rows
      .filter((row) => {
        const member: PersonActor = {
          type: 'person',
          id: row.personId,
          name: '',
          door: 'system',
          requestId: actor.requestId,
          memberships: [{ orgId: org.id, orgKind: org.kind, roles: row.roles as Role[] }],
        };
        return auditPolicy.may(member, 'audit.read', org);
      })
      .map((row) => row.personId);
  },
});
