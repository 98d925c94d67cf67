/**
 * Mixed load: the Slack Acknowledge button's latency while the same instance ingests alarms at an
 * offered 1,000 per second and delivers events to 10,000 graphql-ws subscribers, against the same
 * button on the same server with nothing else to do, measured first in the same run.
 *
 * - One opsdesk instance (`startOpsdesk`, every door) in this process, its Slack door pointed at a
 *   local fake Slack (bench/fake-slack.ts); an on-call person known in Slack presses Acknowledge on
 *   alarms made beforehand, one press every `pressGapMs`, each a signed block_actions request.
 * - Ingest: single-alarm webhooks over 8 sources from a child process at an offered rate (request
 *   n leaves at n / rate s, whatever the answers do), each 202 meaning committed.
 * - Subscribers: `events(orgId)` subscriptions in a child process, receiving one event per
 *   `eventGapMs` committed on this instance (10,000 subscribers at one event per second is 10,000
 *   messages per second; every alarm to every subscriber would be ten million, which no dashboard
 *   asks for: the subscribers watch an org, the alarms are the provider's).
 *
 *   BENCH_ONLY=mixed npm run bench        npx tsx bench/mixed.ts
 *
 * Environment: BENCH_MIXED_RATE (alarms offered per second, default 1000), BENCH_MIXED_SUBSCRIBERS
 * (default 10000), BENCH_MIXED_PRESSES (default 300), BENCH_MIXED_PRESS_GAP_MS (default 50),
 * BENCH_MIXED_EVENT_GAP_MS (default 1000), BENCH_BACKENDS (default postgres here).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAlarmSource } from '../core/alarms/index.ts';
import { addPerson, createApiToken, createOrg, setRoles } from '../core/directory/index.ts';
import type { Role } from '../core/actor.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { SubscriberProcess } from './delivery.ts';
import { ACKER, acknowledgePayload, startFakeSlack } from './fake-slack.ts';
import { benchOperator } from './people.ts';
import { alarmWebhookTarget, runCallers } from './run-callers.ts';
import { signedInteraction, SLACK_BENCH_ENV, TEAM } from './slack.ts';
import { runWhenMain } from './standalone.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { intEnv } from './env.ts';

export interface MixedOptions {
  rate: number;
  subscribers: number;
  presses: number;
  pressGapMs: number;
  eventGapMs: number;
  log: (line: string) => void;
}

export const MIXED_TABLE_TITLE =
  'Mixed load (bench/mixed.ts): the Slack Acknowledge button alone, then while alarms are ingested and subscribers receive events; ' +
  'ops/s = alarms committed per second';

export async function mixedBench(backend: string, bench: BenchDatabase, options: MixedOptions): Promise<Row[]> {
  const { log } = options;
  const slack = await startFakeSlack();
  let running: RunningOpsdesk | undefined;
  let subscribers: SubscriberProcess | undefined;
  const rows: Row[] = [];
  try {
    running = await startOpsdesk({
      config: loadConfig({ ...BENCH_SERVER_ENV, ...SLACK_BENCH_ENV }),
      database: bench.database,
      logger: createLogger({ level: 'silent' }),
      ...benchAuditKey(),
      slack: { webClientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } } },
    });
    const { core } = running;
    const url = running.server.url;
    const sources = [];
    for (let i = 0; i < 8; i++) sources.push(await core.execute(createAlarmSource, benchOperator(), { name: `mixed-${i}-${randomUUID().slice(0, 6)}` }));
    await core.execute(addPerson, benchOperator(), {
      orgId: core.providerId!, name: 'Acker', email: `acker-${randomUUID().slice(0, 6)}@bench.invalid`, roles: ['oncall'], slack: { teamId: TEAM, userId: ACKER },
    });

    // The alarms to acknowledge, made before anything is measured.
    const first = sources[0]!;
    const toAcknowledge: string[] = [];
    for (let i = 0; i < 2 * options.presses + 30; i++) {
      const response = await fetch(`${url}/hooks/alarms/${first.name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${first.secret}` },
        body: JSON.stringify({ fingerprint: `ack-${i}-${randomUUID().slice(0, 6)}`, summary: `to acknowledge ${i}`, severity: 'critical', service: 'bench' }),
      });
      const body = (await response.json()) as { alarms?: Array<{ alarmId: string }> };
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      toAcknowledge.push(body.alarms![0]!.alarmId);
    }
    const acknowledge = async () => {
      const alarmId = toAcknowledge.shift();
      if (!alarmId) throw new Error('no alarm left to acknowledge');
      const started = nowMs();
      const response = await signedInteraction(url, acknowledgePayload(alarmId));
      await response.text();
      if (response.status !== 200) throw new Error(`Acknowledge answered ${response.status}`);
      return nowMs() - started;
    };

    // The subscribers' org, viewer and the commits they receive (roles toggled, as in bench/delivery.ts).
    const org = await core.execute(createOrg, benchOperator(), { name: 'Mixed viewers', slug: `mixed-${randomUUID().slice(0, 6)}` });
    const viewer = await core.execute(addPerson, benchOperator(), { orgId: org.id, name: 'Viewer', email: `viewer-${randomUUID().slice(0, 8)}@bench.test`, roles: ['contact'] });
    const tokens: string[] = [];
    for (let i = 0; i < 10; i++) tokens.push((await core.execute(createApiToken, benchOperator(), { personId: viewer.id, label: `mixed ${i}` })).token);
    const busAt = new Map<string, number>();
    let published: ((id: string) => void) | undefined;
    core.bus.subscribe((event) => {
      if (event.orgId !== org.id) return;
      busAt.set(String(event.id), nowMs());
      published?.(String(event.id));
    });
    let flipped = false;
    const commitForSubscribers = async () => {
      flipped = !flipped;
      const roles: Role[] = flipped ? ['contact', 'space_admin'] : ['contact'];
      const event = new Promise<string>((resolve) => (published = resolve));
      await core.execute(setRoles, benchOperator(), { orgId: org.id, personId: viewer.id, roles });
      const id = await event;
      return { id, at: busAt.get(id)! };
    };
    subscribers = new SubscriberProcess();
    subscribers.send({ type: 'start', url, tokens, orgId: org.id, subscribers: options.subscribers, batch: 100, client: 'raw' });
    const { ms } = await subscribers.next('connected', 300_000);
    log(`  ${backend}: ${options.subscribers} subscribers connected in ${(ms / 1000).toFixed(1)} s`);
    const warm = nowMs();
    while (!subscribers.has('ready')) {
      if (nowMs() - warm > 90_000) throw new Error('subscribers did not all receive a warm-up event within 90 s');
      await commitForSubscribers();
      await subscribers.until(() => subscribers!.has('ready'), 500);
    }
    await sleep(1_000);

    // 1. The reference: the button on the same server, nothing else to do.
    for (let i = 0; i < 30; i++) await acknowledge();
    const quiet: number[] = [];
    for (let i = 0; i < options.presses; i++) {
      quiet.push(await acknowledge());
      await sleep(options.pressGapMs);
    }
    const q = summarise(quiet);
    rows.push({ backend, scenario: 'Acknowledge button -> response, nothing else running (reference)', n: q.n, p50: q.p50, p99: q.p99 });
    log(`  ${backend}: Acknowledge alone p50 ${q.p50.toFixed(1)} ms, p99 ${q.p99.toFixed(1)} ms`);

    // 2. The same presses while alarms pour in and the subscribers receive events.
    const seconds = Math.ceil((options.presses * (options.pressGapMs + 30)) / 1000) + 6;
    const total = options.rate * seconds;
    const ingest = runCallers({
      targets: sources.map((s) => alarmWebhookTarget(`${url}/hooks/alarms/${s.name}`, s.secret)),
      total,
      concurrency: 128,
      ratePerSecond: options.rate,
    });
    let eventsRunning = true;
    const commits: Array<{ id: string; at: number }> = [];
    const events = (async () => {
      const began = nowMs();
      for (let k = 0; eventsRunning; k++) {
        commits.push(await commitForSubscribers());
        const wait = began + (k + 1) * options.eventGapMs - nowMs();
        if (wait > 0) await sleep(wait);
      }
    })();
    await sleep(3_000); // the load reaches its pace before the first measured press
    const loaded: number[] = [];
    for (let i = 0; i < options.presses; i++) {
      loaded.push(await acknowledge());
      await sleep(options.pressGapMs);
    }
    eventsRunning = false;
    await events;
    const ingested = await ingest;
    const l = summarise(loaded);
    const ratio = q.p99 > 0 ? l.p99 / q.p99 : NaN;
    rows.push({
      backend,
      scenario: `Acknowledge button -> response, under the load below (target p99 <= 50 ms)`,
      n: l.n,
      p50: l.p50,
      p99: l.p99,
      ratio: `p99 ${ratio.toFixed(2)}x the reference`,
      note: l.p99 <= 50 ? 'target met' : 'target NOT met',
    });
    const committed = ingested.latencies.length;
    const achieved = (committed / ingested.elapsedMs) * 1000;
    const i = summarise(ingested.latencies);
    rows.push({
      backend,
      scenario: `  alarm webhooks offered at ${options.rate}/s over 8 sources, 128 callers`,
      n: i.n,
      p50: i.p50,
      p99: i.p99,
      opsPerSec: achieved,
      note: `${committed} of ${total} answered 202 (committed) in ${(ingested.elapsedMs / 1000).toFixed(1)} s` +
        (ingested.failures ? `; ${ingested.failures} failed: ${ingested.firstFailure}` : ''),
    });
    subscribers.send({ type: 'collect', ids: commits.map((c) => c.id), timeoutMs: 30_000 });
    const { receipts, missing } = await subscribers.next('receipts', 90_000);
    const delivery: number[] = [];
    for (const c of commits) for (const t of receipts[c.id] ?? []) delivery.push(t - c.at);
    const d = summarise(delivery);
    rows.push({
      backend,
      scenario: `  commit -> events delivery, ${options.subscribers} subscribers, one event per ${options.eventGapMs} ms`,
      n: d.n,
      p50: d.p50,
      p99: d.p99,
      note: missing ? `${missing} (event, subscriber) pairs NOT received within 30 s` : 'every pair received',
    });
    log(`  ${backend}: under load Acknowledge p99 ${l.p99.toFixed(1)} ms; ingest ${achieved.toFixed(0)}/s; delivery p99 ${d.p99.toFixed(1)} ms`);
    return rows;
  } finally {
    await subscribers?.close();
    await running?.stop();
    await slack.close();
  }
}


export function mixedOptions(log: (line: string) => void): MixedOptions {
  return {
    rate: intEnv('BENCH_MIXED_RATE', 1000),
    subscribers: intEnv('BENCH_MIXED_SUBSCRIBERS', 10_000),
    presses: intEnv('BENCH_MIXED_PRESSES', 300),
    pressGapMs: intEnv('BENCH_MIXED_PRESS_GAP_MS', 50),
    eventGapMs: intEnv('BENCH_MIXED_EVENT_GAP_MS', 1000),
    log,
  };
}

runWhenMain(import.meta.url, 'mixed', MIXED_TABLE_TITLE, (backend, db, log) => mixedBench(backend, db, mixedOptions(log)));
