/** App Home: the announcements still waiting for this person's acknowledgement, each with its button. */
import { pendingAcknowledgements } from '../../../core/announcements/index.ts';
import type { HomeSection } from '../home.ts';
import { homeSectionBlocks } from './presenters.ts';

export const announcementsHomeSection: HomeSection = async (deps, actor) =>
  homeSectionBlocks(await deps.core.read(pendingAcknowledgements, actor, {}));
