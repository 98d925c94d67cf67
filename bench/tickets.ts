/**
 * Tickets benchmark (`npx tsx bench/tickets.ts`, or `BENCH_ONLY=tickets npm run bench`):
 * - a Slack button press (signed block_actions into the real Bolt app over HTTP) to its HTTP
 *   response, the command's commit and audit append included: p50/p99;
 * - commit to delivery at N graphql-ws subscribers of `ticketEvents(orgId)` (subscribers in a
 *   child process, as in bench/delivery.ts): p50/p99;
 * - tickets opened per second through GraphQL `openTicket` over HTTP, 8 callers, 1 org and 8 orgs.
 * On PGlite (in memory) and on PostgreSQL when reachable. The notifier does not send (no Slack).
 *
 * Environment: BENCH_TICKET_PRESSES (default 300), BENCH_TICKET_OPENS (default 400),
 * BENCH_SUBSCRIBERS (default 1000), BENCH_EVENTS (default 50), BENCH_BACKENDS.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApiToken, createOrg, linkChannel } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { changeTicketStatus, openTicket } from '../core/tickets/index.ts';
import { loadConfig } from '../server/config.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { startOpsdesk } from '../app/start.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { runWhenMain } from './standalone.ts';
import { SubscriberProcess } from './delivery.ts';
import { benchOperator, benchPerson, benchActor } from './people.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { press, signedInteraction, SLACK_BENCH_ENV, TEAM } from './slack.ts';

const TICKET_EVENTS = 'subscription ($orgId: ID) { ticketEvents(orgId: $orgId) { id } }';

export interface TicketsBenchOptions {
  presses: number;
  opens: number;
  subscribers: number;
  events: number;
  log: (line: string) => void;
}

async function gqlOpen(url: string, token: string, orgId: string): Promise<void> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: 'mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Bench", kind: QUESTION }) { id } }', variables: { o: orgId } }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`openTicket failed: ${JSON.stringify(body.errors).slice(0, 200)}`);
}

export async function ticketsBench(backend: string, bench: BenchDatabase, options: TicketsBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const config = loadConfig({ ...BENCH_SERVER_ENV, ...SLACK_BENCH_ENV });
  const running = await startOpsdesk({
    config,
    database: bench.database,
    logger: createLogger({ level: 'silent' }),
    ...benchAuditKey(),
    // The notifier takes its events in but sends nothing: there is no Slack to send to.
    slack: { notifier: { autoRun: false }, webClientOptions: { retryConfig: { retries: 0 } } },
  });
  let subscribers: SubscriberProcess | undefined;
  try {
    const { core } = running;
    const url = running.server.url;
    const orgs: Array<{ id: string }> = [];
    for (let i = 0; i < 8; i++) orgs.push(await core.execute(createOrg, benchOperator(), { name: `Bench ${i}`, slug: `bench-${i}-${randomUUID().slice(0, 6)}` }));
    const agent = await benchPerson(running, core.providerId!, ['agent'], 'UBENCHAGENT');
    const contacts = await Promise.all(orgs.map((o) => benchPerson(running, o.id, ['contact'])));
    await core.execute(linkChannel, benchOperator(), { orgId: orgs[0]!.id, teamId: TEAM, channelId: 'CBENCH01' });
    const agentActor = await benchActor(core, agent.id, 'cli');
    const contactActor = await benchActor(core, contacts[0]!.id, 'cli');

    // 1. Slack button press to HTTP response: Ask client / Log bug, alternating on one ticket.
    const ticket = await core.execute(openTicket, contactActor, { orgId: orgs[0]!.id, title: 'Button bench' });
    const pressOnce = async (k: number) => {
      const t0 = nowMs();
      const response = await signedInteraction(url, press('UBENCHAGENT', 'CBENCH01', k % 2 === 0 ? 'ticket:ask_client' : 'ticket:log_bug', ticket.id));
      await response.text();
      if (response.status !== 200) throw new Error(`button press answered ${response.status}`);
      return nowMs() - t0;
    };
    for (let k = 0; k < 30; k++) await pressOnce(k); // warm-up
    const pressTimes: number[] = [];
    const pressStarted = nowMs();
    for (let k = 0; k < options.presses; k++) pressTimes.push(await pressOnce(k));
    const p = summarise(pressTimes);
    rows.push({ backend, scenario: 'Slack button -> HTTP response (commit incl.), sequential', n: p.n, p50: p.p50, p99: p.p99, opsPerSec: (p.n / (nowMs() - pressStarted)) * 1000 });
    options.log(`  ${backend}: button p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms`);

    // 2. Tickets opened per second through GraphQL, 8 callers.
    for (const spread of [1, 8]) {
      const started = nowMs();
      let next = 0;
      const latencies: number[] = [];
      await Promise.all(
        Array.from({ length: 8 }, async (_, caller) => {
          const who = contacts[spread === 1 ? 0 : caller]!;
          const org = orgs[spread === 1 ? 0 : caller]!;
          while (next++ < options.opens) {
            const t0 = nowMs();
            await gqlOpen(url, who.token, org.id);
            latencies.push(nowMs() - t0);
          }
        }),
      );
      const s = summarise(latencies);
      const rate = (s.n / (nowMs() - started)) * 1000;
      rows.push({ backend, scenario: `openTicket over GraphQL HTTP, 8 callers, ${spread} org(s)`, n: s.n, p50: s.p50, p99: s.p99, opsPerSec: rate });
      options.log(`  ${backend}: openTicket ${rate.toFixed(0)}/s over ${spread} org(s)`);
    }

    // 3. Commit to delivery at N ticketEvents subscribers.
    const busAt = new Map<string, number>();
    let lastId = '';
    core.bus.subscribe((event) => {
      if (event.subjectId !== ticket.id) return;
      busAt.set(String(event.id), nowMs());
      lastId = String(event.id);
    });
    let flip = false;
    const commit = async () => {
      flip = !flip;
      await core.execute(changeTicketStatus, agentActor, { ticketId: ticket.id, status: flip ? 'AWAITING_CLIENT' : 'BUG_LOGGED' }).catch(async () => {
        flip = !flip;
        await core.execute(changeTicketStatus, agentActor, { ticketId: ticket.id, status: flip ? 'AWAITING_CLIENT' : 'BUG_LOGGED' });
      });
      return { id: lastId, at: busAt.get(lastId)! };
    };
    subscribers = new SubscriberProcess();
    const tokens = [];
    for (let i = 0; i < 10; i++) tokens.push((await core.execute(createApiToken, benchOperator(), { personId: contacts[0]!.id, label: `sub ${i}` })).token);
    subscribers.send({ type: 'start', url, tokens, orgId: orgs[0]!.id, subscribers: options.subscribers, batch: 50, query: TICKET_EVENTS });
    const { ms } = await subscribers.next('connected', 180_000);
    options.log(`  ${backend}: ${options.subscribers} ticketEvents subscribers connected in ${(ms / 1000).toFixed(1)} s`);
    const warm = nowMs();
    while (!subscribers.has('ready')) {
      if (nowMs() - warm > 60_000) throw new Error('subscribers did not all receive a warm-up event');
      await commit();
      await subscribers.until(() => subscribers!.has('ready'), 250);
    }
    await sleep(500);
    const commits = [];
    for (let k = 0; k < options.events; k++) {
      commits.push(await commit());
      await sleep(100);
    }
    subscribers.send({ type: 'collect', ids: commits.map((c) => c.id), timeoutMs: 30_000 });
    const { receipts, missing } = await subscribers.next('receipts', 60_000);
    const delivery: number[] = [];
    for (const c of commits) for (const t of receipts[c.id] ?? []) delivery.push(t - c.at);
    const d = summarise(delivery);
    rows.push({
      backend,
      scenario: `commit -> ticketEvents delivery, ${options.subscribers} subs, every 100 ms`,
      n: d.n,
      p50: d.p50,
      p99: d.p99,
      note: missing ? `${missing} (event, subscriber) pairs not received in 30 s` : 'every pair received',
    });
    options.log(`  ${backend}: delivery p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms`);
    return rows;
  } finally {
    if (subscribers) {
      subscribers.send({ type: 'close' });
      await Promise.race([subscribers.exited, sleep(10_000)]);
      subscribers.child.kill();
    }
    await running.stop();
  }
}

export const TICKETS_TABLE_TITLE = 'Tickets: Slack button latency, openTicket rate, commit -> ticketEvents delivery';

runWhenMain(import.meta.url, 'tickets', TICKETS_TABLE_TITLE, (backend, db, log) =>
  ticketsBench(backend, db, {
    presses: Number(process.env.BENCH_TICKET_PRESSES ?? 300),
    opens: Number(process.env.BENCH_TICKET_OPENS ?? 400),
    subscribers: Number(process.env.BENCH_SUBSCRIBERS ?? 1000),
    events: Number(process.env.BENCH_EVENTS ?? 50),
    log,
  }),
);
