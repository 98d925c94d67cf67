/**
 * The announcements' Slack button: Acknowledge (in the DM, on the org's card, in App Home). It runs
 * `acknowledgeAnnouncement` as the person who pressed it; they alone are told the outcome, and the
 * card and App Home follow from the committed event (the notifier).
 */
import { z } from 'zod';
import { acknowledgeAnnouncement } from '../../../core/announcements/index.ts';
import { defineButton } from '../kit/buttons.ts';
import { ACKNOWLEDGE_ACTION, acknowledgedReply, LEGACY_ACKNOWLEDGE_ACTION } from './presenters.ts';

export const acknowledgeAnnouncementButton = defineButton({
  actionId: ACKNOWLEDGE_ACTION,
  // Cards and DMs posted before the `<capability>:<verb>` ids carry the old one.
  aliases: [LEGACY_ACKNOWLEDGE_ACTION],
  value: z.string().uuid('this button does not name an announcement'),
  async run({ actor, value, deps }) {
    const acknowledged = await deps.core.execute(acknowledgeAnnouncement, actor, { announcementId: value });
    return { reply: acknowledgedReply(acknowledged.version, acknowledged.acknowledgedAt) };
  },
});

export const announcementButtons = [acknowledgeAnnouncementButton];
