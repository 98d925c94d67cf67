/**
 * HTTP(S) probes. Each runs on a durable timer (`status.probe`, one per probe), so that exactly one
 * instance runs it per interval and it survives restarts. The timer's handler runs in the claim's
 * transaction: it moves the timer to the next interval and, after commit, the instance that claimed
 * it makes the request (no transaction is open while it waits) and records the result in a
 * transaction of its own. A run lost to a crash between the two is a gap in the samples, never a
 * second run: the next one was already scheduled with the claim.
 *
 * A result is a raw sample and a count in its minute's, hour's and day's rollups. `failureThreshold`
 * failures in a row open an alarm (fingerprint `probe:<id>`) through the alarms capability's
 * ingest; `successThreshold` successes in a row after that resolve it.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { probes, probeSamples, services, type ProbeRow } from '../../db/schema.ts';
import { systemActor } from '../actor.ts';
import { activeHolds, holdFor } from '../alarms/index.ts';
import { defineCommand, parseInput, type CommandContext } from '../command.ts';
import type { Core } from '../core.ts';
import { isUuid } from '../directory/index.ts';
import type { TimerHandler } from '../timers/service.ts';
import { ProbeEvents, type ProbeConfigured } from './events.ts';
import { openCheckAlarm, probeFingerprint, resolveCheckAlarm, STATUS_ALARM_SOURCE } from './internal/alarms.ts';
import { serviceFor } from './internal/lookups.ts';
import { armPrune } from './internal/retention.ts';
import { addToRollups } from './internal/rollups.ts';
import { MIN_INTERVAL_SECONDS, PROBE_DEFAULTS, PROBE_METHODS } from './model.ts';
import { PROBE, statusPolicy } from './policy.ts';

export const PROBE_TIMER = 'status.probe';
export const probeTimerKey = (probeId: string) => `status.probe:${probeId}`;

/** How much of a response body a probe reads for its body match. */
const MAX_BODY_BYTES = 1024 * 1024;

const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((url) => /^https?:$/.test(new URL(url).protocol), 'an http:// or https:// URL');

const configSchema = z.object({
  name: z.string().trim().min(1).max(100),
  method: z.enum(PROBE_METHODS),
  url: urlSchema,
  expectedStatus: z.number().int().min(100).max(599),
  timeoutMs: z.number().int().min(100).max(60_000),
  bodyContains: z.string().min(1).max(1000).nullable(),
  intervalSeconds: z.number().int().min(MIN_INTERVAL_SECONDS, `a probe runs at most every ${MIN_INTERVAL_SECONDS} seconds`).max(86_400),
  failureThreshold: z.number().int().min(1).max(100),
  successThreshold: z.number().int().min(1).max(100),
});
type ProbeConfig = z.output<typeof configSchema>;

/** The rules between fields, checked on the whole configuration (after an update too). */
const consistent = configSchema
  .refine((c) => c.timeoutMs <= c.intervalSeconds * 1000, { message: 'the timeout must not exceed the interval', path: ['timeoutMs'] })
  .refine((c) => c.bodyContains === null || c.method === 'GET', { message: 'a body match needs method GET', path: ['bodyContains'] });

function checkConsistent(config: ProbeConfig): ProbeConfig {
  return parseInput(consistent, config);
}

const configOf = (probe: ProbeRow): ProbeConfigured => ({
  serviceId: probe.serviceId,
  name: probe.name,
  method: probe.method,
  url: probe.url,
  expectedStatus: probe.expectedStatus,
  timeoutMs: probe.timeoutMs,
  bodyContains: probe.bodyContains,
  intervalSeconds: probe.intervalSeconds,
  failureThreshold: probe.failureThreshold,
  successThreshold: probe.successThreshold,
});

export const createProbe = defineCommand({
  name: 'createProbe',
  input: z.object({
    serviceId: z.string().max(100),
    name: configSchema.shape.name,
    method: configSchema.shape.method.default('GET'),
    url: urlSchema,
    expectedStatus: configSchema.shape.expectedStatus.default(PROBE_DEFAULTS.expectedStatus),
    timeoutMs: configSchema.shape.timeoutMs.default(PROBE_DEFAULTS.timeoutMs),
    bodyContains: configSchema.shape.bodyContains.optional().transform((v) => v ?? null),
    intervalSeconds: configSchema.shape.intervalSeconds,
    failureThreshold: configSchema.shape.failureThreshold.default(PROBE_DEFAULTS.failureThreshold),
    successThreshold: configSchema.shape.successThreshold.default(PROBE_DEFAULTS.successThreshold),
  }),
  async run(ctx, input): Promise<ProbeRow> {
    const service = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    const { serviceId: _, ...rest } = input;
    const config = checkConsistent(rest);
    const [probe] = await ctx.tx.insert(probes).values({ ...config, serviceId: service.id }).returning();
    // The first run at once; each run schedules the next.
    await ctx.schedule({ kind: PROBE_TIMER, key: probeTimerKey(probe!.id), dueAt: ctx.now, payload: { probeId: probe!.id } });
    // Samples and rollups are pruned daily once there is something to prune (the same timer, however often armed).
    await armPrune(ctx);
    await ctx.record(ProbeEvents.created(probe!, configOf(probe!)));
    return probe!;
  },
});

