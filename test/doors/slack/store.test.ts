import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStore } from '../../../doors/slack/store/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';

describe.each(backends)("the Slack door's store on %s", (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('claims a delivery key once, and prunes keys after a day so the table does not grow forever', async () => {
    const { deliveries } = new SlackStore(db.database.db);
    expect(await deliveries.claim('event:Ev1')).toBe(true);
    expect(await deliveries.claim('event:Ev1')).toBe(false);
    expect(await deliveries.prune(new Date())).toBe(0);
    expect(await deliveries.prune(new Date(Date.now() + 25 * 3_600_000))).toBe(1);
    expect(await deliveries.claim('event:Ev1')).toBe(true);
  });

  it('remembers where a card is, and which card a message is', async () => {
    const { cards } = new SlackStore(db.database.db);
    expect(await cards.placeOf('ticket:1')).toBeUndefined();
    await cards.remember('ticket:1', { channel: 'C1', ts: '1.000' }, new Date());
    expect(await cards.placeOf('ticket:1')).toEqual({ channel: 'C1', ts: '1.000' });
    expect(await cards.keyAt('C1', '1.000')).toBe('ticket:1');
    // Posted again after someone deleted it in Slack: the new message is the card.
    await cards.remember('ticket:1', { channel: 'C1', ts: '2.000' }, new Date());
    expect(await cards.keyAt('C1', '1.000')).toBeUndefined();
    expect(await cards.keyAt('C1', '2.000')).toBe('ticket:1');
  });
});
