/**
 * Sending one row of Slack work, and what to do when Slack says no.
 *
 * Cards: the first render is posted and its `ts` remembered in `slack_cards`; later renders edit it
 * with `chat.update` (a card deleted in Slack is posted again). Thread posts go under their card.
 * Home rows publish the person's App Home, rendered now.
 */
import { ErrorCode, type WebAPICallError, type WebClient } from '@slack/web-api';
import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../db/client.ts';
import { slackCards, type SlackOutboxRow } from '../../db/schema.ts';
import { actorForPerson } from '../../core/directory/identity.ts';
import type { GatewayDeps } from '../../gateway/server.ts';
import { homeView, type HomeSection } from '../home.ts';
import { cardOf, slackUsersOf } from './lookups.ts';
import type { KnownBlock } from './types.ts';

export type DeliveryOutcome =
  | { outcome: 'sent' }
  /** Try again after `afterMs`; `counts` is false when waiting is expected (a card not posted yet). */
  | { outcome: 'retry'; afterMs: number; reason: string; counts: boolean }
  | { outcome: 'failed'; reason: string };

export interface DeliveryDeps {
  client: WebClient;
  db: Db;
  teamId: string;
  gateway: GatewayDeps;
  homeSections?: HomeSection[];
  clock: Clock;
}

interface MessageBody {
  text: string;
  blocks?: KnownBlock[];
}

/** Platform errors worth another try; any other `ok: false` answer will not change by repeating. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export async function deliver(deps: DeliveryDeps, row: SlackOutboxRow): Promise<DeliveryOutcome> {
  try {
    switch (row.kind) {
      case 'card':
        return await deliverCard(deps, row, row.body as MessageBody);
      case 'post':
        return await deliverPost(deps, row, row.body as MessageBody);
      case 'home':
        return await deliverHome(deps, (row.body as { personId: string }).personId);
    }
  } catch (error) {
    return classify(error);
  }
}

async function deliverCard(deps: DeliveryDeps, row: SlackOutboxRow, body: MessageBody): Promise<DeliveryOutcome> {
  const cardKey = row.cardKey!;
  const posted = await cardOf(deps.db, cardKey);
  if (posted) {
    try {
      await deps.client.chat.update({ channel: posted.channel, ts: posted.ts, text: body.text, blocks: body.blocks ?? [] });
      return { outcome: 'sent' };
    } catch (error) {
      // Someone deleted the card in Slack: post it again rather than lose every later update.
      if (platformError(error) !== 'message_not_found') throw error;
    }
  }
  const result = await deps.client.chat.postMessage({ channel: posted?.channel ?? row.channel!, text: body.text, blocks: body.blocks ?? [] });
  const channel = result.channel ?? posted?.channel ?? row.channel!;
  const ts = result.ts!;
  await deps.db
    .insert(slackCards)
    .values({ cardKey, channel, ts })
    .onConflictDoUpdate({ target: slackCards.cardKey, set: { channel, ts, updatedAt: deps.clock.now() } });
  return { outcome: 'sent' };
}

async function deliverPost(deps: DeliveryDeps, row: SlackOutboxRow, body: MessageBody): Promise<DeliveryOutcome> {
  let threadTs: string | undefined;
  if (row.threadOf) {
    const card = await cardOf(deps.db, row.threadOf);
    // Lanes keep order, so the card's first post was sent (or given up) before this line: it failed.
    if (!card) return { outcome: 'failed', reason: `its card ${row.threadOf} was never posted` };
    threadTs = card.ts;
  }
  await deps.client.chat.postMessage({
    channel: row.channel!,
    text: body.text,
    ...(body.blocks ? { blocks: body.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
  });
  return { outcome: 'sent' };
}

async function deliverHome(deps: DeliveryDeps, personId: string): Promise<DeliveryOutcome> {
  const slackUser = (await slackUsersOf(deps.db, deps.teamId, [personId])).get(personId);
  if (!slackUser) return { outcome: 'failed', reason: 'the person has no Slack user' };
  const actor = await actorForPerson(deps.db, personId, 'slack', `home-${personId}`);
  if (!actor) return { outcome: 'failed', reason: 'the person is not in the directory' };
  await deps.client.views.publish({ user_id: slackUser, view: await homeView(deps.gateway, actor, deps.homeSections) });
  return { outcome: 'sent' };
}

function platformError(error: unknown): string | undefined {
  const coded = error as WebAPICallError & { data?: { error?: string } };
  return coded?.code === ErrorCode.PlatformError ? coded.data?.error : undefined;
}

/** Turn a Web API failure into: wait as told (rate limit), try again soon (transient), or give up. */
function classify(error: unknown): DeliveryOutcome {
  const coded = error as WebAPICallError & { retryAfter?: number; statusCode?: number };
  switch (coded?.code) {
    case ErrorCode.RateLimitedError:
      return { outcome: 'retry', afterMs: (coded.retryAfter ?? 1) * 1000, reason: 'rate limited by Slack', counts: false };
    case ErrorCode.RequestError:
      return { outcome: 'retry', afterMs: 1_000, reason: `Slack unreachable: ${(error as Error).message}`, counts: true };
    case ErrorCode.HTTPError:
      return (coded.statusCode ?? 500) >= 500
        ? { outcome: 'retry', afterMs: 1_000, reason: `Slack answered HTTP ${coded.statusCode}`, counts: true }
        : { outcome: 'failed', reason: `Slack answered HTTP ${coded.statusCode}` };
    case ErrorCode.PlatformError: {
      const reason = platformError(error) ?? 'unknown_error';
      return TRANSIENT_PLATFORM_ERRORS.has(reason)
        ? { outcome: 'retry', afterMs: 1_000, reason, counts: true }
        : { outcome: 'failed', reason };
    }
    default:
      // Our own bug (a database error, a rendering error): retrying may help after a restart; keep the reason.
      return { outcome: 'retry', afterMs: 5_000, reason: (error as Error)?.message ?? String(error), counts: true };
  }
}
