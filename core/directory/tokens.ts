import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { apiTokens } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import type { TimerHandler } from '../timers/service.ts';
import { ApiTokenEvents } from './events.ts';
import { endSessions } from './sessions.ts';
import { hashToken, loadMemberships, newTokenSecret } from './internal/identity.ts';
import { orgById } from './internal/lookups.ts';
import { nameSchema, uuidSchema } from './model.ts';
import { tokenPolicy, type TokenHolder } from './policy.ts';

export const TOKEN_EXPIRY_TIMER = 'api_token.expire';

/**
 * Authorise managing a person's tokens (`tokenPolicy`), and give the org whose chain records the
 * change: the person's client org, else the provider's.
 */
export async function authorizeTokenManagement(ctx: CommandContext, personId: string, asked: TokenHolder['asked']): Promise<string> {
  const orgs = (await loadMemberships(ctx.tx, personId)).map((m) => ({ id: m.orgId, kind: m.orgKind }));
  tokenPolicy.authorize(ctx.actor, 'token.manage', { personId, orgs, asked });
  return (orgs.find((org) => org.kind === 'client') ?? orgs[0]!).id;
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
    await ctx.record(
      ApiTokenEvents.created(
        { id: token!.id, orgId },
        { personId: input.personId, label: input.label, expiresAt: input.expiresAt?.toISOString() ?? null },
      ),
    );
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
    await ctx.record(ApiTokenEvents.revoked({ id: token.id, orgId }, { personId: token.personId, label: token.label }));
    // The web sessions signed in with this token end with it.
    await endSessions(ctx, { personId: token.personId, orgId, parentTokenId: token.id }, 'token revoked');
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
  await ctx.record(
    ApiTokenEvents.expired(
      { id: token.id, orgId: org?.id ?? null },
      { personId: token.personId, label: token.label, expiresAt: token.expiresAt?.toISOString() ?? null },
    ),
  );
};

/** An API token, locked; a web session is not one (sessions end by `endWebSessions`). */
async function lockToken(tx: Tx, tokenId: string) {
  const [token] = await tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.kind, 'api')))
    .for('update');
  if (!token) throw new OpsdeskError('NOT_FOUND', 'token not found');
  return token;
}
