/**
 * `npx tsx bench/calendar.ts`: operations per second of the working-time arithmetic that SLA
 * deadlines use, over random starts in 2026–2030 and random spans up to 20 working days.
 * Pure CPU, no database. Per-operation latencies are measured over batches of BATCH operations
 * (a single call is too short for the clock), so p50/p99 are of batch means.
 *
 * Environment:
 *   BENCH_CALENDAR_OPS   operations per scenario (default 200000)
 */
import { pathToFileURL } from 'node:url';
import {
  DEFAULT_CALENDAR,
  addWorkingMinutes,
  workingMinutesBetween,
  type WorkingCalendar,
} from '../core/calendar/index.ts';
import { nowMs, summarise } from './stats.ts';

const BATCH = 100;
const DAY_MINUTES = 540;
const FIRST = Date.parse('2026-01-01T00:00:00Z');
const SPAN = Date.parse('2030-11-30T00:00:00Z') - FIRST;

export interface CalendarBenchRow {
  scenario: string;
  ops: number;
  opsPerSecond: number;
  p50Us: number;
  p99Us: number;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function inputs(count: number): Array<{ start: Date; minutes: number }> {
  const random = seededRandom(42);
  return Array.from({ length: count }, () => ({
    start: new Date(FIRST + Math.floor(random() * SPAN)),
    minutes: Math.floor(random() * 20 * DAY_MINUTES),
  }));
}

function measure(scenario: string, ops: number, run: (i: number) => void): CalendarBenchRow {
  for (let i = 0; i < Math.min(ops, 2_000); i++) run(i); // warm up the JIT
  const batchMicros: number[] = [];
  const began = nowMs();
  for (let i = 0; i < ops; i += BATCH) {
    const batchStart = nowMs();
    for (let j = i; j < Math.min(i + BATCH, ops); j++) run(j);
    batchMicros.push(((nowMs() - batchStart) * 1000) / Math.min(BATCH, ops - i));
  }
  const seconds = (nowMs() - began) / 1000;
  const stats = summarise(batchMicros);
  return { scenario, ops, opsPerSecond: ops / seconds, p50Us: stats.p50, p99Us: stats.p99 };
}

export function calendarBench(ops = 200_000): CalendarBenchRow[] {
  const cases = inputs(ops);
  const ends = cases.map(({ start, minutes }) => addWorkingMinutes(DEFAULT_CALENDAR, start, minutes));
  // A fresh calendar object per batch has an empty span cache (the per-zone offset cache stays warm):
  // the cost when deadlines reach days not computed before.
  let cold: WorkingCalendar = DEFAULT_CALENDAR;
  const copy = (): WorkingCalendar => ({ ...DEFAULT_CALENDAR });
  let sink = 0;
  const rows = [
    measure('addWorkingMinutes, warm cache', ops, (i) => {
      sink += addWorkingMinutes(DEFAULT_CALENDAR, cases[i]!.start, cases[i]!.minutes).getTime();
    }),
    measure('addWorkingMinutes, fresh calendar', ops, (i) => {
      if (i % BATCH === 0) cold = copy();
      sink += addWorkingMinutes(cold, cases[i]!.start, cases[i]!.minutes).getTime();
    }),
    measure('workingMinutesBetween, warm cache', ops, (i) => {
      sink += workingMinutesBetween(DEFAULT_CALENDAR, cases[i]!.start, ends[i]!);
    }),
  ];
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results alive');
  return rows;
}

export function formatCalendarBench(rows: readonly CalendarBenchRow[]): string {
  const lines = [
    'Working calendar (spans up to 20 working days, starts 2026–2030)',
    `${'scenario'.padEnd(36)} ${'ops'.padStart(8)} ${'ops/s'.padStart(10)} ${'p50 µs'.padStart(8)} ${'p99 µs'.padStart(8)}`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.scenario.padEnd(36)} ${String(r.ops).padStart(8)} ${Math.round(r.opsPerSecond).toString().padStart(10)} ${r.p50Us.toFixed(2).padStart(8)} ${r.p99Us.toFixed(2).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ops = Number(process.env.BENCH_CALENDAR_OPS ?? 200_000);
  console.log(formatCalendarBench(calendarBench(ops)));
}
