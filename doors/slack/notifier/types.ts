/**
 * The Slack notifier's contract with the capabilities.
 *
 * A capability never posts to Slack from a command or a listener's follow-up. It states, in a
 * `NotifierRule`, what Slack should show after one of its domain events has committed; the notifier
 * runs each rule once cluster-wide per event, stores the output as durable rows, and sends them in
 * order per channel at Slack's pace, retrying passing failures for a long horizon (24 h by default). A crash between commit
 * and send loses nothing: the event is re-read and the rows re-sent.
 */
import type { DomainEvent } from '../../../core/events/bus.ts';
import type { Logger } from '../../../core/observability.ts';
import type { Query } from '../../../core/query.ts';
import type { z } from 'zod';

import type { KnownBlock } from '../kit/blocks.ts';

export type { KnownBlock };

/**
 * A message kept up to date: posted the first time, edited in place (`chat.update`) every time
 * after. Later renders of one card key fold: only the newest pending render is sent.
 */
export interface CardOutput {
  kind: 'card';
  /** Names the card for good, e.g. `ticket:<id>`, `alarm:<id>`. */
  cardKey: string;
  /** Where the card is posted the first time; a card does not move afterwards. */
  channel: string;
  text: string;
  blocks: KnownBlock[];
}

/** A new message in a channel, in a DM (`channel` is then a Slack user id), or in a card's thread. */
export interface PostOutput {
  kind: 'post';
  /** A channel id or a Slack user id; may be left out when `threadOf` names the card. */
  channel?: string;
  /** Post in the thread of this card (in the card's channel); waits for the card to exist. */
  threadOf?: string;
  text: string;
  blocks?: KnownBlock[];
  /**
   * A page: it calls a person to act now (an alarm's DM). A page Slack has not taken 60 s after it
   * was queued is counted and shows the Slack door degraded on `/readyz`.
   */
  page?: boolean;
}

/** Publish a person's App Home again (the sections are rendered when it is sent). */
export interface HomeOutput {
  kind: 'home';
  personId: string;
}

export type SlackOutput = CardOutput | PostOutput | HomeOutput;

export interface NotifierContext {
  /**
   * Run a core query as the notifier (opsdesk's system actor of the Slack door). Rules read the
   * current state only through core queries, never the database.
   */
  read<S extends z.ZodTypeAny, R>(query: Query<S, R>, input: z.input<S>): Promise<R>;
  /** Where a card was posted, once it has been (its rule links notices to it). */
  cardOf(cardKey: string): Promise<{ channel: string; ts: string } | undefined>;
  /** The provider's Slack team id (channel links and Slack identities are stored under it). */
  teamId: string;
  logger: Logger;
}

/**
 * Turns one committed domain event into Slack output; returns [] for events it does not handle.
 * Render from the current state in the database (not only the event's payload), so a card shows
 * the latest truth even when renders fold.
 */
export type NotifierRule = (event: DomainEvent, ctx: NotifierContext) => Promise<SlackOutput[]>;
