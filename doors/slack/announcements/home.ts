/** App Home: the announcements still waiting for this person's acknowledgement, each with its button. */
import { awaitingAcknowledgement } from '../../../core/announcements/queries.ts';
import type { HomeSection } from '../home.ts';
import { homeSectionBlocks } from './presenters.ts';

export const announcementsHomeSection: HomeSection = async (deps, actor) =>
  homeSectionBlocks(await awaitingAcknowledgement(deps.core.database.db, actor.id));
