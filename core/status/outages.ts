/**
 * Declared outages: the time an incident declared a service down. The incidents capability decides
 * which incidents count (by their impact) and calls `setDeclaredDown` in its own command's
 * transaction whenever that may change (declared, updated, resolved), as maintenance windows set
 * the alarms capability's paging holds. No audit event of its own: the incident's events are the trail.
 *
 * `declaredDownByService` is the status page's one read of them; `downShareOfDays` applies the rule
 * (overlapping incidents count once) per UTC day.
 */
import { and, eq, gt, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { declaredOutages } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';

export interface DeclaredDown {
  incidentId: string;
  serviceIds: readonly string[];
  /** Whether the incident now declares its services down; false closes what it had declared. */
  down: boolean;
}

/**
 * Open an interval from now for each service the incident declares down and has none open, or close
 * (at now) every open one when it no longer does. Calling it again with the same answer changes nothing.
 */
export async function setDeclaredDown(ctx: CommandContext, { incidentId, serviceIds, down }: DeclaredDown): Promise<void> {
  if (!down) {
    await ctx.tx.update(declaredOutages).set({ to: ctx.now }).where(and(eq(declaredOutages.incidentId, incidentId), isNull(declaredOutages.to)));
    return;
  }
  const open = await ctx.tx
    .select({ serviceId: declaredOutages.serviceId })
    .from(declaredOutages)
    .where(and(eq(declaredOutages.incidentId, incidentId), isNull(declaredOutages.to)));
  const already = new Set(open.map((o) => o.serviceId));
  const missing = [...new Set(serviceIds)].filter((id) => !already.has(id));
  if (missing.length) await ctx.tx.insert(declaredOutages).values(missing.map((serviceId) => ({ serviceId, incidentId, from: ctx.now, to: null })));
}

export interface DownInterval {
  from: Date;
  /** null: still down. */
  to: Date | null;
}

/** The declared outages of the services that overlap [from, to), by service: one query for all of them. */
export async function declaredDownByService(db: Queryable, serviceIds: readonly string[], from: Date, to: Date): Promise<Map<string, DownInterval[]>> {
  const byService = new Map<string, DownInterval[]>();
  if (serviceIds.length === 0) return byService;
  const rows = await db
    .select({ serviceId: declaredOutages.serviceId, from: declaredOutages.from, to: declaredOutages.to })
    .from(declaredOutages)
    .where(
      and(
        inArray(declaredOutages.serviceId, [...serviceIds]),
        lt(declaredOutages.from, to),
        or(isNull(declaredOutages.to), gt(declaredOutages.to, from)),
      ),
    );
  for (const { serviceId, ...interval } of rows) {
    const list = byService.get(serviceId);
    if (list) list.push(interval);
    else byService.set(serviceId, [interval]);
  }
  return byService;
}

const DAY_MS = 86_400_000;

/**
 * For each UTC day from `firstDay` up to `now` (the last one only its elapsed part), the share of the
 * day the service was declared down, keyed by the day's start (ms); days with none are left out.
 * The intervals are merged first, so overlapping incidents count once; an open one lasts until `now`.
 */
export function downShareOfDays(intervals: readonly DownInterval[], firstDay: Date, now: Date): Map<number, number> {
  const start = firstDay.getTime();
  const end = now.getTime();
  const clipped = intervals
    .map((i) => [Math.max(i.from.getTime(), start), Math.min(i.to?.getTime() ?? end, end)] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of clipped) {
    const last = merged.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const downMs = new Map<number, number>();
  for (const [from, to] of merged) {
    for (let day = start + Math.floor((from - start) / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
      const overlap = Math.min(to, day + DAY_MS) - Math.max(from, day);
      downMs.set(day, (downMs.get(day) ?? 0) + overlap);
    }
  }
  const shares = new Map<number, number>();
  for (const [day, ms] of downMs) shares.set(day, ms / Math.min(DAY_MS, end - day));
  return shares;
}
