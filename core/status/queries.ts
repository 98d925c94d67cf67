/**
 * Reads of services and their checks, run with the actor they are for and authorised by the
 * capability's policy: a client person sees public services and those their org uses, and no
 * probe or heartbeat; anything else is "not found".
 */
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { heartbeats, probeRollups, probes, probeSamples, serviceAlarmMatches, serviceOrgs, services, type ProbeRollupRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { openAlarmOrigins } from '../alarms/index.ts';
import { isUuid, secretMatches } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { instantSchema } from '../input.ts';
import { memberOrgIds, seesEveryOrg } from '../policy.ts';
import { defineQuery } from '../query.ts';
import { heartbeatView } from './heartbeats.ts';
import { STATUS_ALARM_SOURCE } from './internal/alarms.ts';
import { serviceFor, subjectOf, type ServiceWithOrgs } from './internal/lookups.ts';
import {
  BUCKET_COUNT,
  quantile,
  ROLLUP_GRAINS,
  serviceState,
  type AvailabilityFigures,
  type AvailabilityReport,
  type CheckState,
  type ProbeView,
  type RollupGrain,
  type ServiceView,
} from './model.ts';
import { HEARTBEAT, PROBE, statusPolicy } from './policy.ts';

const idInput = z.string().max(100);

/** The views of some services, with their states; the orgs that use each only for those who see every org. */
export async function viewsOf(db: Queryable, actor: Actor, rows: ServiceWithOrgs[]): Promise<ServiceView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((s) => s.id);
  const [probeStates, heartbeatStates, matches, origins] = await Promise.all([
    db.select({ serviceId: probes.serviceId, state: probes.state }).from(probes).where(and(inArray(probes.serviceId, ids), isNull(probes.archivedAt))),
    db
      .select({ serviceId: heartbeats.serviceId, state: heartbeats.state })
      .from(heartbeats)
      .where(and(inArray(heartbeats.serviceId, ids), isNull(heartbeats.archivedAt))),
    db.select().from(serviceAlarmMatches).where(inArray(serviceAlarmMatches.serviceId, ids)),
    openAlarmOrigins(db),
  ]);
  const checks = new Map<string, CheckState[]>();
  for (const { serviceId, state } of [...probeStates, ...heartbeatStates]) checks.set(serviceId, [...(checks.get(serviceId) ?? []), state]);
  // Alarms of opsdesk's own checks are already counted as their checks' state.
  const open = origins.filter((o) => o.sourceName !== STATUS_ALARM_SOURCE);
  const openMatched = new Map<string, number>();
  for (const match of matches) {
    const hits = open.filter(
      (o) => (match.sourceName === null || match.sourceName === o.sourceName) && (match.alarmService === null || match.alarmService === o.service),
    ).length;
    openMatched.set(match.serviceId, (openMatched.get(match.serviceId) ?? 0) + hits);
  }
  const showOrgs = seesEveryOrg(actor);
  return rows.map((s) => ({
    id: s.id,
    name: s.name,
    description: s.description,
    isPublic: s.isPublic,
    allOrgs: s.allOrgs,
    orgIds: showOrgs ? s.orgIds : [],
    state: serviceState(checks.get(s.id) ?? [], openMatched.get(s.id) ?? 0),
    archivedAt: s.archivedAt,
    createdAt: s.createdAt,
  }));
}

/** The services an actor may read, by name: all for provider staff; for a client person the public ones and their orgs'. */
export const listServices = defineQuery({
  name: 'listServices',
  input: z.object({}).default({}),
  async run({ db, actor }): Promise<ServiceView[]> {
    const where: SQL[] = [isNull(services.archivedAt)];
    if (!seesEveryOrg(actor)) {
      const mine = memberOrgIds(actor);
      if (mine.length === 0) return [];
      const used = db.select({ id: serviceOrgs.serviceId }).from(serviceOrgs).where(inArray(serviceOrgs.orgId, mine));
      where.push(or(eq(services.isPublic, true), eq(services.allOrgs, true), inArray(services.id, used))!);
    }
    const rows = await db.select().from(services).where(and(...where)).orderBy(asc(services.name));
    const orgRows = rows.length
      ? await db.select().from(serviceOrgs).where(inArray(serviceOrgs.serviceId, rows.map((r) => r.id)))
      : [];
    const withOrgs = rows.map((r) => ({ ...r, orgIds: orgRows.filter((o) => o.serviceId === r.id).map((o) => o.orgId).sort() }));
    // The policy has the last word on each row, whatever the SQL above let through.
    const visible = withOrgs.filter((s) => statusPolicy.may(actor, 'status.read', subjectOf(s)));
    return viewsOf(db, actor, visible);
  },
});

