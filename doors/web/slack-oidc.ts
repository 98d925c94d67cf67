/**
 * Sign in with Slack, OpenID Connect's authorization code flow against Slack: the authorize page
 * (a browser redirect), then `openid.connect.token` and `openid.connect.userInfo` of the Web API.
 * Both base URLs come from configuration, so that a proxy or a local fake can stand in for Slack.
 *
 * The ID token comes straight from Slack's token endpoint over the connection opsdesk opened, so
 * (OpenID Connect Core 3.1.3.7) its signature need not be checked; its audience and nonce are,
 * which binds the answer to this app and to the browser that started the sign-in. Who the person
 * is comes from userInfo: the Slack team and user ids, matched to the directory's Slack identities.
 */
import { z } from 'zod';

export const SLACK_AUTHORIZE_URL = 'https://slack.com/openid/connect/authorize';
export const SLACK_API_URL = 'https://slack.com/api/';

export interface SlackOidcConfig {
  clientId: string;
  clientSecret: string;
  authorizeUrl: string;
  /** The Web API's base, ending in `/`. */
  apiUrl: string;
}

export interface SlackUser {
  teamId: string;
  userId: string;
}

/** A sign-in that Slack (or its answer) did not let through; the message is for the log only. */
export class SlackSignInFailed extends Error {}

const tokenAnswer = z.union([
  z.object({ ok: z.literal(true), access_token: z.string().min(1), id_token: z.string().min(1) }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

const idTokenClaims = z.object({ aud: z.union([z.string(), z.array(z.string())]), nonce: z.string().optional() });

const userInfoAnswer = z.union([
  z.object({
    ok: z.literal(true),
    'https://slack.com/team_id': z.string().min(1),
    'https://slack.com/user_id': z.string().min(1),
  }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** `redirectUri`: where Slack sends the browser back (<PUBLIC_URL>/auth/slack/callback); the exchange repeats it. */
export function authorizeRedirect(config: SlackOidcConfig, redirectUri: string, state: string, nonce: string): string {
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    scope: 'openid profile email',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    state,
    nonce,
  }).toString();
  return url.toString();
}

/** Exchange the authorization code, check the ID token's audience and nonce, and ask who signed in. */
export async function slackUserOf(config: SlackOidcConfig, redirectUri: string, code: string, nonce: string): Promise<SlackUser> {
  const token = tokenAnswer.safeParse(
    await callSlack(config, 'openid.connect.token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code,
        redirect_uri: redirectUri,
        grant_type: 'authorization_code',
      }).toString(),
    }),
  );
  if (!token.success) throw new SlackSignInFailed('openid.connect.token answered in a shape it does not have');
  if (!token.data.ok) throw new SlackSignInFailed(`openid.connect.token refused: ${token.data.error}`);
  const claims = idTokenClaims.safeParse(jwtPayload(token.data.id_token));
  if (!claims.success) throw new SlackSignInFailed('the ID token is not readable');
  const audiences = Array.isArray(claims.data.aud) ? claims.data.aud : [claims.data.aud];
  if (!audiences.includes(config.clientId)) throw new SlackSignInFailed('the ID token is for another app');
  if (claims.data.nonce !== nonce) throw new SlackSignInFailed('the ID token answers another sign-in (nonce)');
  const info = userInfoAnswer.safeParse(
    await callSlack(config, 'openid.connect.userInfo', {
      method: 'POST',
      headers: { authorization: `Bearer ${token.data.access_token}` },
    }),
  );
  if (!info.success) throw new SlackSignInFailed('openid.connect.userInfo answered in a shape it does not have');
  if (!info.data.ok) throw new SlackSignInFailed(`openid.connect.userInfo refused: ${info.data.error}`);
  return { teamId: info.data['https://slack.com/team_id'], userId: info.data['https://slack.com/user_id'] };
}

async function callSlack(config: SlackOidcConfig, method: string, init: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(new URL(method, config.apiUrl), { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new SlackSignInFailed(`${method} could not be reached: ${(error as Error).message}`);
  }
  if (!response.ok) throw new SlackSignInFailed(`${method} answered HTTP ${response.status}`);
  return response.json().catch(() => {
    throw new SlackSignInFailed(`${method} did not answer JSON`);
  });
}

function jwtPayload(jwt: string): unknown {
  const part = jwt.split('.')[1];
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}
