/**
 * Production access on App Home: the requests waiting for this person's decision (Approve / Deny),
 * and their own open requests and grants (Cancel / End now), from one core read model that
 * decides what the person may see and act on.
 */
import { accessHome } from '../../../core/access/index.ts';
import type { HomeSection } from '../home.ts';
import { deciderAudience, homeAccessBlocks } from './presenters.ts';

/** Each request takes two blocks; Slack allows 100 in the whole view. */
const SHOWN = 10;

export const accessHomeSection: HomeSection = async (deps, actor) => {
  const home = await deps.core.read(accessHome, actor, { limit: SHOWN });
  const audience = deciderAudience(home.side);
  return [
    ...homeAccessBlocks('Access requests waiting for your decision', home.awaiting.map((view) => ({ view, audience }))),
    ...homeAccessBlocks('Your production access', home.mine.map((view) => ({ view, audience: 'requester' as const }))),
  ];
};
