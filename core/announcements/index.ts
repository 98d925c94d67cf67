/** Upgrade announcements: releases, their announcement to client orgs, acknowledgements, and installations' compliance. */
import { defineCapability } from '../capability.ts';
import { ANNOUNCEMENT_EVENTS } from './events.ts';
import { DIGEST_TIMER, onDigestDue } from './installations.ts';
import { NOTICE_TIMER, onNoticeDue } from './notices.ts';

export { acknowledgeAnnouncement } from './acknowledge.ts';
export { announceRelease, cancelRelease, createAndAnnounceRelease, createRelease, rescheduleRelease } from './releases.ts';
export { reportInstallation } from './installations.ts';

export const announcements = defineCapability({
  name: 'announcements',
  events: ANNOUNCEMENT_EVENTS,
  timers: { [NOTICE_TIMER]: onNoticeDue, [DIGEST_TIMER]: onDigestDue },
});

export default announcements;
