/** Signed Slack interactions for the benchmarks: the real Bolt app checks them as it would Slack's. */
import { createHmac, randomUUID } from 'node:crypto';

export const SECRET = 'bench-signing-secret';
export const TEAM = 'TBENCH01';

/** The Slack door's settings for a bench server (the notifier sends nothing: there is no Slack). */
export const SLACK_BENCH_ENV = { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_PROVIDER_TEAM_ID: TEAM };

export function signedInteraction(url: string, payload: object): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${signature}` },
    body,
  });
}

/** A button press by a Slack user in a channel, as block_actions. */
export function press(userId: string, channel: string, actionId: string, value: string) {
  const n = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  return {
    type: 'block_actions',
    user: { id: userId, username: 'bench', team_id: TEAM },
    api_app_id: 'ABENCH',
    token: 'x',
    container: { type: 'message', message_ts: '1.1', channel_id: channel, is_ephemeral: false },
    trigger_id: `${n}.${randomUUID()}`,
    team: { id: TEAM, domain: 'bench' },
    channel: { id: channel, name: 'bench' },
    message: { type: 'message', ts: '1.1', text: 'card' },
    response_url: 'https://hooks.slack.com/actions/T/1/R',
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', text: { type: 'plain_text', text: actionId }, value, action_ts: n }],
  };
}
