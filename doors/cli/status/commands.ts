/**
 * The operator's service commands: list and add services, archive one, add and remove probes, add
 * heartbeats and rotate their secrets. Each runs one core command as the CLI's actor; --json prints
 * what the command returned instead of a line for people.
 */
import { archiveService, createHeartbeat, createProbe, createService, listServices, removeProbe, rotateHeartbeatSecret, type HeartbeatWithSecret } from '../../../core/status/index.ts';
import { parseFlags, required, UsageError } from '../kit/args.ts';
import type { CliSession } from '../kit/command.ts';
import { printJson, wholeNumber } from '../kit/json.ts';
import { table } from '../kit/output.ts';
import { ensureProvider } from '../kit/provider.ts';
import { USAGE } from './index.ts';
import { serviceNamed } from './services.ts';

const usageError = (message: string, usage: string) => new UsageError(message, usage);
const json = { json: { type: 'boolean' } } as const;

export async function servicesList(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, json, USAGE.servicesList);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const services = await ctx.core.read(listServices, ctx.actor, {});
    if (flags.json) printJson(services);
    else if (services.length === 0) process.stdout.write('no services\n');
    else {
      const usedBy = (s: (typeof services)[number]) => (s.allOrgs ? 'every client' : `${s.orgIds.length} org${s.orgIds.length === 1 ? '' : 's'}`);
      process.stdout.write(table(['NAME', 'STATE', 'SHOWN', 'USED BY', 'ID'], services.map((s) => [s.name, s.state, s.isPublic ? 'public' : 'internal', usedBy(s), s.id])));
    }
    return 0;
  });
}

export async function servicesCreate(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, name: { type: 'string' }, description: { type: 'string' }, public: { type: 'boolean' } }, USAGE.servicesCreate);
  const name = required(flags.name, 'name', USAGE.servicesCreate);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const service = await ctx.core.execute(createService, ctx.actor, { name, description: flags.description ?? '', isPublic: flags.public ?? false });
    if (flags.json) printJson(service);
    else process.stdout.write(`created service "${service.name}" (id ${service.id}, ${service.isPublic ? 'public' : 'internal'}, used by every client org)\n`);
    return 0;
  });
}

export async function servicesArchive(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, service: { type: 'string' } }, USAGE.servicesArchive);
  const given = required(flags.service, 'service', USAGE.servicesArchive);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const service = await serviceNamed(ctx, given);
    const archived = await ctx.core.execute(archiveService, ctx.actor, { serviceId: service.id });
    if (flags.json) printJson(archived);
    else process.stdout.write(`archived service "${archived.name}": its probes stopped, its heartbeats are no longer expected\n`);
    return 0;
  });
}

export async function probesAdd(args: string[], cli: CliSession): Promise<number> {
  const usage = USAGE.probesAdd;
  const flags = parseFlags(
    args,
    {
      ...json,
      service: { type: 'string' },
      name: { type: 'string' },
      url: { type: 'string' },
      interval: { type: 'string' },
      method: { type: 'string' },
      expect: { type: 'string' },
      'timeout-ms': { type: 'string' },
      contains: { type: 'string' },
      failures: { type: 'string' },
      successes: { type: 'string' },
    },
    usage,
  );
  const given = required(flags.service, 'service', usage);
  const method = (flags.method ?? 'GET').toUpperCase();
  if (method !== 'GET' && method !== 'HEAD') throw new UsageError('--method must be GET or HEAD', usage);
  const number = (flag: keyof typeof flags & string) => wholeNumber(flags[flag] as string | undefined, flag, usage, usageError);
  const input = {
    name: required(flags.name, 'name', usage),
    url: required(flags.url, 'url', usage),
    method: method as 'GET' | 'HEAD',
    intervalSeconds: number('interval') ?? 60,
    expectedStatus: number('expect'),
    timeoutMs: number('timeout-ms'),
    bodyContains: flags.contains,
    failureThreshold: number('failures'),
    successThreshold: number('successes'),
  };
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const service = await serviceNamed(ctx, given);
    const probe = await ctx.core.execute(createProbe, ctx.actor, { serviceId: service.id, ...input });
    if (flags.json) printJson(probe);
    else
      process.stdout.write(
        `added probe "${probe.name}" (id ${probe.id}) to ${service.name}: ${probe.method} ${probe.url} every ${probe.intervalSeconds} s, expecting ${probe.expectedStatus}\n`,
      );
    return 0;
  });
}

export async function probesRemove(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, id: { type: 'string' } }, USAGE.probesRemove);
  const probeId = required(flags.id, 'id', USAGE.probesRemove);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const removed = await ctx.core.execute(removeProbe, ctx.actor, { probeId });
    if (flags.json) printJson(removed);
    else process.stdout.write(`removed probe ${removed.id}; its history stays\n`);
    return 0;
  });
}

/** The secret alone on stdout (so `$(opsdesk heartbeats add …)` captures it), the rest on stderr; or all of it as JSON. */
function showSecret(made: HeartbeatWithSecret, asJson: boolean, what: string): void {
  if (asJson) {
    printJson(made);
    return;
  }
  process.stderr.write(
    `${what} heartbeat "${made.heartbeat.name}" (id ${made.heartbeat.id}). Its secret, shown only this once, follows on stdout.\n` +
      `The job sends POST /hooks/heartbeat/${made.heartbeat.id} with "Authorization: Bearer <secret>" at least every ${made.heartbeat.intervalSeconds} s (grace ${made.heartbeat.graceSeconds} s).\n`,
  );
  process.stdout.write(`${made.secret}\n`);
}

export async function heartbeatsAdd(args: string[], cli: CliSession): Promise<number> {
  const usage = USAGE.heartbeatsAdd;
  const flags = parseFlags(args, { ...json, service: { type: 'string' }, name: { type: 'string' }, interval: { type: 'string' }, grace: { type: 'string' } }, usage);
  const given = required(flags.service, 'service', usage);
  const name = required(flags.name, 'name', usage);
  const intervalSeconds = wholeNumber(required(flags.interval, 'interval', usage), 'interval', usage, usageError)!;
  const graceSeconds = wholeNumber(flags.grace, 'grace', usage, usageError);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const service = await serviceNamed(ctx, given);
    const made = await ctx.core.execute(createHeartbeat, ctx.actor, { serviceId: service.id, name, intervalSeconds, graceSeconds });
    showSecret(made, flags.json ?? false, `added to ${service.name} the`);
    return 0;
  });
}

export async function heartbeatsRotate(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { ...json, id: { type: 'string' } }, USAGE.heartbeatsRotate);
  const heartbeatId = required(flags.id, 'id', USAGE.heartbeatsRotate);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const made = await ctx.core.execute(rotateHeartbeatSecret, ctx.actor, { heartbeatId });
    showSecret(made, flags.json ?? false, 'rotated the secret of');
    return 0;
  });
}
