/**
 * The Slack door's store: the only door code that writes to the database, and only the `slack_*`
 * tables (delivery keys, cards, the notifier's queue). Everything else the door reads or changes goes
 * through the core's queries and commands.
 */
import type { Db } from '../../../db/client.ts';
import { Cards } from './cards.ts';
import { DeliveryKeys } from './deliveries.ts';
import { Outbox } from './outbox.ts';

export class SlackStore {
  readonly deliveries: DeliveryKeys;
  readonly cards: Cards;
  readonly outbox: Outbox;

  constructor(db: Db) {
    this.deliveries = new DeliveryKeys(db);
    this.cards = new Cards(db);
    this.outbox = new Outbox(db, this.cards);
  }
}

export type { CardPlace } from './cards.ts';
export type { SlackOutboxRow } from '../../../db/schema.ts';
/** The transaction a store write joins (the notifier's cursor moves in it). */
export type { Tx as StoreTransaction } from '../../../db/client.ts';
export { PAGE_LATE_AFTER_MS, type OutboxInsert } from './outbox.ts';
export { SLACK_DELIVERY_RETENTION_MS } from './deliveries.ts';