async function lockProbe(ctx: CommandContext, probeId: string): Promise<ProbeRow> {
  statusPolicy.authorize(ctx.actor, 'status.manage', PROBE);
  const [probe] = isUuid(probeId) ? await ctx.tx.select().from(probes).where(and(eq(probes.id, probeId), isNull(probes.archivedAt))).for('update') : [];
  if (!probe) throw statusPolicy.notFound(PROBE);
  return probe;
}

/** Change a probe's check; the next run comes at once, with the new configuration. Its state and counts stay. */
export const updateProbe = defineCommand({
  name: 'updateProbe',
  input: configSchema.partial().extend({ probeId: z.string().max(100) }),
  async run(ctx, input): Promise<ProbeRow> {
    const before = await lockProbe(ctx, input.probeId);
    const { probeId: _, ...changes } = input;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const config = checkConsistent({ ...configOf(before), ...defined });
    const [after] = await ctx.tx.update(probes).set(config).where(eq(probes.id, before.id)).returning();
    await ctx.schedule({ kind: PROBE_TIMER, key: probeTimerKey(before.id), dueAt: ctx.now, payload: { probeId: before.id } });
    await ctx.record(ProbeEvents.updated(after!, configOf(after!)));
    return after!;
  },
});

/** Archive a probe (and stop it): its samples and rollups stay for the history. */
export async function archiveProbeRow(ctx: CommandContext, probe: ProbeRow): Promise<void> {
  await ctx.tx.update(probes).set({ archivedAt: ctx.now }).where(eq(probes.id, probe.id));
  await ctx.cancelTimers(probeTimerKey(probe.id));
  await ctx.record(ProbeEvents.removed(probe, { serviceId: probe.serviceId, name: probe.name }));
}

/** Stop a probe. An alarm open for it stays open for on-call to resolve with a root cause. */
export const removeProbe = defineCommand({
  name: 'removeProbe',
  input: z.object({ probeId: z.string().max(100) }),
  async run(ctx, input): Promise<{ id: string }> {
    const probe = await lockProbe(ctx, input.probeId);
    await archiveProbeRow(ctx, probe);
    return { id: probe.id };
  },
});

/** One run's outcome. */
export interface ProbeResult {
  up: boolean;
  latencyMs: number;
  statusCode: number | null;
  error: string | null;
}

