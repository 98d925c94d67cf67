/**
 * What a status page shows of a set of services, read the same way for the public page and for a
 * client org's page: the state of each, 90 days of daily availability, and p50/p95 response times over
 * 24 hours, 7 days and 90 days, each with the points of its chart.
 *
 * Cheap by construction: one read of the day rollups (the 90-day bars, the 90-day figures and chart),
 * one of the hour rollups (24 h and 7 d, figures and charts) and one of the declared outages (the
 * availability rule, core/status/public.ts) for all the services at once, summed here; no query per
 * service, per day or per chart.
 */
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { probeRollups, probes, type ProbeRollupRow } from '../../../db/schema.ts';
import type { Actor } from '../../actor.ts';
import { SERVICE_STATE_LABELS, truncate, type RollupGrain, type ServiceState } from '../model.ts';
import { figuresOf, viewsOf } from '../queries.ts';
import { declaredDownByService, downShareOfDays } from '../outages.ts';
import type { ServiceWithOrgs } from './lookups.ts';

/** Days of daily availability a status page shows (today, UTC, and the days before it). */
export const STATUS_PAGE_DAYS = 90;

/** How many hours one point of the 7-day chart covers (28 points: fine enough to see a bad afternoon). */
export const WEEK_POINT_HOURS = 6;

export interface PublicDay {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  /**
   * The share of checks that succeeded that day, times the share of the day (so far, today) the
   * service was not declared down, as a percentage rounded down to 3 decimals; null: no data
   * (neither a check nor a declared outage).
   */
  percent: number | null;
}

/** One point of a response-time chart: the period starting at `start`; null figures: no successful check. */
export interface ResponseTimePoint {
  start: Date;
  p50Ms: number | null;
  p95Ms: number | null;
}

export interface PublicResponseTimes {
  /** Of the successful checks in the period, ms; null without any. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** The chart, oldest first: hourly over 24 hours, 6-hourly over 7 days, daily over 90 days. */
  points: ResponseTimePoint[];
}

export interface PublicService {
  id: string;
  name: string;
  description: string;
  state: ServiceState;
  stateLabel: string;
  availability: {
    /** Over the days shown (null: no data at all). */
    percent: number | null;
    /** Oldest first, one per day, today last. */
    days: PublicDay[];
  };
  responseTimes: { last24Hours: PublicResponseTimes; last7Days: PublicResponseTimes; last90Days: PublicResponseTimes };
}

/**
 * A share as a percentage rounded down to 3 decimals, so that 100 means no check failed; `notDown`
 * is the share of the time the service was not declared down (1, the default, changes nothing).
 */
export function percentOf(upCount: number, count: number, notDown = 1): number | null {
  if (count === 0) return null;
  return Math.floor((upCount / count) * notDown * 100_000) / 1000;
}

const STATE_ORDER: ServiceState[] = ['down', 'degraded', 'operational', 'unknown'];

/** The worst state among them (unknown only when none has data or there are none). */
export function overallOf(states: ServiceState[]): ServiceState {
  return STATE_ORDER.find((s) => states.includes(s)) ?? 'unknown';
}

type RollupFigures = Pick<ProbeRollupRow, 'start' | 'count' | 'upCount' | 'latencySumMs' | 'latencyMinMs' | 'latencyMaxMs' | 'buckets'>;

