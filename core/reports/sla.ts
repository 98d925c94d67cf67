/**
 * The SLA and operations report of one client org for one calendar month (in the SLA calendar's
 * time zone, Europe/Stockholm by default). The rules, also in docs/reports.md:
 *
 * - **The month's tickets** are those opened in the month (`created_at` in [from, to)), grouped by
 *   their agreed severity (`NONE` while no severity is agreed).
 * - **First-response time** is from opening to the first provider action (`first_response_at −
 *   created_at`), in wall-clock seconds: what the client waited.
 * - **Against the target**, each ticket with an agreed severity is one of:
 *   `breached`: the breach was recorded (`sla_breached_at`), or the response came after the due time,
 *   or there is still no response and the due time has passed;
 *   `met`: a response at or before the due time, or before the severity was agreed (the clock had not
 *   started) when the severity has a target;
 *   `pending`: no response yet, the due time still ahead;
 *   `no target`: the severity has none (LOW by default).
 *   The percentage met is met ÷ (met + breached); pending tickets count once decided.
 * - **Alarms** are those triggered in the month: time to acknowledge (`acknowledged_at −
 *   triggered_at`) and to resolve (`resolved_at − triggered_at`) over the alarms that got there,
 *   alarms escalated (a step beyond the first was paged) and the escalation steps taken, disaster-
 *   recovery activations (`disaster_recovery_at` set), and follow-ups still without a root cause
 *   (resolved, no root cause, as of now).
 *   An org's alarms are those of the services it uses (every client org, or the listed ones; the
 *   service's list as it is now): alarms matched to a service by source and/or `service` value
 *   (`service_alarm_matches`), and the alarms of its own probes and heartbeats (source
 *   `opsdesk-status`, fingerprint `probe:<id>` or `heartbeat:<id>`). Provider staff also get the
 *   provider-wide figures: every alarm of the month.
 * - **Percentiles** follow PostgreSQL's `percentile_cont`: linear interpolation at q·(n−1) of the
 *   sorted values. Alarms are aggregated in SQL, tickets (a few hundred a month) in code by the
 *   same rule.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { resultRows, type Queryable } from '../../db/client.ts';
import { orgs, ticketSlaTargets, tickets, type Org } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { DEFAULT_SLA_TARGETS, SEVERITIES, slaCalendar, type Severity } from '../tickets/index.ts';
import { STATUS_ALARM_SOURCE } from '../status/index.ts';
import { percentileCont } from './internal/percentile.ts';
import { MONTH_PATTERN, monthRange } from './internal/month.ts';
import { reportPolicy } from './policy.ts';

export const REPORT_SEVERITIES = [...SEVERITIES, 'NONE'] as const;
export type ReportSeverity = (typeof REPORT_SEVERITIES)[number];

export interface SlaTargetView {
  readonly orgId: string;
  readonly severity: Severity;
  /** null: no target. */
  readonly minutes: number | null;
  readonly clock: 'working' | 'continuous';
}

export interface TicketFigures {
  readonly opened: number;
  readonly responded: number;
  /** First-response time over the responded tickets, in seconds. */
  readonly responseMedianSeconds: number | null;
  readonly responseP90Seconds: number | null;
  readonly met: number;
  readonly breached: number;
  readonly pending: number;
  readonly noTarget: number;
  /** met ÷ (met + breached), 0–1; null when none is decided. */
  readonly metRatio: number | null;
}

export interface SeverityFigures extends TicketFigures {
  readonly severity: ReportSeverity;
  /** The org's target for the severity as it is now (null for NONE). */
  readonly target: SlaTargetView | null;
}

export interface BreachView {
  readonly ticketId: string;
  readonly key: string;
  readonly title: string;
  readonly severity: Severity;
  readonly openedAt: Date;
  readonly dueAt: Date | null;
  readonly breachedAt: Date | null;
  readonly firstResponseAt: Date | null;
}

export interface AlarmFigures {
  readonly triggered: number;
  readonly acknowledged: number;
  readonly ackMedianSeconds: number | null;
  readonly ackP90Seconds: number | null;
  readonly resolved: number;
  readonly resolveMedianSeconds: number | null;
  readonly resolveP90Seconds: number | null;
  readonly escalated: number;
  readonly escalations: number;
  readonly disasterRecoveries: number;
  readonly followUpsOpen: number;
}

