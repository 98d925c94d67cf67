/** Reads the access commands and queries share: requests by id, each org's policy, the list of who may ask. */
import { eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../../db/client.ts';
import { accessEligibility, accessPolicies, accessRequests, type AccessRequestRow } from '../../../db/schema.ts';
import type { Actor, PersonActor } from '../../actor.ts';
import { isUuid } from '../../directory/index.ts';
import { DEFAULT_MAX_DURATION_MINUTES, DEFAULT_PENDING_TIMEOUT_MINUTES, type ClientApprovalRule } from '../model.ts';
import { accessPolicy, eligibilityPolicy } from '../policy.ts';

export async function requestById(db: Queryable, requestId: string, lock?: 'update' | 'share'): Promise<AccessRequestRow | undefined> {
  if (!isUuid(requestId)) return undefined;
  const query = db.select().from(accessRequests).where(eq(accessRequests.id, requestId));
  const [request] = lock ? await query.for(lock) : await query;
  return request;
}

/** A request the actor may see, locked for the command's transaction; otherwise NOT_FOUND. */
export async function requestForCommand(tx: Tx, actor: Actor, requestId: string): Promise<AccessRequestRow> {
  return accessPolicy.visible(actor, await requestById(tx, requestId, 'update'));
}

export interface AccessPolicy {
  orgId: string;
  clientApproval: ClientApprovalRule;
  maxDurationMinutes: number;
  pendingTimeoutMinutes: number;
  /** False while the org runs on the defaults. */
  isSet: boolean;
  updatedById: string | null;
  updatedAt: Date | null;
}

/** The org's policy, or the defaults while it has set none. */
export async function accessPolicyFor(db: Queryable, orgId: string): Promise<AccessPolicy> {
  const [row] = await db.select().from(accessPolicies).where(eq(accessPolicies.orgId, orgId));
  if (row) return { ...row, isSet: true };
  return {
    orgId,
    clientApproval: 'required',
    maxDurationMinutes: DEFAULT_MAX_DURATION_MINUTES,
    pendingTimeoutMinutes: DEFAULT_PENDING_TIMEOUT_MINUTES,
    isSet: false,
    updatedById: null,
    updatedAt: null,
  };
}

async function isEligible(db: Queryable, personId: string): Promise<boolean> {
  const [row] = await db.select({ personId: accessEligibility.personId }).from(accessEligibility).where(eq(accessEligibility.personId, personId));
  return Boolean(row);
}

/** The actor as someone who may ask for production access: on the provider's list; otherwise FORBIDDEN. */
export async function requireRequester(db: Queryable, actor: Actor): Promise<PersonActor> {
  const listed = actor.type === 'person' && (await isEligible(db, actor.id));
  eligibilityPolicy.authorize(actor, 'access.request', { listed });
  return actor as PersonActor; // the rule lets people only ask
}
