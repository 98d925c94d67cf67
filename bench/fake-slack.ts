/**
 * A fake Slack Web API on a local port for the benches whose server posts cards (alarms, mixed
 * load): it answers what the notifier and Bolt call and records when each chat.postMessage
 * arrived; and the signed Acknowledge press of an alarm's card.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEAM } from './slack.ts';
import { nowMs } from './stats.ts';

export const ONCALL = 'CONCALLBENCH';
export const ACKER = 'UACKER001';

export interface FakeSlack {
  url: string;
  /** Arrival time (nowMs) of each chat.postMessage, by the text it carried. */
  postArrivals: Array<{ at: number; text: string; channel: string }>;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const postArrivals: FakeSlack['postArrivals'] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    const at = nowMs();
    const method = (req.url ?? '').split('/').pop()!.split('?')[0]!;
    const args = Object.fromEntries(new URLSearchParams(await read(req)));
    const ts = `${Math.floor(Date.now() / 1000)}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    let answer: Record<string, unknown> = { ok: true };
    if (method === 'chat.postMessage') {
      postArrivals.push({ at, text: String(args.text ?? ''), channel: String(args.channel ?? '') });
      answer = { ok: true, channel: args.channel, ts };
    } else if (method === 'chat.update') answer = { ok: true, channel: args.channel, ts: args.ts };
    else if (method === 'auth.test') answer = { ok: true, team_id: TEAM, user_id: 'UBOT', bot_id: 'BBOT' };
    else if (method === 'views.open' || method === 'views.publish') answer = { ok: true, view: { id: 'VBENCH' } };
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    postArrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The Acknowledge button of an alarm's card pressed by ACKER in the on-call channel, as block_actions. */
export function acknowledgePayload(alarmId: string) {
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    type: 'block_actions',
    user: { id: ACKER, username: 'acker', team_id: TEAM },
    api_app_id: 'ABENCH',
    token: 'x',
    container: { type: 'message', message_ts: ts, channel_id: ONCALL, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: TEAM, domain: 'bench' },
    channel: { id: ONCALL, name: 'oncall' },
    message: { type: 'message', ts, text: 'card' },
    response_url: 'http://127.0.0.1:1/unused',
    actions: [{ type: 'button', action_id: 'alarm:acknowledge', block_id: `alarm:${alarmId}`, text: { type: 'plain_text', text: 'Acknowledge' }, value: alarmId, action_ts: `${Date.now() / 1000}` }],
  };
}
