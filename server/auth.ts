/** Authentication shared by the HTTP, WebSocket and socket.io doors: a bearer API token. */
import type { Door, PersonActor } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { authenticateSecret, type TokenCredential } from '../core/directory/identity.ts';

export type AuthOutcome = { actor: PersonActor; credential: TokenCredential } | { problem: 'missing' | 'invalid' };

/** Accepts `Bearer <token>` or the bare token (graphql-ws and socket.io clients send either). */
export function tokenFrom(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(?:Bearer\s+)?(\S+)\s*$/i.exec(value);
  return match?.[1];
}

export async function authenticate(core: Core, credential: unknown, door: Door, requestId: string): Promise<AuthOutcome> {
  const token = tokenFrom(credential);
  if (!token) return { problem: 'missing' };
  const found = await authenticateSecret(core.database.db, token, core.clock.now(), door, requestId);
  return found ?? { problem: 'invalid' };
}

/** The rate-limit bucket of a credential. */
export const limitKeyOf = (credential: TokenCredential) => `token:${credential.tokenId}`;
