import { parseFeed } from '@rowanmanning/feed-parser';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { cancelMaintenance, declareIncident, postIncidentUpdate, rescheduleMaintenance, scheduleMaintenance } from '../../../core/incidents/index.ts';
import { createService } from '../../../core/status/index.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

const PUBLIC_URL = 'https://status.example.com';

describe.each(backends)('the status page feeds on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  const clock = new ManualClock('2026-12-05T12:30:00Z');
  let api: string;
  let internal: string;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock, env: { PUBLIC_URL } });
    api = (await server.core.execute(createService, operator(), { name: 'API', isPublic: true })).id;
    internal = (await server.core.execute(createService, operator(), { name: 'Billing worker', isPublic: false })).id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return { res, text: await res.text() };
  };

  it('gives an Atom feed with one entry per public incident and window, stable tag ids, and an updated that moves with each update', async () => {
    const outage = await server.core.execute(declareIncident, operator(), {
      title: 'API errors',
      impact: 'major',
      message: 'We are looking into failing API calls.',
      serviceIds: [api, internal],
    });
    await server.core.execute(declareIncident, operator(), { title: 'Worker backlog', impact: 'minor', message: 'Internal only.', serviceIds: [internal] });
    const window = await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Database upgrade',
      startsAt: new Date('2026-12-09T05:00:00Z'),
      endsAt: new Date('2026-12-09T06:00:00Z'),
      serviceIds: [api],
    });

    const first = await get('/status/feed.atom');
    expect(first.res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const before = parseFeed(first.text);
    expect(before.title).toBe('Provider status');
    const ids = before.items.map((i) => i.id);
    expect(ids.sort()).toEqual([`tag:status.example.com,2026:incident/${outage.id}`, `tag:status.example.com,2026:maintenance/${window.id}`].sort());
    const incidentEntry = () => before.items.find((i) => i.id!.includes(outage.id))!;
    expect(incidentEntry().title).toBe('[Investigating] API errors');
    expect(incidentEntry().updated?.toISOString()).toBe('2026-12-05T12:30:00.000Z');
    expect(incidentEntry().content).toContain('We are looking into failing API calls.');
    expect(incidentEntry().content).toContain('Affected: API.');
    for (const hidden of ['Worker backlog', 'Billing worker', 'Ann', 'Internal only', 'operator']) expect(first.text).not.toContain(hidden);

    clock.advance(20 * 60_000);
    await server.core.execute(postIncidentUpdate, operator(), { incidentId: outage.id, status: 'resolved', message: 'Fixed by a rollback.' });
    const after = parseFeed((await get('/status/feed.atom')).text);
    const resolved = after.items.find((i) => i.id === `tag:status.example.com,2026:incident/${outage.id}`)!;
    expect(resolved.title).toBe('[Resolved] API errors');
    expect(resolved.updated?.toISOString()).toBe('2026-12-05T12:50:00.000Z');
    expect(resolved.published?.toISOString()).toBe('2026-12-05T12:30:00.000Z');
    expect(resolved.content).toContain('Resolved: Fixed by a rollback.');
    expect(resolved.content).toContain('Investigating: We are looking into failing API calls.');
    // Newest change first.
    expect(after.items[0]!.id).toBe(resolved.id);
  });

  it('gives the maintenance windows as a calendar: one UID each, SEQUENCE rising with each reschedule, cancelled ones kept as CANCELLED', async () => {
    const moved = await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Network, core; switches',
      description: 'A long description that is certainly longer than seventy-five octets, so that its line is folded — with “UTF-8” åäö.',
      startsAt: new Date('2026-12-10T05:00:00Z'),
      endsAt: new Date('2026-12-10T06:00:00Z'),
      serviceIds: [api],
    });
    const dropped = await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Cache flush',
      startsAt: new Date('2026-12-11T05:00:00Z'),
      endsAt: new Date('2026-12-11T06:00:00Z'),
      serviceIds: [api],
    });
    const hidden = await server.core.execute(scheduleMaintenance, operator(), {
      title: 'Worker host swap',
      startsAt: new Date('2026-12-12T05:00:00Z'),
      endsAt: new Date('2026-12-12T06:00:00Z'),
      serviceIds: [internal],
    });
    const events = async () => {
      const { res, text } = await get('/status/maintenance.ics');
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
      const calendar = new ICAL.Component(ICAL.parse(text));
      return new Map(
        calendar.getAllSubcomponents('vevent').map((v) => {
          const event = new ICAL.Event(v);
          return [event.uid, { event, status: v.getFirstPropertyValue('status'), stamp: v.getFirstPropertyValue('dtstamp')?.toString() }] as const;
        }),
      );
    };
    const uid = (id: string) => `maintenance-${id}@status.example.com`;

    const first = await events();
    expect([...first.keys()]).not.toContain(uid(hidden.id));
    expect(first.get(uid(moved.id))).toMatchObject({ status: 'CONFIRMED' });
    expect(first.get(uid(moved.id))!.event.sequence).toBe(0);
    expect(first.get(uid(moved.id))!.event.summary).toBe('Maintenance: Network, core; switches');
    expect(first.get(uid(moved.id))!.event.description).toContain('with “UTF-8” åäö.');
    expect(first.get(uid(moved.id))!.event.startDate.toJSDate().toISOString()).toBe('2026-12-10T05:00:00.000Z');

    clock.advance(60_000);
    await server.core.execute(rescheduleMaintenance, operator(), { windowId: moved.id, startsAt: new Date('2026-12-10T07:00:00Z'), endsAt: new Date('2026-12-10T08:00:00Z') });
    clock.advance(60_000);
    await server.core.execute(rescheduleMaintenance, operator(), { windowId: moved.id, startsAt: new Date('2026-12-10T09:00:00Z'), endsAt: new Date('2026-12-10T10:00:00Z') });
    await server.core.execute(cancelMaintenance, operator(), { windowId: dropped.id, reason: 'not needed' });

    const later = await events();
    const movedNow = later.get(uid(moved.id))!;
    expect(movedNow.event.sequence).toBe(2);
    expect(movedNow.event.startDate.toJSDate().toISOString()).toBe('2026-12-10T09:00:00.000Z');
    expect(movedNow.stamp).toBe('2026-12-05T12:52:00Z');
    expect(later.get(uid(dropped.id))).toMatchObject({ status: 'CANCELLED' });
    expect(later.get(uid(dropped.id))!.event.sequence).toBe(1);
    expect([...later.keys()]).not.toContain(uid(hidden.id));

    // The cancellation is in the Atom feed too, and the internal window is not.
    const atom = parseFeed((await get('/status/feed.atom')).text);
    expect(atom.items.find((i) => i.id!.endsWith(`maintenance/${dropped.id}`))!.title).toBe('[Maintenance cancelled] Cache flush');
    expect(atom.items.some((i) => i.id!.endsWith(hidden.id))).toBe(false);
  });
});
