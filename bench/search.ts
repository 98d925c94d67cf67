/**
 * Ticket search (issue 17): `searchTickets` over 100,000 tickets with 1,000,000 comments. The data
 * is generated in SQL (`generate_series`): 20 orgs, tickets opened over a year, ten comments each,
 * picked from 20,000 texts whose words are drawn from a vocabulary of 5,010 with a steep skew (ten
 * real words such as "error" are in most tickets, the rest are rare), and one phrase planted in 20
 * tickets' comments. The documents
 * are then built by the backfill migration itself (db/migrations/*_backfill_ticket_search_documents.sql),
 * as an upgrade over existing tickets would. Then each typical search runs BENCH_SEARCH_QUERIES
 * times as provider staff (every org) and its p50/p99 are printed.
 *
 *   node bin/run-ts.mjs bench/search.ts      (alone)      BENCH_ONLY=search npm run bench   (through run.ts)
 *
 * Environment: BENCH_SEARCH_TICKETS (default 100000), BENCH_SEARCH_COMMENTS_PER_TICKET (default 10),
 * BENCH_SEARCH_PGLITE_TICKETS (PGlite's ticket count, default 10000: see docs/tickets.md),
 * BENCH_SEARCH_QUERIES (default 20), BENCH_BACKENDS.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { systemActor } from '../core/actor.ts';
import { bootstrapIfEmpty, createCore } from '../core/index.ts';
import { createLogger } from '../core/observability.ts';
import { searchTickets } from '../core/tickets/index.ts';
import { resultRows } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { coreCapabilities } from '../app/capabilities.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { runWhenMain } from './standalone.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { intEnv } from './env.ts';

export interface SearchBenchOptions {
  tickets: number;
  pgliteTickets: number;
  commentsPerTicket: number;
  queries: number;
  log: (line: string) => void;
}


export function searchBenchOptions(log: (line: string) => void): SearchBenchOptions {
  return {
    tickets: intEnv('BENCH_SEARCH_TICKETS', 100_000),
    pgliteTickets: intEnv('BENCH_SEARCH_PGLITE_TICKETS', 10_000),
    commentsPerTicket: intEnv('BENCH_SEARCH_COMMENTS_PER_TICKET', 10),
    queries: intEnv('BENCH_SEARCH_QUERIES', 20),
    log,
  };
}

export const SEARCH_TABLE_TITLE = 'Ticket search: searchTickets, first 20 hits with highlights, as provider staff (ms per query)';

const ORGS = 20;
const COMMON_WORDS = ['error', 'timeout', 'login', 'report', 'export', 'server', 'slow', 'failed', 'invoice', 'user'];
const PLANTED = 'kestrel manifest overflow';
/** Words drawn with a skew to the start of the vocabulary: the ten common words fill about a fifth of all word slots. */
const VOCABULARY = 5010;
/** Distinct texts that titles, descriptions and comments are picked from. */
const TEXTS = 20_000;

function backfillSql(): string {
  const dir = new URL('../db/migrations/', import.meta.url);
  const file = readdirSync(dir).find((name) => name.endsWith('_backfill_ticket_search_documents.sql'));
  if (!file) throw new Error('the backfill migration of ticket search is missing');
  return readFileSync(new URL(file, dir), 'utf8');
}

