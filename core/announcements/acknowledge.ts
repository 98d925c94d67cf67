/** A recipient acknowledges an announcement, once. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcementRecipients } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { uuidSchema } from '../directory/lookups.ts';
import { OpsdeskError } from '../errors.ts';
import { announcementById, releaseById } from './lookups.ts';
import { visibleOrgIds } from './policy.ts';

/**
 * Acknowledging is for oneself: every recipient row of the actor on this announcement (a person
 * in two client orgs acknowledges for both). A second press is refused with CONFLICT and the time
 * of the first, and records nothing: the trail holds exactly one acknowledgement per recipient.
 */
export const acknowledgeAnnouncement = defineCommand({
  name: 'acknowledgeAnnouncement',
  input: z.object({ announcementId: uuidSchema }),
  async run(ctx, input) {
    const { actor } = ctx;
    const announcement = await announcementById(ctx.tx, input.announcementId);
    const mine =
      announcement && actor.type === 'person'
        ? await ctx.tx
            .select()
            .from(announcementRecipients)
            .where(and(eq(announcementRecipients.announcementId, announcement.id), eq(announcementRecipients.personId, actor.id)))
            .for('update')
        : [];
    if (!announcement || mine.length === 0) {
      const visible = visibleOrgIds(actor);
      const sees = announcement && (visible === undefined || (await announcementReachesAny(ctx.tx, announcement.id, visible)));
      if (!sees) throw new OpsdeskError('NOT_FOUND', 'announcement not found');
      throw new OpsdeskError('FORBIDDEN', "only the announcement's recipients (admins and owners of the orgs told) acknowledge it");
    }
    if (announcement.status === 'cancelled') throw new OpsdeskError('INVALID_TRANSITION', 'this announcement was cancelled; there is nothing to acknowledge');
    const pending = mine.filter((r) => !r.acknowledgedAt);
    if (pending.length === 0) {
      const first = mine.map((r) => r.acknowledgedAt!).sort((a, b) => a.getTime() - b.getTime())[0]!;
      throw new OpsdeskError('CONFLICT', `you already acknowledged this announcement at ${first.toISOString()}`, {
        acknowledgedAt: first.toISOString(),
      });
    }
    const release = await releaseById(ctx.tx, announcement.releaseId);
    for (const row of pending) {
      await ctx.tx
        .update(announcementRecipients)
        .set({ acknowledgedAt: ctx.now, acknowledgedVia: actor.door })
        .where(
          and(
            eq(announcementRecipients.announcementId, announcement.id),
            eq(announcementRecipients.orgId, row.orgId),
            eq(announcementRecipients.personId, row.personId),
          ),
        );
      await ctx.record({
        orgId: row.orgId,
        action: 'announcement.acknowledged',
        subjectType: 'announcement',
        subjectId: announcement.id,
        data: { personId: row.personId, releaseId: announcement.releaseId, version: release?.version ?? null, door: actor.door },
      });
    }
    return { announcementId: announcement.id, acknowledgedAt: ctx.now, orgIds: pending.map((r) => r.orgId) };
  },
});

async function announcementReachesAny(db: Parameters<typeof announcementById>[0], announcementId: string, orgIds: string[]) {
  if (orgIds.length === 0) return false;
  const rows = await db
    .select({ orgId: announcementRecipients.orgId })
    .from(announcementRecipients)
    .where(eq(announcementRecipients.announcementId, announcementId));
  return rows.some((r) => orgIds.includes(r.orgId));
}
