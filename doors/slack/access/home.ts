/**
 * Production access on App Home: the requests waiting for this person's decision (Approve / Deny),
 * and their own open requests and grants (Cancel / End now). Both lists come from core queries
 * that decide what the person may see.
 */
import { awaitingDecisionBy, openRequestsOf } from '../../../core/access/index.ts';
import type { HomeSection } from '../home.ts';
import { homeAccessBlocks, type CardAudience } from './presenters.ts';
import { accessCardViews } from './views.ts';

/** Each request takes two blocks; Slack allows 100 in the whole view. */
const SHOWN = 10;

export const accessHomeSection: HomeSection = async (deps, actor) => {
  const { db } = deps.core.database;
  const [waiting, mine] = await Promise.all([awaitingDecisionBy(db, actor, SHOWN), openRequestsOf(db, actor.id, SHOWN)]);
  const [waitingViews, mineViews] = await Promise.all([accessCardViews(db, waiting), accessCardViews(db, mine)]);
  // A client admin decides for the client; anyone else who may decide is a provider approver.
  const audienceOf = (orgId: string): CardAudience => (actor.memberships.some((m) => m.orgId === orgId) ? 'admin' : 'approver');
  return [
    ...homeAccessBlocks('Access requests waiting for your decision', waitingViews.map((view) => ({ view, audience: audienceOf(view.request.orgId) }))),
    ...homeAccessBlocks('Your production access', mineViews.map((view) => ({ view, audience: 'requester' as const }))),
  ];
};
