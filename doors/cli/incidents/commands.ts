/**
 * The operator's incident and maintenance commands. Each runs one core command (or query) as the
 * CLI's actor; services are named by name or id; --json prints what came back.
 */
import {
  cancelMaintenance,
  declareIncident,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  listIncidents,
  listMaintenanceWindows,
  postIncidentUpdate,
  scheduleMaintenance,
  type IncidentImpact,
  type IncidentStatus,
} from '../../../core/incidents/index.ts';
import { parseFlags, required, UsageError } from '../kit/args.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { printJson, wholeNumber } from '../kit/json.ts';
import { table } from '../kit/output.ts';
import { ensureProvider } from '../kit/provider.ts';
import { serviceNamed } from '../status/services.ts';
import { USAGE } from './index.ts';

const json = { json: { type: 'boolean' } } as const;

function oneOf<const T extends readonly string[]>(value: string | undefined, allowed: T, flag: string, usage: string): T[number] | undefined {
  if (value === undefined) return undefined;
  const lower = value.trim().toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`, usage);
  return lower as T[number];
}

async function serviceIdsOf(ctx: CliContext, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) ids.push((await serviceNamed(ctx, name)).id);
  return ids;
}

const names = (services: Array<{ name: string }>) => services.map((s) => s.name).join(', ');

export async function incidentsList(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, days: { type: 'string' } }, USAGE.incidentsList);
  const days = wholeNumber(flags.days, 'days', USAGE.incidentsList, (m, u) => new UsageError(m, u));
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const incidents = await ctx.core.read(listIncidents, ctx.actor, { days });
    if (flags.json) printJson(incidents);
    else if (incidents.length === 0) process.stdout.write('no incidents\n');
    else
      process.stdout.write(
        table(
          ['OPENED', 'STATUS', 'IMPACT', 'TITLE', 'SERVICES', 'ID'],
          incidents.map((i) => [i.openedAt.toISOString().slice(0, 16).replace('T', ' '), i.status, i.impact, i.title, names(i.services), i.id]),
        ),
      );
    return 0;
  });
}

export async function incidentsDeclare(args: string[], cli: CliSession): Promise<number> {
  const usage = USAGE.incidentsDeclare;
  const flags = parseFlags(
    args,
    { ...json, title: { type: 'string' }, service: { type: 'string', multiple: true }, impact: { type: 'string' }, message: { type: 'string' }, status: { type: 'string' } },
    usage,
  );
  const title = required(flags.title, 'title', usage);
  const message = required(flags.message, 'message', usage);
  const impact = oneOf(required(flags.impact, 'impact', usage), INCIDENT_IMPACTS, 'impact', usage) as IncidentImpact;
  const status = oneOf(flags.status, INCIDENT_STATUSES, 'status', usage);
  if (!flags.service?.length) throw new UsageError('--service is required (once per affected service)', usage);
  const services = flags.service;
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const serviceIds = await serviceIdsOf(ctx, services);
    const incident = await ctx.core.execute(declareIncident, ctx.actor, { title, impact, status, message, serviceIds });
    if (flags.json) printJson(incident);
    else process.stdout.write(`declared incident "${incident.title}" (id ${incident.id}, ${incident.impact} impact, ${incident.status})\n`);
    return 0;
  });
}

export async function incidentsUpdate(args: string[], cli: CliSession): Promise<number> {
  const usage = USAGE.incidentsUpdate;
  const flags = parseFlags(args, { ...json, id: { type: 'string' }, status: { type: 'string' }, message: { type: 'string' }, impact: { type: 'string' } }, usage);
  const incidentId = required(flags.id, 'id', usage);
  const status = oneOf(required(flags.status, 'status', usage), INCIDENT_STATUSES, 'status', usage) as IncidentStatus;
  const message = required(flags.message, 'message', usage);
  const impact = oneOf(flags.impact, INCIDENT_IMPACTS, 'impact', usage);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const incident = await ctx.core.execute(postIncidentUpdate, ctx.actor, { incidentId, status, message, impact });
    if (flags.json) printJson(incident);
    else process.stdout.write(`incident "${incident.title}" is now ${incident.status} (${incident.impact} impact)\n`);
    return 0;
  });
}

export async function maintenanceList(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, all: { type: 'boolean' } }, USAGE.maintenanceList);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const windows = await ctx.core.read(listMaintenanceWindows, ctx.actor, { all: flags.all ?? false });
    if (flags.json) printJson(windows);
    else if (windows.length === 0) process.stdout.write('no maintenance windows\n');
    else
      process.stdout.write(
        table(
          ['STARTS', 'ENDS', 'STATE', 'TITLE', 'SERVICES', 'ID'],
          windows.map((w) => [w.startsAt.toISOString(), w.endsAt.toISOString(), w.state, w.title, w.allPublic ? 'every public service' : names(w.services), w.id]),
        ),
      );
    return 0;
  });
}

export async function maintenanceSchedule(args: string[], cli: CliSession): Promise<number> {
  const usage = USAGE.maintenanceSchedule;
  const flags = parseFlags(
    args,
    { ...json, title: { type: 'string' }, service: { type: 'string', multiple: true }, start: { type: 'string' }, end: { type: 'string' }, description: { type: 'string' } },
    usage,
  );
  const title = required(flags.title, 'title', usage);
  // The core parses the times (ISO 8601 with a zone) and says which one is wrong.
  const startsAt = required(flags.start, 'start', usage);
  const endsAt = required(flags.end, 'end', usage);
  if (!flags.service?.length) throw new UsageError('--service is required (once per covered service)', usage);
  const services = flags.service;
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const serviceIds = await serviceIdsOf(ctx, services);
    const window = await ctx.core.execute(scheduleMaintenance, ctx.actor, { title, description: flags.description, startsAt, endsAt, serviceIds });
    if (flags.json) printJson(window);
    else process.stdout.write(`scheduled maintenance "${window.title}" (id ${window.id}) from ${window.startsAt.toISOString()} to ${window.endsAt.toISOString()}\n`);
    return 0;
  });
}

export async function maintenanceCancel(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, id: { type: 'string' }, reason: { type: 'string' } }, USAGE.maintenanceCancel);
  const windowId = required(flags.id, 'id', USAGE.maintenanceCancel);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const window = await ctx.core.execute(cancelMaintenance, ctx.actor, { windowId, reason: flags.reason });
    if (flags.json) printJson(window);
    else process.stdout.write(`cancelled maintenance "${window.title}"\n`);
    return 0;
  });
}
