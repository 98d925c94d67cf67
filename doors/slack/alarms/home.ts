/** The alarms' part of App Home, for the people who answer alarms: what the core's `alarmsHome` gives them. */
import { alarmsHome } from '../../../core/alarms/index.ts';
import type { HomeSection } from '../home.ts';
import { alarmsHomeBlocks } from './presenters.ts';

export const alarmsHomeSection: HomeSection = async (deps, actor) => {
  const view = await deps.core.read(alarmsHome, actor, {});
  return view ? alarmsHomeBlocks(view, deps.core.clock.now()) : [];
};
