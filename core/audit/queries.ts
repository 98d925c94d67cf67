/** Reading, verifying and exporting the audit trail, for auditors and client admins. */
import { and, asc, eq, gt, gte, lte, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { auditEvents, type AuditEventRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { authorize, isProviderAdmin } from '../policy.ts';
import { requireOrg } from '../directory/lookups.ts';
import { allChainIds, verifyChain, type VerifyResult } from './chain.ts';
import { parseInput } from '../command.ts';
import { instantSchema } from '../input.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { uuidSchema } from '../directory/lookups.ts';

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
  if (filter.orgId) authorize(actor, 'audit.read', await requireOrg(db, filter.orgId));
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

export async function verifyAuditTrail(db: Queryable, actor: Actor, orgId: string): Promise<VerifyResult> {
  authorize(actor, 'audit.read', await requireOrg(db, orgId));
  return verifyChain(db, orgId);
}

/** Every chain (provider admin or operator only). */
export async function verifyAllChains(db: Queryable): Promise<VerifyResult[]> {
  const results: VerifyResult[] = [];
  for (const chainId of await allChainIds(db)) results.push(await verifyChain(db, chainId));
  return results;
}

/** The org's whole trail in chain order, then the verify result: what an auditor takes away. */
export async function* exportAuditTrail(db: Queryable, actor: Actor, orgId: string) {
  authorize(actor, 'audit.read', await requireOrg(db, orgId));
  let lastSeq = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.chainId, orgId), gt(auditEvents.seq, lastSeq)))
      .orderBy(asc(auditEvents.seq))
      .limit(1000);
    for (const row of page) yield { type: 'event' as const, event: row };
    if (page.length < 1000) break;
    lastSeq = page[page.length - 1]!.seq;
  }
  yield { type: 'verify' as const, result: await verifyChain(db, orgId) };
}
