/**
 * The public status: what anyone, signed in or not, is shown at `/status` and `/status.json`.
 *
 * Only public services (never an internal one, whoever asks: the page is the same for everybody),
 * and of each only its name, description, state, 90 days of daily availability and p50/p95 response
 * times over 24 hours, 7 days and 90 days. Never a probe's URL, a probe's or heartbeat's id, an
 * alarm's details, or which orgs use a service.
 *
 * Cheap by construction: one read of the day rollups (the 90-day bars and the 90-day figures) and
 * one of the hour rollups (24 h and 7 d) for all public services at once, summed here; no query per
 * service or per day.
 */
import { and, asc, eq, gte, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { probeRollups, probes, services, type ProbeRollupRow } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { SERVICE_STATE_LABELS, truncate, type RollupGrain, type ServiceState } from './model.ts';
import { figuresOf, viewsOf } from './queries.ts';

/** Days of daily availability the status page shows (today, UTC, and the days before it). */
export const PUBLIC_STATUS_DAYS = 90;

/**
 * The availability rule, as the page states it: what counts as down, and that maintenance (a window
 * announced ahead, core/incidents) is left out (core/status/probes.ts keeps such results as samples only).
 */
export const AVAILABILITY_RULE =
  'Availability is the share of our checks that succeeded: a check that failed (a wrong status, no answer within its timeout, ' +
  'a refused connection, or an answer without the expected text) counts as down, and time without checks counts as no data. ' +
  'Days are UTC days, and percentages are rounded down. Checks during a scheduled maintenance window of the service are not counted, neither as up nor as down.';

export interface PublicDay {
  /** The UTC day, YYYY-MM-DD. */
  date: string;
  /** Percentage of checks that succeeded that day (rounded down to 3 decimals); null: no data. */
  percent: number | null;
}

export interface PublicResponseTimes {
  /** Of the successful checks in the period, ms; null without any. */
  p50Ms: number | null;
  p95Ms: number | null;
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

export interface PublicStatus {
  generatedAt: Date;
  /** The worst state among the services (unknown only when none has data or there are none). */
  overall: ServiceState;
  availabilityRule: string;
  days: number;
  services: PublicService[];
}

/** A share as a percentage rounded down to 3 decimals, so that 100 means no check failed. */
export function percentOf(upCount: number, count: number): number | null {
  if (count === 0) return null;
  return Math.floor((upCount / count) * 100_000) / 1000;
}

const STATE_ORDER: ServiceState[] = ['down', 'degraded', 'operational', 'unknown'];

function overallOf(states: ServiceState[]): ServiceState {
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

const times = (rows: RollupFigures[]): PublicResponseTimes => {
  const { p50Ms, p95Ms } = figuresOf(rows);
  return { p50Ms, p95Ms };
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The public status now. Anyone may read it (the door runs it as the host for anonymous readers):
 * it holds only what public services show to everybody.
 *
 * - the 90 days: today (UTC) and the 89 before it, from the day rollups;
 * - the last 24 hours and 7 days: the current hour and the 23 (167) before it, from the hour rollups;
 * - the last 90 days' response times: the same day rollups as the bars.
 */
export const publicStatus = defineQuery({
  name: 'publicStatus',
  input: z.object({}).default({}),
  async run({ db, actor, now }): Promise<PublicStatus> {
    const rows = await db
      .select()
      .from(services)
      .where(and(eq(services.isPublic, true), isNull(services.archivedAt)))
      .orderBy(asc(services.name));
    // States as everyone is shown them (orgs are not listed: a public service is everybody's).
    const views = await viewsOf(db, actor, rows.map((r) => ({ ...r, orgIds: [] })));
    const base = { generatedAt: now, availabilityRule: AVAILABILITY_RULE, days: PUBLIC_STATUS_DAYS };
    if (views.length === 0) return { ...base, overall: 'unknown', services: [] };

    const ids = views.map((v) => v.id);
    const today = truncate(now, 'day');
    const tomorrow = new Date(today.getTime() + DAY_MS);
    const firstDay = new Date(today.getTime() - (PUBLIC_STATUS_DAYS - 1) * DAY_MS);
    const nextHour = new Date(truncate(now, 'hour').getTime() + HOUR_MS);
    const since7d = new Date(nextHour.getTime() - 7 * 24 * HOUR_MS);
    const since24h = new Date(nextHour.getTime() - 24 * HOUR_MS);
    const [dayRows, hourRows] = await Promise.all([
      rollupsByService(db, ids, 'day', firstDay, tomorrow),
      rollupsByService(db, ids, 'hour', since7d, nextHour),
    ]);

    const dates = Array.from({ length: PUBLIC_STATUS_DAYS }, (_, i) => new Date(firstDay.getTime() + i * DAY_MS));
    const publicServices = views.map((view): PublicService => {
      const days = dayRows.get(view.id) ?? [];
      const hours = hourRows.get(view.id) ?? [];
      const perDay = new Map<number, { count: number; upCount: number }>();
      let count = 0;
      let upCount = 0;
      for (const row of days) {
        const key = row.start.getTime();
        const day = perDay.get(key) ?? { count: 0, upCount: 0 };
        day.count += row.count;
        day.upCount += row.upCount;
        perDay.set(key, day);
        count += row.count;
        upCount += row.upCount;
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
            return { date: date.toISOString().slice(0, 10), percent: day ? percentOf(day.upCount, day.count) : null };
          }),
        },
        responseTimes: {
          last24Hours: times(hours.filter((h) => h.start >= since24h)),
          last7Days: times(hours),
          last90Days: times(days),
        },
      };
    });
    return { ...base, overall: overallOf(publicServices.map((s) => s.state)), services: publicServices };
  },
});