export async function searchBench(backend: string, bench: BenchDatabase, options: SearchBenchOptions): Promise<Row[]> {
  const { log } = options;
  const ticketCount = backend.startsWith('pglite') ? Math.min(options.tickets, options.pgliteTickets) : options.tickets;
  const commentCount = ticketCount * options.commentsPerTicket;
  log(`  ${ticketCount.toLocaleString('en')} tickets, ${commentCount.toLocaleString('en')} comments; ${bench.label}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
  await migrate(bench.database);
  const core = createCore({
    capabilities: await coreCapabilities(),
    database: bench.database,
    logger: createLogger({ level: 'silent' }),
    timers: { autoArm: false },
    audit: { key: benchAuditKey().auditKey, schedule: false },
  });
  await bootstrapIfEmpty(core);
  await core.start();
  const db = core.database.db;
  const rows: Row[] = [];
  try {
    const orgIds = Array.from({ length: ORGS }, () => randomUUID());
    const began = nowMs();
    // Plain tables (the bench database is thrown away): PostgreSQL runs these statements on a pool of connections.
    // Words are drawn once into 20,000 texts; tickets and comments pick texts by a hash join, which
    // keeps the generation of a million comments within a minute or two.
    await db.execute(sql.raw(`create table bench_words as
      select i as id, case when i <= ${COMMON_WORDS.length} then (array[${COMMON_WORDS.map((w) => `'${w}'`).join(', ')}])[i] else substr(md5(i::text), 1, 4 + i % 6) end as word
      from generate_series(1, ${VOCABULARY}) i`));
    for (const [table, words] of [['bench_titles', 5], ['bench_texts', 25]] as const) {
      await db.execute(sql.raw(`create table ${table} as
        select r.t as id, string_agg(w.word, ' ' order by r.g) as body
        from (select t, g, 1 + floor(${VOCABULARY} * power(random(), 4))::int as word_id from generate_series(1, ${TEXTS}) t, generate_series(1, ${words}) g) r
        join bench_words w on w.id = r.word_id group by r.t`));
    }
    await db.execute(sql.raw(`
      insert into tickets (org_id, number, key, title, description, kind, status, initiator_id, created_at, updated_at)
      select (array[${orgIds.map((id) => `'${id}'::uuid`).join(', ')}])[1 + n % ${ORGS}], n, 'BENCH' || (n % ${ORGS}) || '-' || n,
        title.body, text.body, 'incident', (array['RECEIVED', 'IN_PROGRESS', 'AWAITING_CLIENT', 'RESOLVED', 'CLOSED'])[1 + n % 5], gen_random_uuid(),
        now() - interval '365 days' + (n::float8 / ${ticketCount}) * interval '365 days', now()
      from generate_series(1, ${ticketCount}) n
      join bench_titles title on title.id = 1 + (n::bigint * 7919) % ${TEXTS}
      join bench_texts text on text.id = 1 + (n::bigint * 104729) % ${TEXTS}`));
    log(`  tickets written (${((nowMs() - began) / 1000).toFixed(0)} s)`);
    // In slices of 10,000 tickets, so neither database holds one huge statement.
    for (let from = 0; from < ticketCount; from += 10_000) {
      await db.execute(sql.raw(`
        insert into ticket_comments (ticket_id, author_id, side, body, door, created_at)
        select t.id, t.initiator_id, case when c % 2 = 0 then 'provider' else 'client' end, text.body, 'bench', t.created_at + c * interval '1 hour'
        from (select * from tickets where number > ${from} and number <= ${from + 10_000} and key like 'BENCH%') t
        cross join generate_series(1, ${options.commentsPerTicket}) c
        join bench_texts text on text.id = 1 + ((t.number::bigint * ${options.commentsPerTicket} + c) * 15485863) % ${TEXTS}`));
    }
    log(`  comments written (${((nowMs() - began) / 1000).toFixed(0)} s)`);
    await db.execute(sql.raw(`update ticket_comments set body = body || ' ${PLANTED}'
      where id in (select id from ticket_comments where door = 'bench' order by id limit 20)`));
    const indexing = nowMs();
    await db.execute(sql.raw(backfillSql()));
    log(`  search documents built by the backfill migration in ${((nowMs() - indexing) / 1000).toFixed(0)} s (all data: ${((nowMs() - began) / 1000).toFixed(0)} s)`);
    await db.execute(sql`analyze tickets`);
    await db.execute(sql`analyze ticket_comments`);
    await db.execute(sql`analyze ticket_search_documents`);
    const [size] = resultRows<{ total: string; index: string }>(
      await db.execute(sql`select pg_total_relation_size('ticket_search_documents')::bigint as total, pg_relation_size('ticket_search_documents_document_idx')::bigint as index`),
    );
    log(`  ticket_search_documents: ${(Number(size!.total) / 1048576).toFixed(0)} MB in all, GIN index ${(Number(size!.index) / 1048576).toFixed(0)} MB`);

    const staff = systemActor('cli', 'cli', `bench-${randomUUID()}`);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    const ask = async (scenario: string, input: { search: string; orgId?: string; openedFrom?: Date }) => {
      const first = await core.read(searchTickets, staff, input);
      const samples: number[] = [];
      for (let i = 0; i < options.queries; i++) {
        const t0 = nowMs();
        await core.read(searchTickets, staff, input);
        samples.push(nowMs() - t0);
      }
      const s = summarise(samples);
      const note = `${first.nodes.length} hits on the first page${first.hasNextPage ? ', more' : ''}`;
      rows.push({ backend, scenario, n: s.n, p50: s.p50, p99: s.p99, note });
      log(`  ${scenario}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${note})`);
    };
    await ask(`rare phrase "${PLANTED}"`, { search: `"${PLANTED}"` });
    await ask('a rare word', { search: 'kestrel' });
    await ask('a common word (error)', { search: 'error' });
    await ask('two common words (timeout login)', { search: 'timeout login' });
    await ask('a common word, one org', { search: 'error', orgId: orgIds[3] });
    await ask('a common word, opened in the last 30 days', { search: 'error', openedFrom: monthAgo });
    await ask('a rare phrase, one org', { search: `"${PLANTED}"`, orgId: orgIds[3] });
  } finally {
    await core.stop();
  }
  return rows;
}

runWhenMain(import.meta.url, 'search', SEARCH_TABLE_TITLE, (backend, db, log) => searchBench(backend, db, searchBenchOptions(log)));
