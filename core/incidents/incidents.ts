/**
 * Incidents: declared by provider staff (or opened by the scheduler when a paging alarm on a public
 * service stays unacknowledged), with public updates; each declaration and update is told to every
 * client org that uses an affected service (`incident_notice.sent` on the org's chain).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { incidentAlarms, incidents, incidentServices, incidentTickets, incidentUpdates, people, tickets, type IncidentRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { alarmOrigin } from '../alarms/index.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { servicesByIds, serviceVisibleTo as seesService, setDeclaredDown, type ServiceWithOrgs } from '../status/index.ts';
import { IncidentEvents, IncidentNoticeEvents } from './events.ts';
import { audienceOf } from './internal/audience.ts';
import { declaresDown, INCIDENT_IMPACTS, INCIDENT_STATUSES, type IncidentImpact, type IncidentNoticeKind, type IncidentOrigin, type IncidentStatus } from './model.ts';
import { incidentPolicy, INCIDENTS } from './policy.ts';

const idInput = z.string().max(100);
const messageSchema = z.string().trim().min(1).max(5000);

/** The affected services, all existing and not archived; NOT_FOUND otherwise. */
export async function requireServices(ctx: CommandContext, serviceIds: readonly string[]): Promise<ServiceWithOrgs[]> {
  const found = (await servicesByIds(ctx.tx, serviceIds)).filter((s) => s.archivedAt === null);
  if (found.length !== new Set(serviceIds).size) throw new OpsdeskError('NOT_FOUND', 'service not found');
  return found;
}

async function nameOf(ctx: CommandContext): Promise<string> {
  if (ctx.actor.type !== 'person') return 'opsdesk';
  const [person] = await ctx.tx.select({ name: people.name }).from(people).where(eq(people.id, ctx.actor.id));
  return person?.name ?? 'opsdesk';
}

/** Tell every org that uses an affected service, in org id order. */
async function tellOrgs(ctx: CommandContext, incident: IncidentRow, notice: IncidentNoticeKind, message: string, services: ServiceWithOrgs[]): Promise<string[]> {
  const audience = await audienceOf(ctx.tx, services);
  for (const org of audience) {
    await ctx.record(
      IncidentNoticeEvents.sent(
        { incidentId: incident.id, orgId: org.orgId },
        { notice, title: incident.title, impact: incident.impact, status: incident.status, message, services: org.services, recipients: org.recipients },
      ),
    );
  }
  return audience.map((o) => o.orgId);
}

export interface OpenIncident {
  title: string;
  impact: IncidentImpact;
  status: IncidentStatus;
  message: string;
  services: ServiceWithOrgs[];
  alarmIds: string[];
  ticketIds: string[];
  origin: IncidentOrigin;
}

export async function openIncident(ctx: CommandContext, input: OpenIncident): Promise<IncidentRow> {
  const [incident] = await ctx.tx
    .insert(incidents)
    .values({
      title: input.title,
      impact: input.impact,
      status: input.status,
      origin: input.origin,
      declaredBy: ctx.actor.type === 'person' ? ctx.actor.id : null,
      openedAt: ctx.now,
      updatedAt: ctx.now,
      resolvedAt: input.status === 'resolved' ? ctx.now : null,
    })
    .returning();
  await ctx.tx.insert(incidentServices).values(input.services.map((s) => ({ incidentId: incident!.id, serviceId: s.id })));
  await ctx.tx.insert(incidentUpdates).values({ incidentId: incident!.id, status: input.status, message: input.message, byName: await nameOf(ctx), at: ctx.now });
  if (input.alarmIds.length) await ctx.tx.insert(incidentAlarms).values(input.alarmIds.map((alarmId) => ({ incidentId: incident!.id, alarmId })));
  if (input.ticketIds.length) await ctx.tx.insert(incidentTickets).values(input.ticketIds.map((ticketId) => ({ incidentId: incident!.id, ticketId })));
  await setDeclaredDown(ctx, { incidentId: incident!.id, serviceIds: input.services.map((s) => s.id), down: declaresDown(input.impact, input.status) });
  const audience = await audienceOf(ctx.tx, input.services);
  await ctx.record(
    IncidentEvents.declared(incident!, {
      title: input.title,
      impact: input.impact,
      status: input.status,
      origin: input.origin,
      serviceIds: input.services.map((s) => s.id),
      message: input.message,
      alarmIds: input.alarmIds,
      orgIds: audience.map((o) => o.orgId),
    }),
  );
  await tellOrgs(ctx, incident!, 'opened', input.message, input.services);
  return incident!;
}

