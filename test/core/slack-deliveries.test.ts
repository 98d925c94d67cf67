import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimSlackDelivery, pruneSlackDeliveries } from '../../core/directory/slack-deliveries.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';

describe.each(backends)('Slack delivery keys on %s', (backend) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('are claimed once, and pruned after a day so the table does not grow forever', async () => {
    expect(await claimSlackDelivery(db.database.db, 'event:Ev1')).toBe(true);
    expect(await claimSlackDelivery(db.database.db, 'event:Ev1')).toBe(false);
    expect(await pruneSlackDeliveries(db.database.db, new Date())).toBe(0);
    expect(await pruneSlackDeliveries(db.database.db, new Date(Date.now() + 25 * 3_600_000))).toBe(1);
    expect(await claimSlackDelivery(db.database.db, 'event:Ev1')).toBe(true);
  });
});