/** The rollups of one grain since `from` (and before `to`) of every probe (archived too) of the services, by service. */
async function rollupsByService(db: Queryable, serviceIds: string[], grain: RollupGrain, from: Date, to: Date): Promise<Map<string, RollupFigures[]>> {
  const rows = await db
    .select({
      serviceId: probes.serviceId,
      start: probeRollups.start,
      count: probeRollups.count,
      upCount: probeRollups.upCount,
      latencySumMs: probeRollups.latencySumMs,
      latencyMinMs: probeRollups.latencyMinMs,
      latencyMaxMs: probeRollups.latencyMaxMs,
      buckets: probeRollups.buckets,
    })
    .from(probeRollups)
    .innerJoin(probes, eq(probes.id, probeRollups.probeId))
    .where(and(inArray(probes.serviceId, serviceIds), eq(probeRollups.grain, grain), gte(probeRollups.start, from), lt(probeRollups.start, to)));
  const byService = new Map<string, RollupFigures[]>();
  for (const { serviceId, ...row } of rows) {
    const list = byService.get(serviceId);
    if (list) list.push(row);
    else byService.set(serviceId, [row]);
  }
  return byService;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Figures over the rows, and a chart of `count` points of `stepMs` each from `from` (a point sums every row starting in it). */
function responseTimes(rows: RollupFigures[], from: Date, stepMs: number, count: number): PublicResponseTimes {
  const slots: RollupFigures[][] = Array.from({ length: count }, () => []);
  for (const row of rows) {
    const slot = Math.floor((row.start.getTime() - from.getTime()) / stepMs);
    if (slot >= 0 && slot < count) slots[slot]!.push(row);
  }
  const { p50Ms, p95Ms } = figuresOf(rows);
  const points = slots.map((slotRows, i): ResponseTimePoint => {
    const figures = figuresOf(slotRows);
    return { start: new Date(from.getTime() + i * stepMs), p50Ms: figures.p50Ms, p95Ms: figures.p95Ms };
  });
  return { p50Ms, p95Ms, points };
}

/**
 * The page's services (in the order given) and the worst state among them, as of `now`:
 * - the 90 days: today (UTC) and the 89 before it, from the day rollups;
 * - the last 24 hours and 7 days: the current hour and the 23 (167) before it, from the hour rollups;
 * - the last 90 days' response times: the same day rollups as the bars.
 * The views leave out which orgs use each service, whoever reads: a page shows the same to all its readers.
 */
export async function statusOfServices(db: Queryable, actor: Actor, rows: ServiceWithOrgs[], now: Date): Promise<{ overall: ServiceState; services: PublicService[] }> {
  const views = await viewsOf(db, actor, rows.map((r) => ({ ...r, orgIds: [] })));
  if (views.length === 0) return { overall: 'unknown', services: [] };

  const ids = views.map((v) => v.id);
  const today = truncate(now, 'day');
  const tomorrow = new Date(today.getTime() + DAY_MS);
  const firstDay = new Date(today.getTime() - (STATUS_PAGE_DAYS - 1) * DAY_MS);
  const nextHour = new Date(truncate(now, 'hour').getTime() + HOUR_MS);
  const since7d = new Date(nextHour.getTime() - 7 * 24 * HOUR_MS);
  const since24h = new Date(nextHour.getTime() - 24 * HOUR_MS);
  const [dayRows, hourRows, outages] = await Promise.all([
    rollupsByService(db, ids, 'day', firstDay, tomorrow),
    rollupsByService(db, ids, 'hour', since7d, nextHour),
    declaredDownByService(db, ids, firstDay, now),
  ]);

  const dates = Array.from({ length: STATUS_PAGE_DAYS }, (_, i) => new Date(firstDay.getTime() + i * DAY_MS));
  const pageServices = views.map((view): PublicService => {
    const days = dayRows.get(view.id) ?? [];
    const hours = hourRows.get(view.id) ?? [];
    const perDay = new Map<number, { count: number; upCount: number }>();
    for (const row of days) {
      const key = row.start.getTime();
      const day = perDay.get(key) ?? { count: 0, upCount: 0 };
      day.count += row.count;
      day.upCount += row.upCount;
      perDay.set(key, day);
    }
    const downShares = downShareOfDays(outages.get(view.id) ?? [], firstDay, now);
    // Over the range, weighted by results: each day's successes count for the share of it not declared down.
    let count = 0;
    let upCount = 0;
    for (const [key, day] of perDay) {
      count += day.count;
      upCount += day.upCount * (1 - (downShares.get(key) ?? 0));
    }
    return {
      id: view.id,
      name: view.name,
      description: view.description,
      state: view.state,
      stateLabel: SERVICE_STATE_LABELS[view.state],
      availability: {
        percent: percentOf(upCount, count),
        days: dates.map((date) => {
          const day = perDay.get(date.getTime());
          const notDown = 1 - (downShares.get(date.getTime()) ?? 0);
          // A day without checks but declared down is (1 - f) x 100: the declaration is data too.
          const percent = day ? percentOf(day.upCount, day.count, notDown) : notDown < 1 ? percentOf(1, 1, notDown) : null;
          return { date: date.toISOString().slice(0, 10), percent };
        }),
      },
      responseTimes: {
        last24Hours: responseTimes(hours.filter((h) => h.start >= since24h), since24h, HOUR_MS, 24),
        last7Days: responseTimes(hours, since7d, WEEK_POINT_HOURS * HOUR_MS, (7 * 24) / WEEK_POINT_HOURS),
        last90Days: responseTimes(days, firstDay, DAY_MS, STATUS_PAGE_DAYS),
      },
    };
  });
  return { overall: overallOf(pageServices.map((s) => s.state)), services: pageServices };
}
