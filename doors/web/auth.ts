/**
 * The console's sign-in routes (JSON, same origin): who is signed in, sign in with an API token or
 * with Slack, sign out here or everywhere. Sessions are core commands (`startWebSession`,
 * `endWebSessions`, `refuseSignIn`): each sign-in, sign-out and refused sign-in is on the audit trail.
 *
 * The API token presented to sign in is exchanged for a session at once: the browser keeps only the
 * HttpOnly session cookie, never the token.
 */
import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { parse as parseCookies, serialize } from 'cookie';
import { z } from 'zod';
import type { PersonActor } from '../../core/actor.ts';
import { parseInput } from '../../core/command.ts';
import {
  actorOfPerson,
  endWebSessions,
  personOfSlackUser,
  refuseSignIn,
  startWebSession,
  type Authenticated,
} from '../../core/directory/index.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { bearerOf, bearerOfCookie, hostActor } from '../../server/auth.ts';
import type { Host } from '../../server/door.ts';
import { HttpProblem, notJson } from '../../server/http-errors.ts';
import {
  clearedSessionCookies,
  CSRF_HEADER,
  CSRF_REFUSAL,
  csrfMatches,
  csrfTokenOf,
  fromSameOrigin,
  sameSecret,
  sessionCookie,
  sessionSecretOf,
} from '../../server/web-session.ts';
import { authorizeRedirect, SLACK_API_URL, SLACK_AUTHORIZE_URL, SlackSignInFailed, slackUserOf, type SlackOidcConfig } from './slack-oidc.ts';

/** The short-lived cookie that ties Slack's answer to the browser that asked: `<state>.<nonce>`. */
const OIDC_COOKIE = 'opsdesk_oidc';
const OIDC_COOKIE_PATH = '/auth/slack';
const OIDC_MAX_AGE_S = 10 * 60;

const tokenSignIn = z.object({ token: z.string().min(1).max(200) });
const callbackQuery = z.object({
  code: z.string().min(1).max(500).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
});

/** What the console learns of its session: who, its CSRF token, and until when. */
interface SessionAnswer {
  person: { id: string; name: string };
  csrfToken: string;
  expiresAt: string | null;
  /** When the session ends unless it is used before (each use moves it on). */
  idleExpiresAt: string | null;
  idleMinutes: number;
}

