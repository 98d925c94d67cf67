import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { apiTokens } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { notFound, OpsdeskError } from '../errors.ts';
import { canSee } from '../policy.ts';
import type { TimerHandler } from '../timers/service.ts';
import { hashToken, loadMemberships, newTokenSecret } from './identity.ts';
import { nameSchema, orgById, uuidSchema } from './lookups.ts';
import { instantSchema } from '../input.ts';
import { orgPolicy } from './policy.ts';

export const TOKEN_EXPIRY_TIMER = 'api_token.expire';

/**
 * Who may manage a person's tokens: the person; or whoever may manage *every* org the person
 * belongs to (a client admin thus only for people of their own org alone; the provider admin always).
 * A person in an org the actor cannot see does not exist for the actor, nor do their tokens: the
 * same NOT_FOUND, in the same words, as for a person or token that does not exist.
 * Returns the org whose chain records the change: the person's client org, else the provider's.
 */
async function authorizeTokenManagement(ctx: CommandContext, personId: string, subject: 'person' | 'token'): Promise<string> {
  const personOrgs = (await loadMemberships(ctx.tx, personId)).map((m) => ({ id: m.orgId, kind: m.orgKind }));
  const self = ctx.actor.type === 'person' && ctx.actor.id === personId;
  // Also for someone who belongs to another org besides one the actor sees: that org stays unseen.
  if (personOrgs.length === 0 || !(self || personOrgs.every((org) => canSee(ctx.actor, org)))) throw notFound(subject);
  if (!self && !personOrgs.every((org) => orgPolicy.may(ctx.actor, 'org.manage', org))) {
    throw new OpsdeskError('FORBIDDEN', "you may not manage this person's tokens");
  }
  return (personOrgs.find((org) => org.kind === 'client') ?? personOrgs[0]!).id;
}

export const createApiToken = defineCommand({
  name: 'createApiToken',
  input: z.object({
    personId: uuidSchema,
    label: nameSchema.default('api'),
    expiresAt: instantSchema.optional(),
  }),
  async run(ctx, input) {
    const orgId = await authorizeTokenManagement(ctx, input.personId, 'person');
    if (input.expiresAt && input.expiresAt <= ctx.now) {
      throw new OpsdeskError('INVALID_INPUT', 'expiresAt must be in the future', { fields: { expiresAt: 'in the past' } });
    }
    const secret = newTokenSecret();
    const [token] = await ctx.tx
      .insert(apiTokens)
      .values({ personId: input.personId, label: input.label, tokenHash: hashToken(secret), expiresAt: input.expiresAt })
      .returning();
    if (input.expiresAt) {
      await ctx.schedule({
        kind: TOKEN_EXPIRY_TIMER,
        key: `api_token:${token!.id}:expire`,
        dueAt: input.expiresAt,
        payload: { tokenId: token!.id, orgId },
      });
    }
    await ctx.record({
      orgId,
      action: 'api_token.created',
      subjectType: 'api_token',
      subjectId: token!.id,
      data: { personId: input.personId, label: input.label, expiresAt: input.expiresAt ?? null },
    });
    const { tokenHash: _hash, ...visible } = token!;
    return { ...visible, token: secret };
  },
});

export const revokeApiToken = defineCommand({
  name: 'revokeApiToken',
  input: z.object({ tokenId: uuidSchema }),
  async run(ctx, input) {
    const token = await lockToken(ctx.tx, input.tokenId);
    const orgId = await authorizeTokenManagement(ctx, token.personId, 'token');
    if (token.revokedAt) throw new OpsdeskError('CONFLICT', 'this token is already revoked');
    const [revoked] = await ctx.tx
      .update(apiTokens)
      .set({ revokedAt: ctx.now })
      .where(eq(apiTokens.id, token.id))
      .returning();
    await ctx.cancelTimers(`api_token:${token.id}:expire`);
    await ctx.record({
      orgId,
      action: 'api_token.revoked',
      subjectType: 'api_token',
      subjectId: token.id,
      data: { personId: token.personId, label: token.label },
    });
    const { tokenHash: _hash, ...visible } = revoked!;
    return visible;
  },
});

/** A token's expiry is enforced at every authentication; the timer puts it on the trail when it happens. */
export const onTokenExpired: TimerHandler = async (ctx, payload) => {
  const tokenId = String(payload.tokenId);
  const [token] = await ctx.tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId));
  if (!token || token.revokedAt) return;
  const org = await orgById(ctx.tx, String(payload.orgId));
  await ctx.record({
    orgId: org?.id ?? null,
    action: 'api_token.expired',
    subjectType: 'api_token',
    subjectId: token.id,
    data: { personId: token.personId, label: token.label, expiresAt: token.expiresAt },
  });
};

async function lockToken(tx: Tx, tokenId: string) {
  const [token] = await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for('update');
  if (!token) throw new OpsdeskError('NOT_FOUND', 'token not found');
  return token;
}