async function requireAlarms(ctx: CommandContext, alarmIds: readonly string[]): Promise<void> {
  for (const id of alarmIds) if (!(await alarmOrigin(ctx.tx, id))) throw new OpsdeskError('NOT_FOUND', 'alarm not found');
}

async function requireTickets(ctx: CommandContext, ticketIds: readonly string[]): Promise<void> {
  const wanted = [...new Set(ticketIds)];
  if (wanted.length === 0) return;
  if (!wanted.every((id) => /^[0-9a-f-]{36}$/i.test(id))) throw new OpsdeskError('NOT_FOUND', 'ticket not found');
  const found = await ctx.tx.select({ id: tickets.id }).from(tickets).where(inArray(tickets.id, wanted));
  if (found.length !== wanted.length) throw new OpsdeskError('NOT_FOUND', 'ticket not found');
}

export const declareIncident = defineCommand({
  name: 'declareIncident',
  input: z.object({
    title: z.string().trim().min(1).max(200),
    impact: z.enum(INCIDENT_IMPACTS),
    status: z.enum(INCIDENT_STATUSES).default('investigating'),
    message: messageSchema,
    serviceIds: z.array(idInput).min(1).max(100),
    alarmIds: z.array(idInput).max(100).default([]),
    ticketIds: z.array(idInput).max(100).default([]),
  }),
  async run(ctx, input): Promise<IncidentRow> {
    incidentPolicy.authorize(ctx.actor, 'incidents.manage', INCIDENTS);
    const services = await requireServices(ctx, input.serviceIds);
    await requireAlarms(ctx, input.alarmIds);
    await requireTickets(ctx, input.ticketIds);
    return openIncident(ctx, { ...input, alarmIds: [...new Set(input.alarmIds)], ticketIds: [...new Set(input.ticketIds)], services, origin: 'declared' });
  },
});

/** The incident for a command (locked), with its services; NOT_FOUND or FORBIDDEN by the policy. */
async function incidentFor(ctx: CommandContext, incidentId: string): Promise<{ incident: IncidentRow; services: ServiceWithOrgs[] }> {
  const [incident] = /^[0-9a-f-]{36}$/i.test(incidentId) ? await ctx.tx.select().from(incidents).where(eq(incidents.id, incidentId)).for('update') : [];
  if (!incident) throw incidentPolicy.notFound(INCIDENTS);
  const ids = (await ctx.tx.select({ id: incidentServices.serviceId }).from(incidentServices).where(eq(incidentServices.incidentId, incident.id))).map((r) => r.id);
  const services = await servicesByIds(ctx.tx, ids);
  incidentPolicy.authorize(ctx.actor, 'incidents.manage', subjectFor(ctx.actor, services));
  return { incident, services };
}

export const subjectFor = (actor: Actor, services: readonly ServiceWithOrgs[]) => ({ kind: 'incident' as const, touchesVisible: services.some((s) => seesService(actor, s)) });

