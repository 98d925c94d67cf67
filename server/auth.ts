/** Authentication shared by the HTTP, WebSocket and socket.io doors: a bearer API token. */
import { systemActor, type Door, type PersonActor } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { bearerOfToken, type Authenticated, type TokenCredential } from '../core/directory/index.ts';
import { isOpsdeskError } from '../core/errors.ts';

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

export async function authenticate(core: Core, credential: unknown, door: Door, requestId: string): Promise<AuthOutcome> {
  const token = tokenFrom(credential);
  if (!token) return { problem: 'missing' };
  return (await bearerOf(core, token, door, requestId)) ?? { problem: 'invalid' };
}

/** The rate-limit bucket of a credential. */
export const limitKeyOf = (credential: TokenCredential) => `token:${credential.tokenId}`;
