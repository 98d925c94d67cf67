/**
 * Sending one row of Slack work, and what to do when Slack says no.
 *
 * Cards: the first render is posted and its `ts` remembered in `slack_cards`; later renders edit it
 * with `chat.update` (a card deleted in Slack is posted again). Thread posts go under their card.
 * Home rows publish the person's App Home, rendered now.
 */
import { ErrorCode, type WebAPICallError, type WebClient } from '@slack/web-api';
import type { Clock } from '../../../core/clock.ts';
import type { SlackOutboxRow } from '../store/index.ts';
import { actorOfPerson, slackUsers } from '../../../core/directory/index.ts';
import type { Host } from '../../../server/door.ts';
import { homeView, type HomeSection } from '../home.ts';
import type { SlackStore } from '../store/index.ts';
import type { KnownBlock, NotifierContext } from './types.ts';

export type DeliveryOutcome =
  | { outcome: 'sent' }
  /**
   * Not now: Slack could not take it for a passing reason (`cause: 'slack'`), or our own code failed
   * on the way (`cause: 'ours'`: a database or rendering error). `afterMs` is set when Slack said how
   * long to wait (a rate limit); otherwise the notifier backs off.
   */
  | { outcome: 'retry'; cause: 'slack' | 'ours'; reason: string; afterMs?: number }
  /**
   * Never: Slack refused it for a reason repeating will not change. `reason` is a short code (Slack's
   * error, `http_404`, ...) that the metric counts by; `detail` says more in the log.
   */
  | { outcome: 'refused'; reason: string; detail?: string };

export interface DeliveryDeps {
  client: WebClient;
  store: SlackStore;
  /** Core queries as the notifier. */
  read: NotifierContext['read'];
  teamId: string;
  host: Host;
  homeSections: readonly HomeSection[];
  clock: Clock;
}

interface MessageBody {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * Platform errors (`ok: false`) that say Slack could not take the call now; every other one will not
 * change by repeating (invalid_blocks, channel_not_found, not_in_channel, account_inactive, ...).
 */
const PASSING_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'rate_limited']);

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
  const posted = await deps.store.cards.placeOf(cardKey);
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
  await deps.store.cards.remember(cardKey, { channel, ts: result.ts! }, deps.clock.now());
  return { outcome: 'sent' };
}

async function deliverPost(deps: DeliveryDeps, row: SlackOutboxRow, body: MessageBody): Promise<DeliveryOutcome> {
  let threadTs: string | undefined;
  if (row.threadOf) {
    const card = await deps.store.cards.placeOf(row.threadOf);
    // Lanes keep order, so the card's first post was sent (or given up) before this line: it failed.
    if (!card) return { outcome: 'refused', reason: 'card_never_posted', detail: `its card ${row.threadOf} was never posted` };
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
  const slackUser = (await deps.read(slackUsers, { teamId: deps.teamId, personIds: [personId] })).get(personId);
  if (!slackUser) return { outcome: 'refused', reason: 'no_slack_user', detail: 'the person has no Slack user' };
  const actor = await deps.read(actorOfPerson, { personId, door: 'slack', requestId: `home-${personId}` });
  if (!actor) return { outcome: 'refused', reason: 'person_not_in_directory', detail: 'the person is not in the directory' };
  await deps.client.views.publish({ user_id: slackUser, view: await homeView(deps.host, actor, deps.homeSections) });
  return { outcome: 'sent' };
}

function platformError(error: unknown): string | undefined {
  const coded = error as WebAPICallError & { data?: { error?: string } };
  return coded?.code === ErrorCode.PlatformError ? coded.data?.error : undefined;
}

/**
 * Turn a failure into: wait as Slack says (a rate limit), try again later (Slack unreachable, HTTP
 * 5xx, 408, 429, a passing platform error; or our own error), or give up (anything else Slack says).
 */
export function classify(error: unknown): DeliveryOutcome {
  const coded = error as WebAPICallError & { retryAfter?: number; statusCode?: number };
  switch (coded?.code) {
    case ErrorCode.RateLimitedError:
      return { outcome: 'retry', cause: 'slack', reason: 'rate limited by Slack', afterMs: (coded.retryAfter ?? 1) * 1000 };
    case ErrorCode.RequestError:
      return { outcome: 'retry', cause: 'slack', reason: `Slack unreachable: ${(error as Error).message}` };
    case ErrorCode.HTTPError: {
      const status = coded.statusCode ?? 500;
      return status >= 500 || status === 408 || status === 429
        ? { outcome: 'retry', cause: 'slack', reason: `Slack answered HTTP ${status}` }
        : { outcome: 'refused', reason: `http_${status}`, detail: `Slack answered HTTP ${status}` };
    }
    case ErrorCode.PlatformError: {
      const reason = platformError(error) ?? 'unknown_error';
      return PASSING_PLATFORM_ERRORS.has(reason) ? { outcome: 'retry', cause: 'slack', reason } : { outcome: 'refused', reason: metricSafe(reason), detail: reason };
    }
    default:
      // Our own bug (a database error, a rendering error): it may pass (a restart, a fix); keep the reason.
      return { outcome: 'retry', cause: 'ours', reason: (error as Error)?.message ?? String(error) };
  }
}

/** Slack's error codes are short snake_case words; anything else is not fit for a metric label. */
function metricSafe(reason: string): string {
  return /^[a-z0-9_]{1,64}$/.test(reason) ? reason : 'other';
}