export function mountAuth(app: Express, host: Host): void {
  const { core, config, logger, limiter } = host;
  const publicUrl = config.PUBLIC_URL?.replace(/\/$/, '');
  /**
   * Where Slack sends the browser back. Without PUBLIC_URL, the address the browser used (behind a
   * proxy, the one it names): Slack itself only redirects to the URLs registered for the app.
   */
  const redirectUriOf = (req: Request) => `${publicUrl ?? `${req.protocol}://${req.get('host')}`}/auth/slack/callback`;
  const slack: SlackOidcConfig | undefined =
    config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET,
          authorizeUrl: config.SLACK_OIDC_AUTHORIZE_URL ?? SLACK_AUTHORIZE_URL,
          apiUrl: withSlash(config.SLACK_API_URL ?? SLACK_API_URL),
        }
      : undefined;
  const secure = (req: Request) => req.secure || publicUrl?.startsWith('https://') === true;
  const answer = (secret: string, actor: PersonActor, expiresAt: Date | null, idleExpiresAt: Date | null): SessionAnswer => ({
    person: { id: actor.id, name: actor.name },
    csrfToken: csrfTokenOf(secret),
    expiresAt: expiresAt?.toISOString() ?? null,
    idleExpiresAt: idleExpiresAt?.toISOString() ?? null,
    idleMinutes: config.WEB_SESSION_IDLE_MINUTES,
  });
  /** Start a session as the person who proved who they are; set its cookie. */
  const startSession = async (req: Request, res: Response, actor: PersonActor, via: 'token' | 'slack', parentTokenId: string | null) => {
    const started = await core.execute(startWebSession, { ...actor, door: 'web', requestId: req.requestId }, {
      via,
      parentTokenId,
      idleMinutes: config.WEB_SESSION_IDLE_MINUTES,
      lifetimeMinutes: config.WEB_SESSION_LIFETIME_MINUTES,
      userAgent: req.headers['user-agent']?.slice(0, 300) ?? null,
    });
    res.append('set-cookie', sessionCookie(started.secret, { secure: secure(req), expires: started.expiresAt }));
    return answer(started.secret, actor, started.expiresAt, started.idleExpiresAt);
  };
  /** A refused sign-in: recorded, and each address may only try so fast (the trail is not a bin). */
  const refuse = async (req: Request, input: z.input<typeof refuseSignIn.input>) => {
    limiter.take(`sign-in:${req.ip}`, 'this address');
    await core.execute(refuseSignIn, hostActor('web', req.requestId), input);
  };
  /** The session the request's cookie holds, once the page proved it is the console's (CSRF). */
  const signedIn = async (req: Request, csrf: 'checked' | 'unchecked'): Promise<(Authenticated & { secret: string }) | undefined> => {
    const secret = sessionSecretOf(req.headers);
    if (!secret) return undefined;
    if (csrf === 'checked' && (!fromSameOrigin(req) || !csrfMatches(secret, req.headers[CSRF_HEADER]))) {
      throw new OpsdeskError('FORBIDDEN', CSRF_REFUSAL);
    }
    const found = await bearerOfCookie(core, secret, config.WEB_SESSION_IDLE_MINUTES, req.requestId);
    return found && { ...found, secret };
  };
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('cache-control', 'no-store');
    next();
  };

  const auth = express.Router();
  auth.use(noStore);

  auth.get('/config', (_req, res) => {
    res.json({ slack: slack !== undefined });
  });

  // Reading who is signed in changes nothing: no CSRF token needed (and this is where the console gets it).
  auth.get('/session', async (req, res, next) => {
    try {
      const found = await signedIn(req, 'unchecked');
      if (!found) throw new OpsdeskError('UNAUTHENTICATED', 'not signed in');
      res.json(answer(found.secret, found.actor, found.credential.expiresAt, found.credential.idleExpiresAt));
    } catch (error) {
      next(error);
    }
  });

  auth.post(
    '/token',
    (req, _res, next) => next(req.is('application/json') ? undefined : new HttpProblem(notJson())),
    express.json({ limit: '4kb' }),
    async (req, res, next) => {
      try {
        // A cross-site page may post here too: it would only sign its visitor in as the token's person.
        if (!fromSameOrigin(req)) throw new OpsdeskError('FORBIDDEN', 'sign in from the console itself');
        const { token } = parseInput(tokenSignIn, req.body);
        const found = await bearerOf(core, token.trim(), 'web', req.requestId);
        if (!found || found.credential.kind !== 'api') {
          await refuse(req, { via: 'token', reason: 'unknown token' });
          throw new OpsdeskError('UNAUTHENTICATED', 'invalid, expired or revoked token');
        }
        res.json(await startSession(req, res, found.actor, 'token', found.credential.tokenId));
      } catch (error) {
        next(error);
      }
    },
  );

  auth.get('/slack', (req, res) => {
    if (!slack) {
      res.redirect(303, '/signin?error=slack_off');
      return;
    }
    const state = randomBytes(24).toString('base64url');
    const nonce = randomBytes(24).toString('base64url');
    res.append(
      'set-cookie',
      serialize(OIDC_COOKIE, `${state}.${nonce}`, { httpOnly: true, secure: secure(req), sameSite: 'lax', path: OIDC_COOKIE_PATH, maxAge: OIDC_MAX_AGE_S }),
    );
    res.redirect(303, authorizeRedirect(slack, redirectUriOf(req), state, nonce));
  });

  auth.get('/slack/callback', async (req, res, next) => {
    // Slack's answer is for this browser only once: the state cookie goes whatever happens.
    res.append('set-cookie', serialize(OIDC_COOKIE, '', { httpOnly: true, secure: secure(req), sameSite: 'lax', path: OIDC_COOKIE_PATH, expires: new Date(0) }));
    const back = (error: string) => res.redirect(303, `/signin?error=${error}`);
    try {
      if (!slack) return back('slack_off');
      const query = callbackQuery.safeParse(req.query);
      const [state, nonce] = (parseCookies(req.headers.cookie ?? '')[OIDC_COOKIE] ?? '').split('.');
      if (!query.success || !state || !nonce || !query.data.state || !sameSecret(query.data.state, state)) {
        // Not the answer to a sign-in this browser started (or started too long ago): nothing to record.
        return back('failed');
      }
      if (query.data.error || !query.data.code) {
        await refuse(req, { via: 'slack', reason: 'slack sign-in cancelled' });
        return back('denied');
      }
      let user;
      try {
        user = await slackUserOf(slack, redirectUriOf(req), query.data.code, nonce);
      } catch (error) {
        if (!(error instanceof SlackSignInFailed)) throw error;
        logger.warn({ requestId: req.requestId, reason: error.message }, 'Sign in with Slack failed');
        await refuse(req, { via: 'slack', reason: 'slack sign-in failed' });
        return back('failed');
      }
      const system = hostActor('web', req.requestId);
      const ids = { teamId: user.teamId, userId: user.userId };
      const personId = await core.read(personOfSlackUser, system, ids).catch(() => null);
      const actor = personId ? await core.read(actorOfPerson, system, { personId, door: 'web', requestId: req.requestId }) : null;
      if (!actor || actor.memberships.length === 0) {
        await refuse(req, { via: 'slack', reason: 'slack user not linked', slack: ids });
        return back('not_linked');
      }
      await startSession(req, res, actor, 'slack', null);
      res.redirect(303, '/');
    } catch (error) {
      next(error);
    }
  });

  const signOut = (everywhere: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const found = await signedIn(req, 'checked');
      if (found) {
        await core.execute(endWebSessions, { ...found.actor, door: 'web', requestId: req.requestId }, {
          personId: found.actor.id,
          sessionId: everywhere ? undefined : found.credential.tokenId,
        });
      }
      for (const cookie of clearedSessionCookies(secure(req))) res.append('set-cookie', cookie);
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  };
  auth.post('/signout', signOut(false));
  auth.post('/signout-everywhere', signOut(true));

  app.use('/auth', auth);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
