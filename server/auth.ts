/**
 * Authentication shared by the HTTP, WebSocket and socket.io doors: a bearer API token, or the web
 * console's session cookie (whose CSRF token the caller checks first: see web-session.ts).
 */
import { systemActor, type Door, type PersonActor } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { bearerOfSession, bearerOfToken, type Authenticated, type TokenCredential } from '../core/directory/index.ts';
import { isOpsdeskError } from '../core/errors.ts';
import type { IncomingMessage } from 'node:http';
import type { BearerCache } from './bearer-cache.ts';
import { CSRF_HEADER, csrfMatches, fromSameOrigin, sessionSecretOf } from './web-session.ts';

export type AuthOutcome = { actor: PersonActor; credential: TokenCredential } | { problem: 'missing' | 'invalid' };

/** Accepts `Bearer <token>` or the bare token (graphql-ws and socket.io clients send either). */
export function tokenFrom(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(value);
  return match?.[1];
}

/** The host's own actor, for reading who a credential stands for before anyone is known. */
export const hostActor = (door: Door, requestId: string) => systemActor('host', door, requestId);

/** Who a bearer token's secret stands for now (the directory's query), or undefined. */
export async function bearerOf(core: Core, secret: string, door: Door, requestId: string): Promise<Authenticated | undefined> {
  try {
    return (await core.read(bearerOfToken, hostActor(door, requestId), { secret, door, requestId })) ?? undefined;
  } catch (error) {
    // Text no token could be (a NUL, a lone surrogate) authenticates nobody; it is not a request error.
    if (isOpsdeskError(error) && error.code === 'INVALID_INPUT') return undefined;
    throw error;
  }
}

/** Who a session cookie's secret stands for now (moving its idle deadline on), or undefined. */
export async function bearerOfCookie(core: Core, secret: string, idleMinutes: number, requestId: string): Promise<Authenticated | undefined> {
  try {
    return (await core.read(bearerOfSession, hostActor('web', requestId), { secret, idleMinutes, door: 'web', requestId })) ?? undefined;
  } catch (error) {
    if (isOpsdeskError(error) && error.code === 'INVALID_INPUT') return undefined;
    throw error;
  }
}

/** Who `Authorization`'s token stands for; through the host's cache of bearer tokens when given (sessions.bearers). */
export async function authenticate(core: Core, credential: unknown, door: Door, requestId: string, bearers?: BearerCache): Promise<AuthOutcome> {
  const token = tokenFrom(credential);
  if (!token) return { problem: 'missing' };
  const found = bearers ? await bearers.authenticate(token, door, requestId) : await bearerOf(core, token, door, requestId);
  return found ?? { problem: 'invalid' };
}

/** The rate-limit bucket of a credential. */
export const limitKeyOf = (credential: TokenCredential) => `token:${credential.tokenId}`;

/**
 * An HTTP request's credential: a bearer token in `Authorization` when there is one; else the web
 * console's session cookie, which counts only with the session's CSRF token in its header and from a
 * page of this origin (`csrf` when that proof is missing). A session's requests are the `web` door's.
 */
export async function authenticateRequest(
  core: Core,
  request: Pick<IncomingMessage, 'headers'>,
  door: Door,
  requestId: string,
  sessionIdleMinutes: number,
  bearers?: BearerCache,
): Promise<AuthOutcome | { problem: 'csrf' }> {
  const { authorization } = request.headers;
  if (authorization !== undefined) return authenticate(core, authorization, door, requestId, bearers);
  const secret = sessionSecretOf(request.headers);
  if (!secret) return { problem: 'missing' };
  if (!fromSameOrigin(request) || !csrfMatches(secret, request.headers[CSRF_HEADER])) return { problem: 'csrf' };
  return (await bearerOfCookie(core, secret, sessionIdleMinutes, requestId)) ?? { problem: 'invalid' };
}