export interface SlaReport {
  readonly org: Org;
  readonly month: string;
  readonly timeZone: string;
  readonly from: Date;
  readonly to: Date;
  readonly generatedAt: Date;
  /** Whether the month is over (figures of a running month still change). */
  readonly complete: boolean;
  readonly severities: readonly SeverityFigures[];
  /** All the month's tickets together. */
  readonly total: TicketFigures;
  readonly breaches: readonly BreachView[];
  /** The alarms of the services the org uses. */
  readonly alarms: AlarmFigures;
  /** Every alarm of the month: provider staff only, null for anyone else. */
  readonly providerAlarms: AlarmFigures | null;
}

type Outcome = 'met' | 'breached' | 'pending' | 'noTarget' | 'notAgreed';

interface TicketFacts {
  severity: Severity | null;
  createdAt: Date;
  severityAgreedAt: Date | null;
  slaDueAt: Date | null;
  slaBreachedAt: Date | null;
  firstResponseAt: Date | null;
}

/** A ticket's standing against its response target (the rule above). */
export function slaOutcome(ticket: TicketFacts, hasTarget: boolean, now: Date): Outcome {
  if (!ticket.severity) return 'notAgreed';
  const responded = ticket.firstResponseAt;
  if (ticket.slaBreachedAt) return 'breached';
  if (ticket.slaDueAt) {
    if (responded) return responded <= ticket.slaDueAt ? 'met' : 'breached';
    return ticket.slaDueAt <= now ? 'breached' : 'pending';
  }
  if (!hasTarget) return 'noTarget';
  // No due time although the severity has a target: the response came before the agreement.
  if (responded && ticket.severityAgreedAt && responded <= ticket.severityAgreedAt) return 'met';
  return 'noTarget';
}

function figures(rows: readonly (TicketFacts & { outcome: Outcome })[]): TicketFigures {
  const waits = rows.filter((r) => r.firstResponseAt).map((r) => (r.firstResponseAt!.getTime() - r.createdAt.getTime()) / 1000);
  const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length;
  const met = count('met');
  const breached = count('breached');
  return {
    opened: rows.length,
    responded: waits.length,
    responseMedianSeconds: percentileCont(waits, 0.5),
    responseP90Seconds: percentileCont(waits, 0.9),
    met,
    breached,
    pending: count('pending'),
    noTarget: count('noTarget'),
    metRatio: met + breached === 0 ? null : met / (met + breached),
  };
}

async function targetsOf(db: Queryable, orgId: string): Promise<Record<Severity, SlaTargetView>> {
  const rows = await db.select().from(ticketSlaTargets).where(eq(ticketSlaTargets.orgId, orgId));
  const targets = Object.fromEntries(SEVERITIES.map((severity) => [severity, { orgId, severity, ...DEFAULT_SLA_TARGETS[severity] }])) as Record<Severity, SlaTargetView>;
  for (const row of rows) targets[row.severity] = { orgId, severity: row.severity, minutes: row.minutes, clock: row.clock };
  return targets;
}

