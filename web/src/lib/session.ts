/**
 * The browser's session with opsdesk (the contract in /auth): an HttpOnly cookie the page never
 * sees, and a CSRF token the page sends with every request. The API token typed on the sign-in page
 * goes to /auth/token once and is never stored.
 */
import { navigate } from 'wouter/use-browser-location';

export interface Session {
  person: { id: string; name: string };
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
}

export class AuthError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function errorOf(response: Response): Promise<AuthError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return new AuthError(body.error?.code ?? 'UNAUTHENTICATED', body.error?.message ?? `opsdesk answered ${response.status}`);
  } catch {
    return new AuthError('UNAVAILABLE', `opsdesk answered ${response.status}`);
  }
}

/** The current session, or null when signed out. Throws when opsdesk cannot be reached. */
export async function fetchSession(): Promise<Session | null> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401 || response.status === 404) return null;
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as Session;
}

export async function signInWithToken(token: string): Promise<Session> {
  const response = await fetch('/auth/token', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as Session;
}

export async function fetchAuthConfig(): Promise<{ slack: boolean }> {
  try {
    const response = await fetch('/auth/config', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return { slack: false };
    return (await response.json()) as { slack: boolean };
  } catch {
    return { slack: false };
  }
}

export async function signOut(csrfToken: string, everywhere = false): Promise<void> {
  const response = await fetch(everywhere ? '/auth/signout-everywhere' : '/auth/signout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-opsdesk-csrf': csrfToken },
  });
  if (!response.ok && response.status !== 401) throw await errorOf(response);
}

type Listener = (reason: string) => void;
const listeners = new Set<Listener>();

/** Called by the App: the session ended (401, ws 4401, session:ended, sign-out). */
export function onSessionEnded(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Signed out on purpose: tell the App and every open stream (socket.io closes itself). */
export function signedOut(reason = 'Signed out.'): void {
  for (const listener of listeners) listener(reason);
}

let ending = false;
/** The session is over: tell the App, and go to the sign-in page (once, however many streams notice). */
export function sessionEnded(reason = 'Your session has ended; sign in again.'): void {
  if (ending) return;
  ending = true;
  queueMicrotask(() => {
    ending = false;
  });
  signedOut(reason);
  if (location.pathname !== '/signin') {
    const next = location.pathname + location.search;
    navigate(`/signin?${new URLSearchParams({ ended: '1', ...(next !== '/' ? { next } : {}) })}`);
  }
}
