/**
 * Alarms: webhook to committed alarm (the webhook answers after commit) and alarms ingested per
 * second; webhook to the card's `chat.postMessage` reaching a fake Slack; and the Acknowledge
 * button's request to its response. The real server (`startOpsdesk`) with its Slack door in HTTP
 * mode, the Web API pointed at a local fake Slack. Runs on PGlite and (when reachable) PostgreSQL.
 *
 *   npx tsx bench/alarms.ts         (alone)     BENCH_ONLY=alarms npm run bench   (through run.ts)
 *
 * Environment: BENCH_ALARMS (requests per latency run, default 1000), BENCH_ALARM_CONCURRENCY
 * (parallel webhook callers for the throughput run, default 16), BENCH_ALARM_SOURCES and
 * BENCH_ALARM_SOURCE_CONCURRENCY (the run across sources: default 8 sources, 64 callers), BENCH_ALARM_CARDS (alarms for the
 * postMessage run, default 15, spaced by the channel pace of 1 s plus 100 ms), BENCH_BACKENDS.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAlarmSource, createSchedule } from '../core/alarms/index.ts';
import { systemActor } from '../core/actor.ts';
import { addPerson, linkChannel } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { SLACK_CONSUMER } from '../doors/slack/notifier/index.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { runWhenMain } from './standalone.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { alarmWebhookTarget, runCallersStrictly } from './run-callers.ts';
import { ACKER, acknowledgePayload, ONCALL, startFakeSlack } from './fake-slack.ts';
import { signedInteraction, SLACK_BENCH_ENV, TEAM } from './slack.ts';

export interface AlarmBenchOptions {
  requests: number;
  concurrency: number;
  /** Sources and callers of the run across sources (group commit across sources). */
  sources: number;
  sourceConcurrency: number;
  cards: number;
  log: (line: string) => void;
}

