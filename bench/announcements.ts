/**
 * Announcements: what announcing to many client orgs costs, how fast the Slack output fans out,
 * and what an Acknowledge press costs in the core (the database commit and audit append that the
 * button's 50 ms budget includes; Bolt and HTTP add little on top, measured in the Slack tests' doors).
 *
 *   npx tsx bench/announcements.ts         (or BENCH_ONLY=announcements npm run bench)
 *
 * Environment: BENCH_ANNOUNCE_ORGS (default 50), BENCH_ANNOUNCE_RECIPIENTS per org (default 10),
 * BENCH_ANNOUNCE_ROUNDS announcements per backend (default 5), BENCH_BACKENDS, BENCH_DATABASE_URL.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { announcementRule } from '../doors/slack/announcements/notifier-rule.ts';
import { acknowledgeAnnouncement, AnnouncementEvents, announceRelease, createRelease } from '../core/announcements/index.ts';
import { systemActor } from '../core/actor.ts';
import { ManualClock } from '../core/clock.ts';
import { bootstrapIfEmpty, createCore } from '../core/index.ts';
import { addPerson, createOrg, linkChannel } from '../core/directory/index.ts';
import { toDomainEvent } from '../core/events/bus.ts';
import { createLogger } from '../core/observability.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/client.ts';
import { domainEvents } from '../db/schema.ts';
import { and, eq } from 'drizzle-orm';
import { describePostgres, findPostgres, openBenchPglite, openBenchPostgres, type BenchDatabase } from './databases.ts';
import { formatTable, nowMs, summarise, type Row } from './stats.ts';
import { coreCapabilities } from '../app/capabilities.ts';
import { notifierContext } from '../doors/slack/notifier/index.ts';
import { SlackStore } from '../doors/slack/store/index.ts';
import { benchActor } from './people.ts';

const DAY = 86_400_000;
const TEAM = 'TBENCH';

export interface AnnouncementsBenchOptions {
  orgs: number;
  recipientsPerOrg: number;
  rounds: number;
  log: (line: string) => void;
}

export async function announcementsBench(backend: string, database: Database, options: AnnouncementsBenchOptions): Promise<Row[]> {
  await migrate(database);
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const core = createCore({ capabilities: await coreCapabilities(), database, clock, logger: createLogger({ level: 'silent' }), timers: { autoArm: false } });
  await bootstrapIfEmpty(core);
  await core.start();
  const cli = () => systemActor('cli', 'cli', randomUUID());
  try {
    const po = await core.execute(addPerson, cli(), { orgId: core.providerId!, name: 'Bench PO', roles: ['product_owner'] });
    const poActor = await benchActor(core, po.id, 'graphql');
    const recipients: string[] = [];
    for (let o = 0; o < options.orgs; o++) {
      const org = await core.execute(createOrg, cli(), { name: `Bench ${o}`, slug: `bench-${o}-${randomUUID().slice(0, 6)}` });
      await core.execute(linkChannel, cli(), { orgId: org.id, teamId: TEAM, channelId: `CNEWS${o}`, purpose: 'announcements' });
      for (let r = 0; r < options.recipientsPerOrg; r++) {
        const person = await core.execute(addPerson, cli(), {
          orgId: org.id,
          name: `Admin ${o}-${r}`,
          roles: [r % 2 ? 'space_admin' : 'contract_owner'],
          slack: { teamId: TEAM, userId: `U${o}X${r}`.toUpperCase() },
        });
        recipients.push(person.id);
      }
    }
    const total = options.orgs * options.recipientsPerOrg;
    options.log(`  ${options.orgs} orgs x ${options.recipientsPerOrg} recipients = ${total} recipients`);

    const commitMs: number[] = [];
    const ruleMs: number[] = [];
    let outputs = 0;
    let lastAnnouncement = '';
    for (let round = 0; round < options.rounds; round++) {
      const windowStart = new Date(clock.now().getTime() + (20 + round) * DAY);
      const release = await core.execute(createRelease, poActor, {
        version: `1.${round}.0`,
        title: 'Bench',
        changeLog: '- faster',
        windowStart,
        windowEnd: new Date(windowStart.getTime() + 3_600_000),
      });
      const started = nowMs();
      const { announcement } = await core.execute(announceRelease, poActor, { releaseId: release.id });
      commitMs.push(nowMs() - started);
      lastAnnouncement = announcement.id;
      // The notifier's share: run the rule over each org's delivery event, as the notifier would.
      const delivered = await database.db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.type, AnnouncementEvents.delivered.type), eq(domainEvents.subjectId, announcement.id)));
      const ruleStarted = nowMs();
      for (const row of delivered) {
        outputs += (await announcementRule(toDomainEvent(row), notifierContext(core, new SlackStore(database.db), TEAM, core.logger))).length;
      }
      ruleMs.push(nowMs() - ruleStarted);
    }
    const commit = summarise(commitMs);
    const rule = summarise(ruleMs);
    const rows: Row[] = [
      { backend, scenario: `announce: commit (${total} recipient rows, ${options.orgs + 1} audit events)`, n: commit.n, p50: commit.p50, p99: commit.p99, opsPerSec: (total * 1000) / commit.mean, note: 'recipients/s' },
      { backend, scenario: `announce: notifier rule over ${options.orgs} delivery events`, n: rule.n, p50: rule.p50, p99: rule.p99, opsPerSec: (outputs / options.rounds / rule.mean) * 1000, note: 'outputs/s' },
    ];

    const ackMs: number[] = [];
    const actors = await Promise.all(recipients.map((id) => benchActor(core, id, 'slack')));
    const acksStarted = nowMs();
    for (const actor of actors) {
      const started = nowMs();
      await core.execute(acknowledgeAnnouncement, actor!, { announcementId: lastAnnouncement });
      ackMs.push(nowMs() - started);
    }
    const ack = summarise(ackMs);
    rows.push({ backend, scenario: 'acknowledge: core command (lookup, update, audit append, commit)', n: ack.n, p50: ack.p50, p99: ack.p99, opsPerSec: (ack.n * 1000) / (nowMs() - acksStarted) });
    return rows;
  } finally {
    await core.stop();
  }
}

function intEnv(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

export function announcementsOptions(log: (line: string) => void): AnnouncementsBenchOptions {
  return {
    orgs: intEnv('BENCH_ANNOUNCE_ORGS', 50),
    recipientsPerOrg: intEnv('BENCH_ANNOUNCE_RECIPIENTS', 10),
    rounds: intEnv('BENCH_ANNOUNCE_ROUNDS', 5),
    log,
  };
}

export const ANNOUNCEMENTS_TITLE =
  'Announcements: announce commit (recipients/s), notifier rule fan-out (outputs/s), acknowledge command latency';

async function withDatabase<T>(open: () => Promise<BenchDatabase>, work: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const db = await open();
  try {
    return await work(db);
  } finally {
    await db.dispose().catch(() => {});
  }
}

/** Both backends (BENCH_BACKENDS narrows), for running this file alone or from bench/run.ts. */
export async function runAnnouncementsBench(log: (line: string) => void): Promise<Row[]> {
  const options = announcementsOptions(log);
  const wanted = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim());
  const rows: Row[] = [];
  if (wanted.includes('pglite')) {
    log('\n[announcements] pglite');
    rows.push(...(await withDatabase(() => openBenchPglite(), (db) => announcementsBench('pglite', db.database, options))));
  }
  if (wanted.includes('postgres')) {
    const found = await findPostgres();
    if ('skip' in found) log(`\n[announcements] postgres skipped: ${found.skip}`);
    else {
      log(`\n[announcements] postgres (${await describePostgres(found.url)})`);
      rows.push(...(await withDatabase(() => openBenchPostgres(found.url, 10), (db) => announcementsBench('postgres', db.database, options))));
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rows = await runAnnouncementsBench(console.log);
  console.log(formatTable(ANNOUNCEMENTS_TITLE, rows));
}
