/**
 * Web console sessions. A session is a credential row of kind `session` beside the API tokens, so
 * everything that ends a token ends a session too (revocation of the person's tokens on removal,
 * expiry, the open connections following it); its secret lives only in the browser's HttpOnly
 * cookie, and the database keeps its hash.
 *
 * - A person signs in as themselves: with an API token (the session ends when that token ends) or
 *   as their linked Slack user. The door resolves who they are first, then starts the session as them.
 * - A session has an absolute lifetime and an idle timeout; it ends when its person signs out (one
 *   session, or everywhere), when the token it started with is revoked, or when the person is removed.
 * - A refused sign-in is recorded too, on the provider's chain, by opsdesk itself (nobody is known).
 */
import { and, eq, isNull } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { apiTokens } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { WebSessionEvents, type SignInVia, type WebSessionEnded } from './events.ts';
import { hashToken, loadMemberships, newTokenSecret } from './internal/identity.ts';
import { slackIdSchema, uuidSchema } from './model.ts';
import { directoryPolicy, tokenPolicy } from './policy.ts';
import { authorizeTokenManagement } from './tokens.ts';

const MINUTE_MS = 60_000;

export interface StartedWebSession {
  sessionId: string;
  /** The cookie's value: shown once, to the browser, and never stored. */
  secret: string;
  expiresAt: Date;
  idleExpiresAt: Date;
}

export const startWebSession = defineCommand({
  name: 'startWebSession',
  input: z.object({
    via: z.enum(['token', 'slack']),
    /** The API token the person signed in with (via `token`). */
    parentTokenId: uuidSchema.nullable().default(null),
    idleMinutes: z.number().int().min(1).max(30 * 24 * 60),
    lifetimeMinutes: z.number().int().min(1).max(400 * 24 * 60),
    userAgent: z.string().max(300).nullable().default(null),
  }),
  async run(ctx, input): Promise<StartedWebSession> {
    const { actor } = ctx;
    if (actor.type !== 'person') throw new OpsdeskError('FORBIDDEN', 'only a person signs in');
    const orgs = (await loadMemberships(ctx.tx, actor.id)).map((m) => ({ id: m.orgId, kind: m.orgKind }));
    tokenPolicy.authorize(actor, 'session.start', { personId: actor.id, orgs, asked: 'person' });
    if ((input.via === 'token') !== (input.parentTokenId !== null)) {
      throw new OpsdeskError('INVALID_INPUT', 'a token sign-in names its token, and only a token sign-in does');
    }
    let expiresAt = new Date(ctx.now.getTime() + input.lifetimeMinutes * MINUTE_MS);
    if (input.parentTokenId) {
      const [parent] = await ctx.tx
        .select()
        .from(apiTokens)
        .where(and(eq(apiTokens.id, input.parentTokenId), eq(apiTokens.kind, 'api'), eq(apiTokens.personId, actor.id)))
        .for('update');
      if (!parent || parent.revokedAt || (parent.expiresAt && parent.expiresAt <= ctx.now)) {
        throw new OpsdeskError('UNAUTHENTICATED', 'invalid, expired or revoked token');
      }
      // A session never outlives the token it started with.
      if (parent.expiresAt && parent.expiresAt < expiresAt) expiresAt = parent.expiresAt;
    }
    const idle = new Date(Math.min(ctx.now.getTime() + input.idleMinutes * MINUTE_MS, expiresAt.getTime()));
    const secret = newTokenSecret('session');
    const [session] = await ctx.tx
      .insert(apiTokens)
      .values({
        personId: actor.id,
        kind: 'session',
        label: `web session (${input.via === 'slack' ? 'Slack' : 'token'})`,
        tokenHash: hashToken(secret),
        parentTokenId: input.parentTokenId,
        expiresAt,
        idleExpiresAt: idle,
      })
      .returning();
    await ctx.record(
      WebSessionEvents.started(
        { id: session!.id, orgId: chainOrg(orgs) },
        { personId: actor.id, via: input.via, parentTokenId: input.parentTokenId, expiresAt: expiresAt.toISOString(), userAgent: input.userAgent },
      ),
    );
    return { sessionId: session!.id, secret, expiresAt, idleExpiresAt: idle };
  },
});

/** Sign out: one session (`sessionId`), or every session of the person (sign out everywhere). */
export const endWebSessions = defineCommand({
  name: 'endWebSessions',
  input: z.object({ personId: uuidSchema, sessionId: uuidSchema.optional() }),
  async run(ctx, input): Promise<{ ended: string[] }> {
    const orgId = await authorizeTokenManagement(ctx, input.personId, 'person');
    const reason = input.sessionId ? 'signed out' : 'signed out everywhere';
    return { ended: await endSessions(ctx, { personId: input.personId, orgId, sessionId: input.sessionId }, reason) };
  },
});

/**
 * End a person's live sessions (all, one, or those started with one token), each with its event.
 * For the directory's own commands, inside their transaction, once they have authorised.
 */
export async function endSessions(
  ctx: CommandContext,
  which: { personId: string; orgId: string | null; sessionId?: string; parentTokenId?: string },
  reason: WebSessionEnded['reason'],
): Promise<string[]> {
  const ended = await ctx.tx
    .update(apiTokens)
    .set({ revokedAt: ctx.now })
    .where(
      and(
        eq(apiTokens.personId, which.personId),
        eq(apiTokens.kind, 'session'),
        isNull(apiTokens.revokedAt),
        which.sessionId ? eq(apiTokens.id, which.sessionId) : undefined,
        which.parentTokenId ? eq(apiTokens.parentTokenId, which.parentTokenId) : undefined,
      ),
    )
    .returning({ id: apiTokens.id });
  for (const { id } of ended) {
    await ctx.record(WebSessionEvents.ended({ id, orgId: which.orgId }, { personId: which.personId, reason }));
  }
  return ended.map((row) => row.id);
}

/** A refused sign-in, recorded by opsdesk itself on the provider's chain. */
export const refuseSignIn = defineCommand({
  name: 'refuseSignIn',
  input: z.object({
    via: z.enum(['token', 'slack']),
    reason: z.enum(['unknown token', 'slack user not linked', 'slack sign-in failed', 'slack sign-in cancelled']),
    slack: z.object({ teamId: slackIdSchema, userId: slackIdSchema }).nullable().default(null),
  }),
  async run(ctx, input): Promise<{ via: SignInVia }> {
    directoryPolicy.authorize(ctx.actor, 'directory.resolve', null);
    await ctx.record(WebSessionEvents.signInRefused({ id: randomUUID(), orgId: null }, input));
    return { via: input.via };
  },
});

/** The chain a person's session is recorded on: their client org's, else the provider's. */
function chainOrg(orgs: { id: string; kind: string }[]): string | null {
  return (orgs.find((org) => org.kind === 'client') ?? orgs[0])?.id ?? null;
}
