/** Alarm sources: who may send alarms, each with its own secret (shown once, stored hashed). */
import { timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { alarmSources, type AlarmSourceRow } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { hashToken } from '../directory/identity.ts';
import { randomBytes } from 'node:crypto';
import { authorizeAlarms } from './policy.ts';

const SECRET_PREFIX = 'ods_';

export const sourceNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a source name is 1-63 lower-case letters, digits, dots, dashes and underscores');

export const createAlarmSource = defineCommand({
  name: 'createAlarmSource',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input) {
    authorizeAlarms(ctx.actor, 'alarm.manage', 'alarm source');
    const [existing] = await ctx.tx.select({ id: alarmSources.id }).from(alarmSources).where(eq(alarmSources.name, input.name));
    if (existing) throw new OpsdeskError('CONFLICT', `an alarm source named ${input.name} already exists`);
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
    const [source] = await ctx.tx.insert(alarmSources).values({ name: input.name, secretHash: hashToken(secret) }).returning();
    await ctx.record({
      orgId: null,
      action: 'alarm_source.created',
      subjectType: 'alarm_source',
      subjectId: source!.id,
      data: { name: input.name },
    });
    return { id: source!.id, name: source!.name, createdAt: source!.createdAt, secret };
  },
});

/** A new secret for a source; the old one stops working at once. */
export const rotateAlarmSourceSecret = defineCommand({
  name: 'rotateAlarmSourceSecret',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input) {
    authorizeAlarms(ctx.actor, 'alarm.manage', 'alarm source');
    const secret = SECRET_PREFIX + randomBytes(32).toString('base64url');
    const [source] = await ctx.tx
      .update(alarmSources)
      .set({ secretHash: hashToken(secret) })
      .where(eq(alarmSources.name, input.name))
      .returning();
    if (!source) throw new OpsdeskError('NOT_FOUND', 'alarm source not found');
    await ctx.record({ orgId: null, action: 'alarm_source.secret_rotated', subjectType: 'alarm_source', subjectId: source.id, data: { name: source.name } });
    return { id: source.id, name: source.name, createdAt: source.createdAt, secret };
  },
});

/** The source a webhook names, when the presented secret is its own; undefined otherwise (never which). */
export async function authenticateSource(db: Queryable, name: string, secret: string | undefined): Promise<AlarmSourceRow | undefined> {
  if (!secret || secret.length > 200) return undefined;
  const parsed = sourceNameSchema.safeParse(name);
  if (!parsed.success) return undefined;
  const [source] = await db.select().from(alarmSources).where(eq(alarmSources.name, parsed.data));
  if (!source) return undefined;
  const presented = Buffer.from(hashToken(secret), 'hex');
  const stored = Buffer.from(source.secretHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored) ? source : undefined;
}
