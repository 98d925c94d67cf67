/** A recipient acknowledges an announcement, once. */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { announcementRecipients } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { AnnouncementEvents } from './events.ts';
import { announcementById, reachOfAnnouncement, releaseById } from './internal/lookups.ts';
import { releasePolicy } from './policy.ts';

export interface Acknowledgement {
  announcementId: string;
  acknowledgedAt: Date;
  /** The orgs the person acknowledged for (a person in two orgs told acknowledges for both). */
  orgIds: string[];
  /** The release's version, for the words of a reply. */
  version: string;
}

/**
 * Acknowledging is for oneself: every recipient row of the actor on this announcement (a person
 * in two client orgs acknowledges for both). A second press is refused with CONFLICT and the time
 * of the first, and records nothing: the trail holds exactly one acknowledgement per recipient.
 */
export const acknowledgeAnnouncement = defineCommand({
  name: 'acknowledgeAnnouncement',
  input: z.object({ announcementId: uuidSchema }),
  async run(ctx, input): Promise<Acknowledgement> {
    const { actor } = ctx;
    const announcement = await announcementById(ctx.tx, input.announcementId);
    if (!announcement) throw releasePolicy.notFound({ kind: 'announcement', orgIds: [], recipientIds: [] });
    const mine =
      actor.type === 'person'
        ? await ctx.tx
            .select()
            .from(announcementRecipients)
            .where(and(eq(announcementRecipients.announcementId, announcement.id), eq(announcementRecipients.personId, actor.id)))
            .for('update')
        : [];
    const reach = await reachOfAnnouncement(ctx.tx, announcement.id, mine.map((r) => r.personId));
    releasePolicy.authorize(actor, 'announcement.acknowledge', reach);
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
      await ctx.record(
        AnnouncementEvents.acknowledged(
          { announcementId: announcement.id, orgId: row.orgId },
          { personId: row.personId, releaseId: announcement.releaseId, version: release?.version ?? null, door: actor.door },
        ),
      );
    }
    return { announcementId: announcement.id, acknowledgedAt: ctx.now, orgIds: pending.map((r) => r.orgId), version: release?.version ?? '' };
  },
});
