/** Alarm sources: who may send alarms, each with its own secret (shown once, stored hashed). */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { alarmSources } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
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
