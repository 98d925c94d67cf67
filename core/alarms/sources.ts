/** Alarm sources: who may send alarms, each with its own secret (shown once, stored hashed). */
import { randomBytes } from 'node:crypto';
import { eq, ne } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { z } from 'zod';
import { alarms, alarmSources } from '../../db/schema.ts';
import { defineCommand, type CommandContext } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { hashToken } from '../directory/index.ts';
import { AlarmSourceEvents } from './events.ts';
import { sourceNameSchema } from './internal/lookups.ts';
import { alarmPolicy, ALARM_SOURCE } from './policy.ts';

const SECRET_PREFIX = 'ods_';

const newSecret = () => SECRET_PREFIX + randomBytes(32).toString('base64url');

/** A source and its new secret: the only time the secret is shown. */
export interface AlarmSourceWithSecret {
  id: string;
  name: string;
  createdAt: Date;
  secret: string;
}

export const createAlarmSource = defineCommand({
  name: 'createAlarmSource',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input): Promise<AlarmSourceWithSecret> {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', ALARM_SOURCE);
    const [existing] = await ctx.tx.select({ id: alarmSources.id }).from(alarmSources).where(eq(alarmSources.name, input.name));
    if (existing) throw new OpsdeskError('CONFLICT', `an alarm source named ${input.name} already exists`);
    const secret = newSecret();
    const [source] = await ctx.tx.insert(alarmSources).values({ name: input.name, secretHash: hashToken(secret) }).returning();
    await ctx.record(AlarmSourceEvents.created(source!, { name: input.name }));
    return { id: source!.id, name: source!.name, createdAt: source!.createdAt, secret };
  },
});

/** A new secret for a source; the old one stops working at once. */
export const rotateAlarmSourceSecret = defineCommand({
  name: 'rotateAlarmSourceSecret',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input): Promise<AlarmSourceWithSecret> {
    alarmPolicy.authorize(ctx.actor, 'alarm.manage', ALARM_SOURCE);
    const secret = newSecret();
    const [source] = await ctx.tx
      .update(alarmSources)
      .set({ secretHash: hashToken(secret) })
      .where(eq(alarmSources.name, input.name))
      .returning();
    if (!source) throw alarmPolicy.notFound(ALARM_SOURCE);
    await ctx.record(AlarmSourceEvents.secretRotated(source, { name: source.name }));
    return { id: source.id, name: source.name, createdAt: source.createdAt, secret };
  },
});

/**
 * The source of opsdesk's own monitors (the status capability's probes and heartbeats), made on
 * first use with a secret nobody holds: their alarms fold, page and resolve like any source's,
 * but no webhook can send as it. Two instances making it at once end with one row.
 */
export async function ownAlarmSource(ctx: CommandContext, name: string): Promise<{ id: string; name: string }> {
  const [existing] = await ctx.tx.select({ id: alarmSources.id, name: alarmSources.name }).from(alarmSources).where(eq(alarmSources.name, name));
  if (existing) return existing;
  const [made] = await ctx.tx
    .insert(alarmSources)
    .values({ name, secretHash: hashToken(newSecret()) })
    .onConflictDoNothing()
    .returning({ id: alarmSources.id, name: alarmSources.name });
  if (made) {
    await ctx.record(AlarmSourceEvents.created(made, { name }));
    return made;
  }
  const [other] = await ctx.tx.select({ id: alarmSources.id, name: alarmSources.name }).from(alarmSources).where(eq(alarmSources.name, name));
  return other!;
}

/**
 * Where the open alarms come from (their source's name and `service` value), one row per distinct
 * pair: for another capability's read model (a service's state), which shows no alarm itself.
 */
export async function openAlarmOrigins(db: Queryable): Promise<Array<{ sourceName: string; service: string | null }>> {
  return db
    .selectDistinct({ sourceName: alarmSources.name, service: alarms.service })
    .from(alarms)
    .innerJoin(alarmSources, eq(alarmSources.id, alarms.sourceId))
    .where(ne(alarms.state, 'RESOLVED'));
}

/** One alarm's origin and state, for another capability that links to it (an incident). */
export async function alarmOrigin(
  db: Queryable,
  alarmId: string,
): Promise<{ id: string; sourceName: string; service: string | null; state: string; summary: string; pagingHeldBy: string | null } | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(alarmId)) return undefined;
  const [row] = await db
    .select({ id: alarms.id, sourceName: alarmSources.name, service: alarms.service, state: alarms.state, summary: alarms.summary, pagingHeldBy: alarms.pagingHeldBy })
    .from(alarms)
    .innerJoin(alarmSources, eq(alarmSources.id, alarms.sourceId))
    .where(eq(alarms.id, alarmId));
  return row;
}
