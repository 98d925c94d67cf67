/** The delivery machinery the Slack notifier and the email door share: backoff, the horizon, rounds over lanes. */
import { describe, expect, it } from 'vitest';
import { backoffMs, retryOrGiveUp, sendRound } from '../../server/delivery/index.ts';

const HOUR = 3_600_000;

describe('backoff and the retry horizon', () => {
  it('waits at most a doubling ceiling, capped, and never less than the floor', () => {
    const policy = { firstMs: 1_000, capMs: 60_000, floorMs: 500 };
    expect([1, 2, 3, 4, 10, 40].map((attempts) => backoffMs(attempts, () => 1, policy))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000, 60_000]);
    expect(backoffMs(1, () => 0, policy)).toBe(500);
  });

  it('tries again before the horizon, and gives up once the row is older than it, saying for how long it failed', () => {
    const queuedAt = new Date('2026-11-23T09:00:00Z');
    const early = retryOrGiveUp({ queuedAt, attempts: 3, now: queuedAt.getTime() + HOUR, horizonMs: 72 * HOUR, reason: 'down' });
    expect(early.retry).toBe(true);
    if (early.retry) expect(early.notBefore.getTime()).toBeGreaterThan(queuedAt.getTime() + HOUR);
    const told = retryOrGiveUp({ queuedAt, attempts: 3, now: queuedAt.getTime(), horizonMs: HOUR, reason: 'rate limited', afterMs: 7_000 });
    expect(told).toEqual({ retry: true, notBefore: new Date(queuedAt.getTime() + 7_000), delayMs: 7_000 });
    expect(retryOrGiveUp({ queuedAt, attempts: 40, now: queuedAt.getTime() + 72 * HOUR, horizonMs: 72 * HOUR, reason: 'down' })).toEqual({
      retry: false,
      waitedMs: 72 * HOUR,
      detail: 'still failing after 72 h and 40 attempts: down',
    });
  });
});

describe('a round over lanes', () => {
  it('sends every ready head, holds the waiting ones, and says when the first of them may go', async () => {
    const sent: string[] = [];
    const heads = [
      { lane: 'a', at: 0 },
      { lane: 'b', at: 5_000 },
      { lane: 'c', at: 0 },
      { lane: 'd', at: 3_000 },
    ];
    const result = await sendRound({
      heads,
      now: 1_000,
      readyAt: (h) => h.at,
      send: async (h) => void sent.push(h.lane),
      maxLanes: 10,
      parallel: 2,
    });
    expect(sent.sort()).toEqual(['a', 'c']);
    expect(result).toEqual({ sent: 2, wakeAt: 3_000 });
  });

  it('sends at most maxLanes heads in one round, prepared first', async () => {
    const sent: string[] = [];
    const result = await sendRound({
      heads: ['a', 'b', 'c'],
      now: 0,
      readyAt: () => 0,
      prepare: async (h) => h.toUpperCase(),
      send: async (h) => void sent.push(h),
      maxLanes: 2,
      parallel: 1,
    });
    expect(sent).toEqual(['A', 'B']);
    expect(result.sent).toBe(2);
  });
});