async function readBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Make the probe's request: the latency is wall-clock time from sending to the end of what was read. */
export async function runCheck(probe: Pick<ProbeRow, 'method' | 'url' | 'expectedStatus' | 'timeoutMs' | 'bodyContains'>): Promise<ProbeResult> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  const signal = AbortSignal.timeout(probe.timeoutMs);
  try {
    const response = await fetch(probe.url, { method: probe.method, signal, headers: { 'user-agent': 'opsdesk-probe/1' } });
    const body = probe.bodyContains !== null ? await readBody(response) : (await response.body?.cancel(), '');
    const latencyMs = elapsed();
    if (response.status !== probe.expectedStatus) {
      return { up: false, latencyMs, statusCode: response.status, error: `expected status ${probe.expectedStatus}, got ${response.status}` };
    }
    if (probe.bodyContains !== null && !body.includes(probe.bodyContains)) {
      return { up: false, latencyMs, statusCode: response.status, error: 'the response body does not contain the expected text' };
    }
    return { up: true, latencyMs, statusCode: response.status, error: null };
  } catch (error) {
    const latencyMs = elapsed();
    if (signal.aborted) return { up: false, latencyMs, statusCode: null, error: `no complete answer within ${probe.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { up: false, latencyMs, statusCode: null, error: `request failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`.slice(0, 500) };
  }
}

/**
 * Record one result of a probe (the scheduler, after the request): the sample, the rollups, the
 * counts in a row, and the alarm when a threshold is crossed. Nothing is written for a probe that
 * was removed meanwhile.
 */
export async function recordProbeResult(ctx: CommandContext, probeId: string, at: Date, result: ProbeResult): Promise<ProbeRow | undefined> {
  statusPolicy.authorize(ctx.actor, 'status.record', PROBE);
  const [probe] = await ctx.tx.select().from(probes).where(and(eq(probes.id, probeId), isNull(probes.archivedAt))).for('update');
  if (!probe) return undefined;
  await ctx.tx.insert(probeSamples).values({ probeId, at, up: result.up, latencyMs: result.latencyMs, statusCode: result.statusCode, error: result.error });
  // A result during the service's maintenance window is kept as a sample, but availability and
  // response times (the rollups) count only the time clients were promised (the availability rule).
  const [service] = await ctx.tx.select({ name: services.name }).from(services).where(eq(services.id, probe.serviceId));
  const inMaintenance = service ? holdFor(await activeHolds(ctx.tx, at), STATUS_ALARM_SOURCE, service.name) !== undefined : false;
  if (!inMaintenance) await addToRollups(ctx.tx, probeId, at, result.up, result.latencyMs);
  const failures = result.up ? 0 : probe.consecutiveFailures + 1;
  const successes = result.up ? probe.consecutiveSuccesses + 1 : 0;
  let state = probe.state;
  if (!result.up && failures >= probe.failureThreshold && state !== 'down') {
    state = 'down';
    const alarmId = await openCheckAlarm(ctx, {
      fingerprint: probeFingerprint(probe.id),
      summary: `${service?.name ?? 'a service'}: probe ${probe.name} is down (${result.error ?? 'failed'})`,
      service: service?.name ?? probe.serviceId,
      details: { probeId: probe.id, url: probe.url, statusCode: result.statusCode, error: result.error, consecutiveFailures: failures },
    });
    await ctx.record(ProbeEvents.down(probe, { serviceId: probe.serviceId, consecutiveFailures: failures, statusCode: result.statusCode, error: result.error ?? 'failed', alarmId }));
  } else if (result.up && state === 'down' && successes >= probe.successThreshold) {
    state = 'up';
    const alarmId = await resolveCheckAlarm(ctx, probeFingerprint(probe.id), `probe ${probe.name} is up again`);
    await ctx.record(ProbeEvents.recovered(probe, { serviceId: probe.serviceId, consecutiveSuccesses: successes, alarmId }));
  } else if (result.up && state === 'unknown') {
    state = 'up';
  }
  const [updated] = await ctx.tx
    .update(probes)
    .set({ state, consecutiveFailures: failures, consecutiveSuccesses: successes, lastCheckedAt: at })
    .where(eq(probes.id, probe.id))
    .returning();
  return updated;
}

/** Probe runs still waiting for their answer, per core: what `probesSettled` waits for. */
const inFlight = new WeakMap<Core, Set<Promise<void>>>();

/** Wait until every probe run this core has started has recorded its result (tests; a draining host). */
export async function probesSettled(core: Core): Promise<void> {
  for (let runs = inFlight.get(core); runs && runs.size > 0; runs = inFlight.get(core)) await Promise.allSettled([...runs]);
}

async function runAndRecord(core: Core, probe: ProbeRow, at: Date): Promise<void> {
  const result = await runCheck(probe);
  const actor = systemActor('scheduler', 'scheduler', `probe-${randomUUID()}`);
  await core.transact(actor, (ctx) => recordProbeResult(ctx, probe.id, at, result), { requireRecord: false });
}

/**
 * The timer handler: move the probe's timer one interval on (from when this run was due, so runs
 * do not drift; from now when it fell behind), then run the check after commit, on this instance.
 */
export function onProbeDue(core: Core): TimerHandler {
  return async (ctx, payload, timer) => {
    const probeId = String(payload.probeId);
    const [probe] = await ctx.tx.select().from(probes).where(and(eq(probes.id, probeId), isNull(probes.archivedAt)));
    if (!probe) return;
    const interval = probe.intervalSeconds * 1000;
    let next = timer.dueAt.getTime() + interval;
    if (next <= ctx.now.getTime()) next = ctx.now.getTime() + interval;
    await ctx.schedule({ kind: PROBE_TIMER, key: probeTimerKey(probe.id), dueAt: new Date(next), payload: { probeId: probe.id } });
    const at = ctx.now;
    ctx.afterCommit(() => {
      const runs = inFlight.get(core) ?? new Set<Promise<void>>();
      inFlight.set(core, runs);
      const run = runAndRecord(core, probe, at)
        .catch((error) => core.logger.error({ err: error, probe: probe.id }, 'probe run failed'))
        .finally(() => runs.delete(run));
      runs.add(run);
    });
  };
}