const seconds = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** The alarm figures of [from, to), of the alarms the org's services own, or of every alarm (orgId null). */
export async function alarmFigures(db: Queryable, from: Date, to: Date, orgId: string | null): Promise<AlarmFigures> {
  const belongs = orgId === null
    ? sql`true`
    : sql`exists (
        select 1 from services sv
        where (sv.all_orgs or exists (select 1 from service_orgs so where so.service_id = sv.id and so.org_id = ${orgId}))
          and (
            exists (
              select 1 from service_alarm_matches m
              where m.service_id = sv.id
                and (m.source_name is null or m.source_name = s.name)
                and (m.alarm_service is null or m.alarm_service = a.service)
            )
            or (s.name = ${STATUS_ALARM_SOURCE} and (
              exists (select 1 from probes p where p.service_id = sv.id and a.fingerprint = 'probe:' || p.id::text)
              or exists (select 1 from heartbeats h where h.service_id = sv.id and a.fingerprint = 'heartbeat:' || h.id::text)
            ))
          )
      )`;
  const ack = sql`extract(epoch from (a.acknowledged_at - a.triggered_at))`;
  const fix = sql`extract(epoch from (a.resolved_at - a.triggered_at))`;
  const [row] = resultRows<Record<string, unknown>>(
    await db.execute(sql`
      select count(*)::int as triggered,
        count(a.acknowledged_at)::int as acknowledged,
        percentile_cont(0.5) within group (order by ${ack}) filter (where a.acknowledged_at is not null) as ack_p50,
        percentile_cont(0.9) within group (order by ${ack}) filter (where a.acknowledged_at is not null) as ack_p90,
        count(a.resolved_at)::int as resolved,
        percentile_cont(0.5) within group (order by ${fix}) filter (where a.resolved_at is not null) as fix_p50,
        percentile_cont(0.9) within group (order by ${fix}) filter (where a.resolved_at is not null) as fix_p90,
        count(*) filter (where a.escalation_step > 0)::int as escalated,
        coalesce(sum(a.escalation_step), 0)::int as escalations,
        count(a.disaster_recovery_at)::int as disaster_recoveries,
        count(*) filter (where a.state = 'RESOLVED' and a.root_cause is null)::int as follow_ups_open
      from alarms a join alarm_sources s on s.id = a.source_id
      where a.triggered_at >= ${from.toISOString()}::timestamptz and a.triggered_at < ${to.toISOString()}::timestamptz and ${belongs}
    `),
  );
  return {
    triggered: Number(row!.triggered),
    acknowledged: Number(row!.acknowledged),
    ackMedianSeconds: seconds(row!.ack_p50),
    ackP90Seconds: seconds(row!.ack_p90),
    resolved: Number(row!.resolved),
    resolveMedianSeconds: seconds(row!.fix_p50),
    resolveP90Seconds: seconds(row!.fix_p90),
    escalated: Number(row!.escalated),
    escalations: Number(row!.escalations),
    disasterRecoveries: Number(row!.disaster_recoveries),
    followUpsOpen: Number(row!.follow_ups_open),
  };
}

export const slaReport = defineQuery({
  name: 'slaReport',
  input: z.object({
    orgId: z.string().max(100),
    month: z.string().regex(MONTH_PATTERN, 'must be a month as YYYY-MM, such as 2026-11'),
  }),
  async run({ db, actor, now }, { orgId, month }): Promise<SlaReport> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orgId);
    const [org] = uuid ? await db.select().from(orgs).where(eq(orgs.id, orgId)) : [];
    // The provider org has no SLA report: it is "not found" like an org that does not exist.
    if (!org || org.kind !== 'client') throw reportPolicy.notFound();
    const ref = { id: org.id, kind: org.kind };
    reportPolicy.authorize(actor, 'report.read', ref);
    const range = monthRange(month, slaCalendar().timeZone);
    const targets = await targetsOf(db, org.id);
    const rows = await db
      .select()
      .from(tickets)
      .where(and(eq(tickets.orgId, org.id), gte(tickets.createdAt, range.from), lt(tickets.createdAt, range.to)))
      .orderBy(tickets.createdAt);
    const judged = rows.map((t) => ({
      ...t,
      outcome: slaOutcome(t, t.severity ? targets[t.severity].minutes !== null : false, now),
    }));
    const severities = REPORT_SEVERITIES.map((severity) => ({
      severity,
      target: severity === 'NONE' ? null : targets[severity],
      ...figures(judged.filter((t) => (t.severity ?? 'NONE') === severity)),
    }));
    return {
      org,
      month,
      timeZone: range.timeZone,
      from: range.from,
      to: range.to,
      generatedAt: now,
      complete: range.to <= now,
      severities,
      total: figures(judged),
      breaches: judged
        .filter((t) => t.outcome === 'breached')
        .map((t) => ({
          ticketId: t.id,
          key: t.key,
          title: t.title,
          severity: t.severity!,
          openedAt: t.createdAt,
          dueAt: t.slaDueAt,
          breachedAt: t.slaBreachedAt,
          firstResponseAt: t.firstResponseAt,
        })),
      alarms: await alarmFigures(db, range.from, range.to, org.id),
      providerAlarms: reportPolicy.may(actor, 'report.read_provider_wide', ref) ? await alarmFigures(db, range.from, range.to, null) : null,
    };
  },
});
