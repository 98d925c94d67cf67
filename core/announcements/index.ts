/** Upgrade announcements: releases, their announcement to client orgs, acknowledgements, and installations' compliance. */
import type { Core } from '../core.ts';
import { ANNOUNCEMENT_EVENTS } from './events.ts';
import { DIGEST_TIMER, onDigestDue } from './installations.ts';
import { NOTICE_TIMER, onNoticeDue } from './notices.ts';

export { acknowledgeAnnouncement } from './acknowledge.ts';
export { announceRelease, cancelRelease, createAndAnnounceRelease, createRelease, rescheduleRelease } from './releases.ts';
export { reportInstallation } from './installations.ts';

export function registerAnnouncements(core: Core): void {
  core.events.declare(ANNOUNCEMENT_EVENTS);
  core.timers.register(NOTICE_TIMER, onNoticeDue);
  core.timers.register(DIGEST_TIMER, onDigestDue);
}
