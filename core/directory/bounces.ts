/**
 * Addresses that bounce. A hard bounce (the receiving server refused the recipient for good, or a
 * delivery status notification said it failed) marks every person with that address: nothing is
 * mailed to it (the directory's `emailAddresses` leaves them out) until one of the person's admins
 * clears it, for example after the mailbox was fixed. Only opsdesk itself (the email door) marks an
 * address; each mark and each clearing is on the person's org's trail.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { PersonEvents } from './events.ts';
import { emailSchema, uuidSchema } from './model.ts';
import { settingsHolder } from './notifications.ts';
import { personSettingsPolicy } from './policy.ts';

export interface EmailBounceView {
  address: string | null;
  since: Date;
  reason: string;
}

export const markEmailBouncing = defineCommand({
  name: 'markEmailBouncing',
  input: z.object({
    address: emailSchema,
    reason: z.string().trim().min(1).max(1000),
    source: z.enum(['smtp', 'dsn']),
  }),
  async run(ctx, input): Promise<{ marked: string[] }> {
    const address = input.address.toLowerCase();
    const found = await ctx.tx
      .select({ id: people.id })
      .from(people)
      .where(and(sql`lower(${people.email}) = ${address}`, isNull(people.emailBouncedAt)))
      .for('update');
    const marked: string[] = [];
    for (const { id } of found) {
      const { holder, chainOrgId } = await settingsHolder(ctx.tx, id);
      personSettingsPolicy.authorize(ctx.actor, 'email.mark_bounce', holder);
      await ctx.tx.update(people).set({ emailBouncedAt: ctx.now, emailBounceReason: input.reason }).where(eq(people.id, id));
      // A person who belongs to no org any more has no chain to tell; their address is marked all the same.
      if (chainOrgId) {
        await ctx.record(PersonEvents.emailBounced({ orgId: chainOrgId, personId: id }, { address, reason: input.reason, source: input.source }));
      }
      marked.push(id);
    }
    return { marked };
  },
});

export const clearEmailBounce = defineCommand({
  name: 'clearEmailBounce',
  input: z.object({ personId: uuidSchema }),
  async run(ctx, input): Promise<{ personId: string }> {
    const { holder, chainOrgId } = await settingsHolder(ctx.tx, input.personId);
    personSettingsPolicy.authorize(ctx.actor, 'email.clear_bounce', holder);
    const [person] = await ctx.tx.select().from(people).where(eq(people.id, input.personId)).for('update');
    if (!person?.emailBouncedAt) throw new OpsdeskError('CONFLICT', 'this address is not marked as bouncing');
    await ctx.tx.update(people).set({ emailBouncedAt: null, emailBounceReason: null }).where(eq(people.id, person.id));
    await ctx.record(
      PersonEvents.emailBounceCleared({ orgId: chainOrgId!, personId: person.id }, { address: person.email, reason: person.emailBounceReason }),
    );
    return { personId: person.id };
  },
});

/** Whether the person's address bounces, for their org's admins; null when it does not. */
export const emailBounceOf = defineQuery({
  name: 'emailBounceOf',
  input: z.object({ personId: z.string().max(100) }),
  async run({ db, actor }, { personId }): Promise<EmailBounceView | null> {
    const { holder } = await settingsHolder(db, personId);
    personSettingsPolicy.authorize(actor, 'email.read_bounce', holder);
    const [person] = await db.select().from(people).where(eq(people.id, personId));
    if (!person?.emailBouncedAt) return null;
    return { address: person.email, since: person.emailBouncedAt, reason: person.emailBounceReason ?? '' };
  },
});
