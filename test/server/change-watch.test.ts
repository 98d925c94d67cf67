/**
 * The watch behind live status pages (server/change-watch.ts), on the in-process bus: a burst of
 * relevant events costs one read, an answer equal to the last one (but for when it was made) is no
 * change, irrelevant events read nothing, and a closed watch reads and tells nothing more.
 */
import { describe, expect, it } from 'vitest';
import { InProcessEventBus, type DomainEvent } from '../../core/events/bus.ts';
import { pageFingerprint, watchChanges } from '../../server/change-watch.ts';

const event = (id: number, type: string): DomainEvent => ({
  id,
  orgId: null,
  type,
  subjectType: 'probe',
  subjectId: 'p',
  payload: {},
  actorId: 'test',
  requestId: 'test',
  at: new Date().toISOString(),
});

function setup() {
  const bus = new InProcessEventBus((error) => {
    throw error;
  });
  let page = { generatedAt: new Date(), state: 'operational' };
  let reads = 0;
  const told: string[] = [];
  const watch = watchChanges({
    bus,
    relevant: (e) => e.type === 'probe.down',
    read: async () => {
      reads += 1;
      return { ...page, generatedAt: new Date() };
    },
    fingerprint: (value) => pageFingerprint(value),
    onChange: (value) => told.push(value.state),
    onError: (error) => {
      throw error;
    },
  });
  const publish = (...events: DomainEvent[]) => bus.publishCommitted(events);
  // The bus delivers on the next turn: wait for it before asking whether the watch is settled.
  const delivered = () => new Promise((resolve) => setImmediate(resolve));
  return { watch, publish, delivered, reads: () => reads, told, change: (state: string) => (page = { ...page, state }) };
}

describe('watching for changes of a page', () => {
  it('reads a burst of relevant events once, and tells only a real change', async () => {
    const t = setup();
    await t.watch.prime();
    expect(t.reads()).toBe(1);
    t.change('down');
    t.publish(...Array.from({ length: 50 }, (_, i) => event(i, 'probe.down')));
    await t.delivered();
    await t.watch.settled();
    expect(t.reads()).toBe(2);
    expect(t.told).toEqual(['down']);

    // The same page again (only generatedAt differs): read, not told.
    t.publish(event(100, 'probe.down'));
    await t.delivered();
    await t.watch.settled();
    expect(t.reads()).toBe(3);
    expect(t.told).toEqual(['down']);
    t.watch.close();
  });

  it('reads nothing for events that cannot change the page, and nothing once closed', async () => {
    const t = setup();
    await t.watch.prime();
    t.publish(event(1, 'heartbeat.beat'), event(2, 'ticket.opened'));
    await t.delivered();
    await t.watch.settled();
    expect(t.reads()).toBe(1);
    t.watch.close();
    t.change('down');
    t.publish(event(3, 'probe.down'));
    await t.delivered();
    await t.watch.settled();
    expect(t.reads()).toBe(1);
    expect(t.told).toEqual([]);
  });
});
