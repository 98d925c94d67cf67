/**
 * The operator's gauges on `/metrics`, read from the database when Prometheus scrapes, through one
 * query (`operationsGauges`, the system only) whose answer is kept for a few seconds, so several
 * scrapers or gauges read the database once. Every instance reports the same database-wide figures:
 * aggregate them across instances with `max`, not `sum`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import { resultRows } from '../../db/client.ts';
import { systemActor } from '../actor.ts';
import type { Core } from '../core.ts';
import { systemOnly } from '../policy.ts';
import { defineQuery } from '../query.ts';
import { slaCalendar } from '../tickets/index.ts';
import { monthOf, monthRange } from './internal/month.ts';

export interface OperationsGauges {
  /** Open tickets (neither resolved nor closed) by agreed severity, `none` while not agreed. */
  readonly openTickets: Record<string, number>;
  /** Open tickets whose response target was breached. */
  readonly openBreaches: number;
  /** Breaches recorded this calendar month (SLA calendar's time zone). */
  readonly monthBreaches: number;
  readonly openAlarms: Record<'TRIGGERED' | 'ACKNOWLEDGED', number>;
  readonly pendingAccessRequests: number;
  readonly activeGrants: number;
  /** Probes that have a verdict, with their service's name and last result. */
  readonly probes: readonly { probeId: string; service: string; up: boolean; lastLatencyMs: number | null }[];
}

export const operationsGauges = defineQuery({
  name: 'operationsGauges',
  input: z.object({}),
  async run({ db, actor, now }): Promise<OperationsGauges> {
    systemOnly.authorize(actor, 'system', null);
    const month = monthRange(monthOf(now, slaCalendar().timeZone), slaCalendar().timeZone);
    const tickets = resultRows<{ severity: string; n: number }>(
      await db.execute(sql`select coalesce(severity, 'none') as severity, count(*)::int as n from tickets where status not in ('RESOLVED', 'CLOSED') group by 1`),
    );
    const [counts] = resultRows<Record<string, number>>(
      await db.execute(sql`select
        (select count(*)::int from tickets where status not in ('RESOLVED', 'CLOSED') and sla_breached_at is not null) as open_breaches,
        (select count(*)::int from tickets where sla_breached_at >= ${month.from.toISOString()}::timestamptz and sla_breached_at < ${month.to.toISOString()}::timestamptz) as month_breaches,
        (select count(*)::int from alarms where state = 'TRIGGERED') as triggered,
        (select count(*)::int from alarms where state = 'ACKNOWLEDGED') as acknowledged,
        (select count(*)::int from access_requests where status = 'PENDING') as pending,
        (select count(*)::int from access_requests where status = 'ACTIVE') as active`),
    );
    // The last result of each probe: one index lookup per probe (probe_samples_probe_at_idx).
    const probes = resultRows<{ probe_id: string; service: string; state: string; latency_ms: number | null }>(
      await db.execute(sql`
        select p.id as probe_id, s.name as service, p.state,
          (select ps.latency_ms from probe_samples ps where ps.probe_id = p.id order by ps.at desc limit 1) as latency_ms
        from probes p join services s on s.id = p.service_id
        where p.archived_at is null and s.archived_at is null and p.state <> 'unknown'
        order by s.name, p.id`),
    );
    const openTickets: Record<string, number> = { URGENT: 0, HIGH: 0, MEDIUM: 0, LOW: 0, none: 0 };
    for (const row of tickets) openTickets[row.severity] = Number(row.n);
    return {
      openTickets,
      openBreaches: Number(counts!.open_breaches),
      monthBreaches: Number(counts!.month_breaches),
      openAlarms: { TRIGGERED: Number(counts!.triggered), ACKNOWLEDGED: Number(counts!.acknowledged) },
      pendingAccessRequests: Number(counts!.pending),
      activeGrants: Number(counts!.active),
      probes: probes.map((p) => ({ probeId: p.probe_id, service: p.service, up: p.state === 'up', lastLatencyMs: p.latency_ms === null ? null : Number(p.latency_ms) })),
    };
  },
});

/** How long one reading serves scrapes (by the core's clock). */
export const GAUGE_CACHE_MS = 5_000;

/**
 * Register the gauges on this core's registry; each scrape reads (at most once per GAUGE_CACHE_MS).
 * When the database does not answer, that scrape has no figures (labelled series absent, unlabelled
 * gauges NaN, a warning logged), and `/metrics` still serves the process's own metrics.
 */
export function installOperationsGauges(core: Core): void {
  const registry = core.metrics.registry;
  if (registry.getSingleMetric('opsdesk_tickets_open')) return;
  let cached: { at: number; value: Promise<OperationsGauges> } | undefined;
  const reading = (): Promise<OperationsGauges> => {
    const at = core.clock.now().getTime();
    if (!cached || at - cached.at >= GAUGE_CACHE_MS) {
      const value = core.read(operationsGauges, systemActor('host', 'system', `metrics-${randomUUID()}`), {});
      // A failed reading is not kept: the next scrape tries again.
      value.catch(() => (cached = undefined));
      cached = { at, value };
    }
    return cached.value;
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, r: OperationsGauges) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        let r: OperationsGauges;
        try {
          r = await reading();
        } catch (error) {
          // The database is unreachable: no figure rather than a wrong one (labelled series are absent,
          // an unlabelled gauge is NaN), and the rest of /metrics still answers.
          if (name === 'opsdesk_tickets_open') core.logger.warn({ err: error }, 'the operations gauges could not be read');
          if (labelNames.length === 0) (this as Gauge<string>).set(Number.NaN);
          return;
        }
        fill(this, r);
      },
    });
  gauge('opsdesk_tickets_open', 'Open tickets (not resolved or closed) by agreed severity; none while not agreed', ['severity'], (g, r) => {
    for (const [severity, n] of Object.entries(r.openTickets)) g.set({ severity }, n);
  });
  gauge('opsdesk_sla_breaches_open', 'Open tickets whose response target was breached', [], (g, r) => g.set(r.openBreaches));
  gauge('opsdesk_sla_breaches_month', 'Response-target breaches recorded this calendar month (SLA calendar time zone)', [], (g, r) => g.set(r.monthBreaches));
  gauge('opsdesk_alarms_open', 'Open alarms by state', ['state'], (g, r) => {
    for (const [state, n] of Object.entries(r.openAlarms)) g.set({ state }, n);
  });
  gauge('opsdesk_access_requests_pending', 'Production access requests waiting for approval', [], (g, r) => g.set(r.pendingAccessRequests));
  gauge('opsdesk_access_grants_active', 'Production access grants in force', [], (g, r) => g.set(r.activeGrants));
  gauge('opsdesk_probe_up', 'Probe state: 1 up, 0 down (probes without a verdict yet are absent)', ['probe_id', 'service'], (g, r) => {
    for (const p of r.probes) g.set({ probe_id: p.probeId, service: p.service }, p.up ? 1 : 0);
  });
  gauge('opsdesk_probe_latency_ms', "Latency of the probe's last result in milliseconds (a failure's is its time to fail)", ['probe_id', 'service'], (g, r) => {
    for (const p of r.probes) if (p.lastLatencyMs !== null) g.set({ probe_id: p.probeId, service: p.service }, p.lastLatencyMs);
  });
}