/** A public update: a status and a message (and the impact, if it changed). A resolved incident takes no more. */
export const postIncidentUpdate = defineCommand({
  name: 'postIncidentUpdate',
  input: z.object({ incidentId: idInput, status: z.enum(INCIDENT_STATUSES), message: messageSchema, impact: z.enum(INCIDENT_IMPACTS).optional() }),
  async run(ctx, input): Promise<IncidentRow> {
    const { incident, services } = await incidentFor(ctx, input.incidentId);
    if (incident.status === 'resolved') throw new OpsdeskError('INVALID_TRANSITION', 'this incident is resolved: declare a new one');
    const [update] = await ctx.tx
      .insert(incidentUpdates)
      .values({ incidentId: incident.id, status: input.status, message: input.message, byName: await nameOf(ctx), at: ctx.now })
      .returning();
    const [after] = await ctx.tx
      .update(incidents)
      .set({ status: input.status, impact: input.impact ?? incident.impact, updatedAt: ctx.now, resolvedAt: input.status === 'resolved' ? ctx.now : null })
      .where(eq(incidents.id, incident.id))
      .returning();
    // Its services' availability counts it from a down impact until it is resolved or lowered.
    await setDeclaredDown(ctx, { incidentId: incident.id, serviceIds: services.map((s) => s.id), down: declaresDown(after!.impact, after!.status) });
    const audience = await audienceOf(ctx.tx, services);
    await ctx.record(
      IncidentEvents.updated(after!, {
        updateId: update!.id,
        status: input.status,
        previousStatus: incident.status,
        impact: after!.impact,
        message: input.message,
        orgIds: audience.map((o) => o.orgId),
      }),
    );
    await tellOrgs(ctx, after!, input.status === 'resolved' ? 'resolved' : 'updated', input.message, services);
    return after!;
  },
});

/** Link a ticket for the follow-up (a problem record, a client's report). */
export const linkIncidentTicket = defineCommand({
  name: 'linkIncidentTicket',
  input: z.object({ incidentId: idInput, ticketId: idInput }),
  async run(ctx, input): Promise<IncidentRow> {
    const { incident } = await incidentFor(ctx, input.incidentId);
    await requireTickets(ctx, [input.ticketId]);
    const added = await ctx.tx.insert(incidentTickets).values({ incidentId: incident.id, ticketId: input.ticketId }).onConflictDoNothing().returning();
    if (added.length === 0) throw new OpsdeskError('CONFLICT', 'this ticket is already linked to the incident');
    await ctx.record(IncidentEvents.ticketLinked(incident, { ticketId: input.ticketId }));
    return incident;
  },
});

/** Link an alarm (staff, or the scheduler when an alarm on an affected service stays unacknowledged). */
export async function linkAlarm(ctx: CommandContext, incident: IncidentRow, alarmId: string): Promise<boolean> {
  const added = await ctx.tx.insert(incidentAlarms).values({ incidentId: incident.id, alarmId }).onConflictDoNothing().returning();
  if (added.length > 0) await ctx.record(IncidentEvents.alarmLinked(incident, { alarmId }));
  return added.length > 0;
}

export const linkIncidentAlarm = defineCommand({
  name: 'linkIncidentAlarm',
  input: z.object({ incidentId: idInput, alarmId: idInput }),
  async run(ctx, input): Promise<IncidentRow> {
    const { incident } = await incidentFor(ctx, input.incidentId);
    await requireAlarms(ctx, [input.alarmId]);
    if (!(await linkAlarm(ctx, incident, input.alarmId))) throw new OpsdeskError('CONFLICT', 'this alarm is already linked to the incident');
    return incident;
  },
});

/** The open incidents that affect any of these services. */
export async function openIncidentsOf(ctx: CommandContext, serviceIds: string[]): Promise<IncidentRow[]> {
  if (serviceIds.length === 0) return [];
  return ctx.tx
    .selectDistinct({ incident: incidents })
    .from(incidents)
    .innerJoin(incidentServices, eq(incidentServices.incidentId, incidents.id))
    .where(and(isNull(incidents.resolvedAt), inArray(incidentServices.serviceId, serviceIds)))
    .then((rows) => rows.map((r) => r.incident));
}