export const getService = defineQuery({
  name: 'getService',
  input: z.object({ serviceId: idInput }),
  async run({ db, actor }, { serviceId }): Promise<ServiceView> {
    const service = await serviceFor(db, actor, 'status.read', serviceId);
    return (await viewsOf(db, actor, [service]))[0]!;
  },
});

/** A service's probes, heartbeats and alarm matches: provider staff. */
export const serviceChecks = defineQuery({
  name: 'serviceChecks',
  input: z.object({ serviceId: idInput }),
  async run({ db, actor }, { serviceId }) {
    const service = await serviceFor(db, actor, 'status.read_checks', serviceId);
    const [probeRows, heartbeatRows, matches] = await Promise.all([
      db.select().from(probes).where(and(eq(probes.serviceId, service.id), isNull(probes.archivedAt))).orderBy(asc(probes.name)),
      db.select().from(heartbeats).where(and(eq(heartbeats.serviceId, service.id), isNull(heartbeats.archivedAt))).orderBy(asc(heartbeats.name)),
      db
        .select({ sourceName: serviceAlarmMatches.sourceName, alarmService: serviceAlarmMatches.alarmService })
        .from(serviceAlarmMatches)
        .where(eq(serviceAlarmMatches.serviceId, service.id)),
    ]);
    return {
      probes: probeRows as ProbeView[],
      heartbeats: heartbeatRows.map(heartbeatView),
      alarmMatches: matches,
    };
  },
});

export const getProbe = defineQuery({
  name: 'getProbe',
  input: z.object({ probeId: idInput }),
  async run({ db, actor }, { probeId }): Promise<ProbeView> {
    statusPolicy.authorize(actor, 'status.read_checks', PROBE);
    const [probe] = isUuid(probeId) ? await db.select().from(probes).where(eq(probes.id, probeId)) : [];
    if (!probe) throw statusPolicy.notFound(PROBE);
    return probe;
  },
});

/** A probe's latest raw results, newest first (raw samples are kept for a short time only). */
export const probeResults = defineQuery({
  name: 'probeResults',
  input: z.object({
    probeId: idInput,
    first: z
      .number()
      .int()
      .default(50)
      .transform((n) => Math.min(Math.max(n, 1), 500)),
  }),
  async run({ db, actor }, { probeId, first }) {
    statusPolicy.authorize(actor, 'status.read_checks', PROBE);
    if (!isUuid(probeId)) throw statusPolicy.notFound(PROBE);
    const [probe] = await db.select({ id: probes.id }).from(probes).where(eq(probes.id, probeId));
    if (!probe) throw statusPolicy.notFound(PROBE);
    return db.select().from(probeSamples).where(eq(probeSamples.probeId, probeId)).orderBy(desc(probeSamples.at), desc(probeSamples.id)).limit(first);
  },
});

/** Which rollups answer a range, unless the caller says: minutes up to 6 hours, hours up to 14 days, days beyond. */
export function grainFor(from: Date, to: Date): RollupGrain {
  const span = to.getTime() - from.getTime();
  if (span <= 6 * 3_600_000) return 'minute';
  if (span <= 14 * 86_400_000) return 'hour';
  return 'day';
}

/** How long a range each grain may cover (days); days are not limited (400 of them are kept). */
const GRAIN_LIMIT_DAYS: Partial<Record<RollupGrain, number>> = { minute: 7, hour: 90 };

