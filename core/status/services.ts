/**
 * Services (the provider's components): created, renamed, made public or internal, given the
 * client orgs that use them (all by default), matched to alarms, and archived. Provider admins
 * and the system.
 */
import { and, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import { heartbeats, probes, serviceAlarmMatches, serviceOrgs, services } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { ServiceEvents } from './events.ts';
import { findService, requireClientOrgs, serviceFor, type ServiceWithOrgs } from './internal/lookups.ts';
import { archiveHeartbeatRow } from './heartbeats.ts';
import { archiveProbeRow } from './probes.ts';
import { statusPolicy, SERVICES } from './policy.ts';

const serviceNameSchema = z.string().trim().min(1).max(100);
const descriptionSchema = z.string().trim().max(2000);
/** Null or absent: every client org uses the service. */
const orgIdsSchema = z.array(uuidSchema).max(1000).nullish();

const described = (service: ServiceWithOrgs) => ({
  name: service.name,
  description: service.description,
  isPublic: service.isPublic,
  orgIds: service.allOrgs ? null : service.orgIds,
});

async function nameFree(ctx: CommandContext, name: string, except?: string): Promise<void> {
  const [taken] = await ctx.tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.name, name), isNull(services.archivedAt), except ? ne(services.id, except) : undefined));
  if (taken) throw new OpsdeskError('CONFLICT', `a service named ${name} already exists`);
}

async function writeOrgs(ctx: CommandContext, serviceId: string, orgIds: string[] | null): Promise<string[]> {
  const unique = [...new Set(orgIds ?? [])].sort();
  await requireClientOrgs(ctx.tx, unique);
  await ctx.tx.delete(serviceOrgs).where(eq(serviceOrgs.serviceId, serviceId));
  if (unique.length > 0) await ctx.tx.insert(serviceOrgs).values(unique.map((orgId) => ({ serviceId, orgId })));
  await ctx.tx.update(services).set({ allOrgs: orgIds === null }).where(eq(services.id, serviceId));
  return unique;
}

export const createService = defineCommand({
  name: 'createService',
  input: z.object({
    name: serviceNameSchema,
    description: descriptionSchema.default(''),
    isPublic: z.boolean().default(false),
    orgIds: orgIdsSchema,
  }),
  async run(ctx, input): Promise<ServiceWithOrgs> {
    statusPolicy.authorize(ctx.actor, 'status.manage', SERVICES);
    await nameFree(ctx, input.name);
    const [row] = await ctx.tx.insert(services).values({ name: input.name, description: input.description, isPublic: input.isPublic }).returning();
    const orgIds = await writeOrgs(ctx, row!.id, input.orgIds ?? null);
    const service = (await findService(ctx.tx, row!.id))!;
    await ctx.record(ServiceEvents.created(service, described({ ...service, orgIds })));
    return service;
  },
});

export const updateService = defineCommand({
  name: 'updateService',
  input: z.object({
    serviceId: z.string().max(100),
    name: serviceNameSchema.optional(),
    description: descriptionSchema.optional(),
    isPublic: z.boolean().optional(),
  }),
  async run(ctx, input): Promise<ServiceWithOrgs> {
    const before = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    if (input.name !== undefined && input.name !== before.name) await nameFree(ctx, input.name, before.id);
    await ctx.tx
      .update(services)
      .set({ name: input.name ?? before.name, description: input.description ?? before.description, isPublic: input.isPublic ?? before.isPublic })
      .where(eq(services.id, before.id));
    const after = (await findService(ctx.tx, before.id))!;
    await ctx.record(ServiceEvents.updated(after, { ...described(after), previous: described(before) }));
    return after;
  },
});

/** Which client orgs use the service: a list, or null for every client org. */
export const setServiceOrgs = defineCommand({
  name: 'setServiceOrgs',
  input: z.object({ serviceId: z.string().max(100), orgIds: z.array(uuidSchema).max(1000).nullable() }),
  async run(ctx, input): Promise<ServiceWithOrgs> {
    const before = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    await writeOrgs(ctx, before.id, input.orgIds);
    const after = (await findService(ctx.tx, before.id))!;
    await ctx.record(ServiceEvents.orgsSet(after, { ...described(after), previous: described(before) }));
    return after;
  },
});