export async function alarmBench(backend: string, bench: BenchDatabase, options: AlarmBenchOptions): Promise<Row[]> {
  const { log } = options;
  const slack = await startFakeSlack();
  const config = loadConfig({
    ...BENCH_SERVER_ENV,
    ...SLACK_BENCH_ENV,
  });
  let running: RunningOpsdesk | undefined;
  const rows: Row[] = [];
  try {
    running = await startOpsdesk({
      config,
      database: bench.database,
      logger: createLogger({ level: 'silent' }),
      ...benchAuditKey(),
      slack: { webClientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } } },
    });
    const { core } = running;
    const url = running.server.url;
    const cli = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);
    const source = await core.execute(createAlarmSource, cli(), { name: `bench-${randomUUID().slice(0, 6)}` });
    const hook = `${url}/hooks/alarms/${source.name}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${source.secret}` };
    const fire = async (fingerprint: string) => {
      const started = nowMs();
      const response = await fetch(hook, { method: 'POST', headers, body: JSON.stringify({ fingerprint, summary: `bench ${fingerprint}`, severity: 'critical', service: 'bench' }) });
      const body = (await response.json()) as { alarms?: Array<{ alarmId: string }> };
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${JSON.stringify(body)}`);
      return { ms: nowMs() - started, alarmId: body.alarms![0]!.alarmId, started };
    };

    // 1. Webhook to committed alarm, one caller; then throughput with parallel callers.
    //    No on-call channel or schedule yet: the notifier has nothing to send meanwhile.
    for (let i = 0; i < 50; i++) await fire(`warm-${i}`);
    const sequential: number[] = [];
    for (let i = 0; i < options.requests; i++) sequential.push((await fire(`seq-${i}`)).ms);
    const s = summarise(sequential);
    rows.push({ backend, scenario: 'webhook -> committed alarm, 1 caller', n: s.n, p50: s.p50, p99: s.p99, opsPerSec: 1000 / s.mean });
    log(`  webhook, 1 caller: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms`);

    const total = options.requests * 2;
    // The parallel callers run in a process of their own, so the load does not compete with the server's event loop.
    const callersRun = (targets: Array<{ hook: string; secret: string }>, concurrency: number) =>
      runCallersStrictly({ targets: targets.map((t) => alarmWebhookTarget(t.hook, t.secret)), total, concurrency });
    const { latencies: parallel, elapsedMs: elapsed } = await callersRun([{ hook, secret: source.secret }], options.concurrency);
    const p = summarise(parallel);
    rows.push({ backend, scenario: `webhook -> committed alarm, ${options.concurrency} callers`, n: p.n, p50: p.p50, p99: p.p99, opsPerSec: (total / elapsed) * 1000 });
    log(`  webhook, ${options.concurrency} callers: ${((total / elapsed) * 1000).toFixed(0)} alarms/s, p99 ${p.p99.toFixed(2)} ms`);

    // 1a. The same across several sources: every source's alarms go on the provider's one chain,
    //     so the webhooks commit together across sources (doors/webhooks/alarms/ingest-batcher.ts).
    const others = await Promise.all(
      Array.from({ length: options.sources }, () => core.execute(createAlarmSource, cli(), { name: `bench-${randomUUID().slice(0, 6)}` })),
    );
    const spread = await callersRun(
      others.map((s) => ({ hook: `${url}/hooks/alarms/${s.name}`, secret: s.secret })),
      options.sourceConcurrency,
    );
    const sp = summarise(spread.latencies);
    const spreadRate = (total / spread.elapsedMs) * 1000;
    const label = `webhook -> committed alarm, ${options.sourceConcurrency} callers over ${options.sources} sources`;
    rows.push({ backend, scenario: label, n: sp.n, p50: sp.p50, p99: sp.p99, opsPerSec: spreadRate });
    log(`  webhook, ${options.sourceConcurrency} callers over ${options.sources} sources: ${spreadRate.toFixed(0)} alarms/s, p99 ${sp.p99.toFixed(2)} ms`);

    // 1b. Alertmanager groups: one request (one transaction) carries a group of alerts.
    const amHook = `${url}/hooks/alertmanager/${source.name}`;
    const groupSize = 50;
    const groups = Math.max(4, Math.floor((options.requests * 2) / groupSize));
    let nextGroup = 0;
    const groupTimes: number[] = [];
    const groupsBegan = nowMs();
    await Promise.all(
      Array.from({ length: Math.min(4, options.concurrency) }, async () => {
        while (nextGroup < groups) {
          const g = nextGroup++;
          const body = {
            version: '4', status: 'firing', receiver: 'opsdesk', groupLabels: {}, commonLabels: { alertname: 'Bench' }, commonAnnotations: {},
            alerts: Array.from({ length: groupSize }, (_, i) => ({ status: 'firing', labels: { alertname: 'Bench', severity: 'warning' }, annotations: { summary: `bench group ${g}` }, startsAt: new Date().toISOString(), fingerprint: `g${g}-${i}-${randomUUID().slice(0, 6)}` })),
          };
          const started = nowMs();
          const response = await fetch(amHook, { method: 'POST', headers, body: JSON.stringify(body) });
          await response.text();
          if (response.status !== 202) throw new Error(`Alertmanager webhook answered ${response.status}`);
          groupTimes.push(nowMs() - started);
        }
      }),
    );
    const groupElapsed = nowMs() - groupsBegan;
    const gs = summarise(groupTimes);
    rows.push({ backend, scenario: `Alertmanager groups of ${groupSize}, 4 callers (per request)`, n: gs.n, p50: gs.p50, p99: gs.p99, opsPerSec: ((groups * groupSize) / groupElapsed) * 1000 });
    log(`  Alertmanager groups of ${groupSize}: ${(((groups * groupSize) / groupElapsed) * 1000).toFixed(0)} alarms/s, request p99 ${gs.p99.toFixed(1)} ms`);

    // 2. Webhook to the card's chat.postMessage at the fake Slack, alarms spaced by the channel's pace.
    // The notifier takes in every event the runs above committed (thousands) before the channel is
    // linked (a rule renders at intake, so later intake would card them all); say how long that took.
    const backlogBegan = nowMs();
    const unnotified = () => core.consumer(SLACK_CONSUMER).backlog();
    const backlog = await unnotified();
    while ((await unnotified()) > 0 && nowMs() - backlogBegan < 180_000) await sleep(200);
    log(`  notifier: took in a backlog of ${backlog} events in ${((nowMs() - backlogBegan) / 1000).toFixed(1)} s (${(backlog / ((nowMs() - backlogBegan) / 1000)).toFixed(0)} events/s)`);
    await core.execute(linkChannel, cli(), { orgId: core.providerId!, teamId: TEAM, channelId: ONCALL, purpose: 'oncall' });
    const acker = await core.execute(addPerson, cli(), { orgId: core.providerId!, name: 'Acker', email: `acker-${randomUUID().slice(0, 6)}@bench.invalid`, roles: ['oncall'], slack: { teamId: TEAM, userId: ACKER } });
    await core.execute(createSchedule, cli(), { name: `bench-${randomUUID().slice(0, 6)}`, timeZone: 'UTC', startDate: '2020-01-01', members: [acker.id] });
    await sleep(1_500); // the channel's pace after the link's own output
    const toSlack: number[] = [];
    for (let i = 0; i < options.cards; i++) {
      const fingerprint = `card-${i}-${randomUUID().slice(0, 4)}`;
      const { started } = await fire(fingerprint);
      const deadline = Date.now() + 10_000;
      let arrival: { at: number } | undefined;
      while (!(arrival = slack.postArrivals.find((a) => a.channel === ONCALL && a.text.includes(`bench ${fingerprint}`))) && Date.now() < deadline) await sleep(2);
      if (arrival) toSlack.push(arrival.at - started);
      await sleep(1_100);
    }
    const t = summarise(toSlack);
    rows.push({ backend, scenario: 'webhook -> card chat.postMessage at Slack', n: t.n, p50: t.p50, p99: t.p99 });
    log(`  webhook to chat.postMessage: p50 ${t.p50.toFixed(1)} ms, p99 ${t.p99.toFixed(1)} ms (${t.n}/${options.cards} arrived)`);

    // 3. Acknowledge button: signed block_actions request to its response (command, audit, commit, ack).
    const toAck: string[] = [];
    for (let i = 0; i < Math.min(300, options.requests); i++) toAck.push((await fire(`ack-${i}-${randomUUID().slice(0, 4)}`)).alarmId);
    const ackTimes: number[] = [];
    for (const alarmId of toAck) {
      const started = nowMs();
      const response = await signedInteraction(url, acknowledgePayload(alarmId));
      await response.text();
      if (response.status !== 200) throw new Error(`Acknowledge answered ${response.status}`);
      ackTimes.push(nowMs() - started);
    }
    const a = summarise(ackTimes);
    rows.push({ backend, scenario: 'Acknowledge button -> response', n: a.n, p50: a.p50, p99: a.p99 });
    log(`  Acknowledge: p50 ${a.p50.toFixed(2)} ms, p99 ${a.p99.toFixed(2)} ms`);
    return rows;
  } finally {
    await running?.stop();
    await slack.close();
  }
}

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? '');
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export function alarmBenchOptions(log: (line: string) => void): AlarmBenchOptions {
  return {
    requests: intEnv('BENCH_ALARMS', 1000),
    concurrency: intEnv('BENCH_ALARM_CONCURRENCY', 16),
    sources: intEnv('BENCH_ALARM_SOURCES', 8),
    sourceConcurrency: intEnv('BENCH_ALARM_SOURCE_CONCURRENCY', 64),
    cards: intEnv('BENCH_ALARM_CARDS', 15),
    log,
  };
}

export const ALARM_TABLE_TITLE = 'Alarms: webhook to commit (ops/s = alarms ingested per second), webhook to the card at Slack, Acknowledge button';

runWhenMain(import.meta.url, 'alarms', ALARM_TABLE_TITLE, (backend, db, log) => alarmBench(backend, db, alarmBenchOptions(log)));