/** Sum rollups into figures. */
export function figuresOf(rows: ReadonlyArray<Pick<ProbeRollupRow, 'count' | 'upCount' | 'latencySumMs' | 'latencyMinMs' | 'latencyMaxMs' | 'buckets'>>): AvailabilityFigures {
  const buckets = new Array<number>(BUCKET_COUNT).fill(0);
  let count = 0;
  let upCount = 0;
  let sum = 0;
  let min: number | null = null;
  let max: number | null = null;
  for (const row of rows) {
    count += row.count;
    upCount += row.upCount;
    sum += row.latencySumMs;
    if (row.latencyMinMs !== null) min = min === null ? row.latencyMinMs : Math.min(min, row.latencyMinMs);
    if (row.latencyMaxMs !== null) max = max === null ? row.latencyMaxMs : Math.max(max, row.latencyMaxMs);
    row.buckets.forEach((n, i) => (buckets[i] = (buckets[i] ?? 0) + n));
  }
  return {
    count,
    upCount,
    availability: count === 0 ? null : upCount / count,
    p50Ms: quantile(buckets, 0.5, min, max),
    p95Ms: quantile(buckets, 0.95, min, max),
    avgMs: upCount === 0 ? null : Math.round(sum / upCount),
    minMs: min,
    maxMs: max,
  };
}

/**
 * Availability and latency of a service (all its probes, or one) over [from, to), from the
 * rollups whose period starts in the range: the share of probe results that were up, and p50/p95
 * of the successful ones' latency (see `quantile`), with one point per period.
 */
export const serviceAvailability = defineQuery({
  name: 'serviceAvailability',
  input: z
    .object({
      serviceId: idInput,
      probeId: idInput.optional(),
      from: instantSchema,
      to: instantSchema,
      grain: z.enum(ROLLUP_GRAINS).optional(),
    })
    .refine((i) => i.to > i.from, { message: 'must be after from', path: ['to'] }),
  async run({ db, actor }, input): Promise<AvailabilityReport> {
    const service = await serviceFor(db, actor, 'status.read', input.serviceId);
    const grain = input.grain ?? grainFor(input.from, input.to);
    const limit = GRAIN_LIMIT_DAYS[grain];
    if (limit !== undefined && input.to.getTime() - input.from.getTime() > limit * 86_400_000) {
      const message = `${grain}s cover at most ${limit} days`;
      throw new OpsdeskError('INVALID_INPUT', `invalid input: grain: ${message}`, { fields: { grain: message } });
    }
    // Archived probes count too: their history is the service's.
    const probeIds = db.select({ id: probes.id }).from(probes).where(eq(probes.serviceId, service.id));
    if (input.probeId !== undefined && !isUuid(input.probeId)) throw statusPolicy.notFound(PROBE);
    const rows = await db
      .select()
      .from(probeRollups)
      .where(
        and(
          input.probeId ? eq(probeRollups.probeId, input.probeId) : undefined,
          inArray(probeRollups.probeId, probeIds),
          eq(probeRollups.grain, grain),
          gte(probeRollups.start, input.from),
          lt(probeRollups.start, input.to),
        ),
      )
      .orderBy(asc(probeRollups.start));
    const byStart = new Map<number, ProbeRollupRow[]>();
    for (const row of rows) byStart.set(row.start.getTime(), [...(byStart.get(row.start.getTime()) ?? []), row]);
    const series = [...byStart.entries()].map(([start, group]) => ({ start: new Date(start), ...figuresOf(group) }));
    return { from: input.from, to: input.to, grain, ...figuresOf(rows), series };
  },
});

/**
 * Which heartbeat a webhook's secret is for (the webhook door, before it records a beat): null for
 * an unknown heartbeat or a wrong secret, compared in constant time.
 */
export const authenticateHeartbeat = defineQuery({
  name: 'authenticateHeartbeat',
  input: z.object({ heartbeatId: z.string(), secret: z.string().optional() }),
  async run({ db, actor }, { heartbeatId, secret }): Promise<{ id: string; name: string } | null> {
    statusPolicy.authorize(actor, 'status.beat', HEARTBEAT);
    if (!secret || secret.length > 200 || !isUuid(heartbeatId)) return null;
    const [heartbeat] = await db
      .select({ id: heartbeats.id, name: heartbeats.name, secretHash: heartbeats.secretHash })
      .from(heartbeats)
      .where(and(eq(heartbeats.id, heartbeatId), isNull(heartbeats.archivedAt)));
    if (!heartbeat) return null;
    if (!secretMatches(secret, heartbeat.secretHash)) return null;
    return { id: heartbeat.id, name: heartbeat.name };
  },
});