const matchSchema = z
  .object({
    sourceName: z.string().trim().toLowerCase().min(1).max(63).nullish(),
    alarmService: z.string().trim().min(1).max(200).nullish(),
  })
  .refine((m) => m.sourceName || m.alarmService, { message: 'a match names an alarm source, an alarm service value, or both' });

/**
 * Which alarms belong to the service: those of a source, with a `service` value, or both. Replaces
 * the service's matches; a match another service already has is a CONFLICT.
 */
export const setServiceAlarmMatches = defineCommand({
  name: 'setServiceAlarmMatches',
  input: z.object({ serviceId: z.string().max(100), matches: z.array(matchSchema).max(100) }),
  async run(ctx, input) {
    const service = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    const matches = input.matches.map((m) => ({ sourceName: m.sourceName ?? null, alarmService: m.alarmService ?? null }));
    const previous = await ctx.tx
      .select({ sourceName: serviceAlarmMatches.sourceName, alarmService: serviceAlarmMatches.alarmService })
      .from(serviceAlarmMatches)
      .where(eq(serviceAlarmMatches.serviceId, service.id));
    await ctx.tx.delete(serviceAlarmMatches).where(eq(serviceAlarmMatches.serviceId, service.id));
    for (const match of matches) {
      const [other] = await ctx.tx
        .select({ serviceId: serviceAlarmMatches.serviceId })
        .from(serviceAlarmMatches)
        .where(
          and(
            match.sourceName === null ? isNull(serviceAlarmMatches.sourceName) : eq(serviceAlarmMatches.sourceName, match.sourceName),
            match.alarmService === null ? isNull(serviceAlarmMatches.alarmService) : eq(serviceAlarmMatches.alarmService, match.alarmService),
          ),
        );
      if (other) throw new OpsdeskError('CONFLICT', 'another service already has that alarm match');
    }
    const unique = [...new Map(matches.map((m) => [`${m.sourceName ?? ''}\u0000${m.alarmService ?? ''}`, m])).values()];
    if (unique.length > 0) await ctx.tx.insert(serviceAlarmMatches).values(unique.map((m) => ({ serviceId: service.id, ...m })));
    await ctx.record(ServiceEvents.alarmsMatched(service, { matches: unique, previous }));
    return unique;
  },
});

/**
 * Archive a service: it leaves every list, its probes stop and its heartbeats are no longer
 * expected. Its history (samples, rollups, the trail) stays. An alarm open for one of its checks
 * stays open for on-call to resolve with a root cause.
 */
export const archiveService = defineCommand({
  name: 'archiveService',
  input: z.object({ serviceId: z.string().max(100) }),
  async run(ctx, input): Promise<ServiceWithOrgs> {
    const service = await serviceFor(ctx.tx, ctx.actor, 'status.manage', input.serviceId, true);
    const [archived] = await ctx.tx.update(services).set({ archivedAt: ctx.now }).where(eq(services.id, service.id)).returning();
    const probeRows = await ctx.tx.select().from(probes).where(and(eq(probes.serviceId, service.id), isNull(probes.archivedAt)));
    for (const probe of probeRows) await archiveProbeRow(ctx, probe);
    const heartbeatRows = await ctx.tx.select().from(heartbeats).where(and(eq(heartbeats.serviceId, service.id), isNull(heartbeats.archivedAt)));
    for (const heartbeat of heartbeatRows) await archiveHeartbeatRow(ctx, heartbeat);
    await ctx.tx.delete(serviceAlarmMatches).where(eq(serviceAlarmMatches.serviceId, service.id));
    await ctx.record(ServiceEvents.archived(service, { name: service.name, probes: probeRows.length, heartbeats: heartbeatRows.length }));
    return { ...archived!, orgIds: service.orgIds };
  },
});
