/**
 * App Home: one view per person, made of the sections each capability contributes (my open
 * tickets, what waits for my answer, announcements to acknowledge, ...). Published when the person
 * opens the Home tab, and again when a notifier rule asks for it (`{ kind: 'home', personId }`).
 */
import type { App } from '@slack/bolt';
import type { PersonActor } from '../../core/actor.ts';
import type { Host } from '../../server/door.ts';
import { actorOf, requestIdOf, type SlackDeps } from './context.ts';
import { section, type KnownBlock } from './kit/blocks.ts';

/** A capability's part of the Home tab; return [] when it has nothing for this person. */
export type HomeSection = (deps: Host, actor: PersonActor) => Promise<KnownBlock[]>;

/** Slack allows 100 blocks in a Home view. */
const MAX_HOME_BLOCKS = 100;

export async function homeView(deps: Host, actor: PersonActor, sections: readonly HomeSection[]) {
  const parts = await Promise.all(sections.map((render) => render(deps, actor)));
  let blocks = parts.filter((part) => part.length > 0).flatMap((part, i) => (i === 0 ? part : [{ type: 'divider' } as KnownBlock, ...part]));
  if (blocks.length === 0) blocks = [section(`*Nothing waits for you, ${actor.name}.*`)];
  return { type: 'home' as const, blocks: blocks.slice(0, MAX_HOME_BLOCKS) };
}

export function registerAppHome(app: App, deps: SlackDeps, sections: readonly HomeSection[]): void {
  app.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    const actor = actorOf(context);
    if (!actor) return;
    try {
      await client.views.publish({ user_id: event.user, view: await homeView(deps, actor, sections) });
    } catch (error) {
      deps.logger.warn({ err: error, requestId: requestIdOf(context) }, 'publishing App Home failed');
    }
  });
}
