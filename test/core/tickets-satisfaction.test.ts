/**
 * Satisfaction: the initiator rates a closed ticket once per closure (nobody else, never before the
 * closure), and the SLA report's satisfaction figures per org and month on a fixed set of ratings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { satisfactionReport } from '../../core/reports/index.ts';
import { approveClosure, changeTicketStatus, openTicket, rateTicket, reopenTicket, ticketRating } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';

describe.each(backends)('rating the support on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-10T10:00:00Z');

  /** A ticket of the contact's org, resolved and closed by its initiator at `closedAt`. */
  async function closedTicket(orgId: string, initiatorId: string, closedAt: string) {
    clock.set(closedAt);
    const ticket = await core.execute(openTicket, await actorOf(core, initiatorId), { orgId, title: 'Report is empty' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    await core.execute(approveClosure, await actorOf(core, initiatorId), { ticketId: ticket.id });
    return ticket;
  }

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('lets only the initiator rate, once per closure, and only once the ticket is closed', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Login loops' });
    await expect(core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 5 })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    await core.execute(approveClosure, await actorOf(core, cast.aContact.id), { ticketId: ticket.id });

    for (const other of [cast.aSecond.id, cast.aAdmin.id, cast.providerAgent.id]) {
      await expect(core.execute(rateTicket, await actorOf(core, other), { ticketId: ticket.id, score: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(core.execute(rateTicket, await actorOf(core, cast.bContact.id), { ticketId: ticket.id, score: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 6 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await core.read(ticketRating, await actorOf(core, cast.aContact.id), { ticketId: ticket.id })).toEqual({ rating: null, canRate: true });
    expect((await core.read(ticketRating, await actorOf(core, cast.aAdmin.id), { ticketId: ticket.id })).canRate).toBe(false);

    const rating = await core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 4, comment: '  Quick and clear ' });
    expect(rating).toMatchObject({ score: 4, comment: 'Quick and clear', raterId: cast.aContact.id });
    await expect(core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 5 })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await core.read(ticketRating, await actorOf(core, cast.aContact.id), { ticketId: ticket.id })).toMatchObject({
      rating: { score: 4, comment: 'Quick and clear' },
      canRate: false,
    });
  });

  it('keeps the rating as the last word: a closed ticket is not reopened, so it is not rated twice', async () => {
    const ticket = await closedTicket(cast.a.id, cast.aContact.id, '2026-11-03T09:00:00Z');
    await core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score: 5 });
    await expect(core.execute(reopenTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect((await core.read(ticketRating, await actorOf(core, cast.aContact.id), { ticketId: ticket.id })).canRate).toBe(false);
  });

  it("shows satisfaction per org and month: count, average and distribution of the month's closures", async () => {
    // November 2026 in Stockholm is 2026-10-31T23:00Z to 2026-11-30T23:00Z. Org a's closures this
    // month before this test: 4 (the first test) and 5 (the second). Added here: 2, 4, 5, 3 in
    // November, 1 on 30 Nov 23:30Z (1 December in Stockholm) and org b's 1 in November.
    for (const [closedAt, score] of [
      ['2026-11-05T10:00:00Z', 2],
      ['2026-11-12T10:00:00Z', 4],
      ['2026-11-20T10:00:00Z', 5],
      ['2026-11-30T22:59:00Z', 3],
      ['2026-11-30T23:30:00Z', 1],
    ] as const) {
      const ticket = await closedTicket(cast.a.id, cast.aContact.id, closedAt);
      await core.execute(rateTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, score });
    }
    const other = await closedTicket(cast.b.id, cast.bContact.id, '2026-11-15T10:00:00Z');
    await core.execute(rateTicket, await actorOf(core, cast.bContact.id), { ticketId: other.id, score: 1 });
    await closedTicket(cast.a.id, cast.aContact.id, '2026-11-16T10:00:00Z'); // closed, never rated

    // November: 4, 5, 2, 4, 5, 3 -> 6 ratings, (4+5+2+4+5+3)/6 = 23/6, one 2, one 3, two 4s, two 5s.
    const november = await core.read(satisfactionReport, await actorOf(core, cast.aAdmin.id), { orgId: cast.a.id, month: '2026-11' });
    expect(november).toEqual({ ratings: 6, average: 23 / 6, distribution: [0, 1, 1, 2, 2] });
    expect(await core.read(satisfactionReport, await actorOf(core, cast.aAdmin.id), { orgId: cast.a.id, month: '2026-12' })).toEqual({
      ratings: 1,
      average: 1,
      distribution: [1, 0, 0, 0, 0],
    });
    expect(await core.read(satisfactionReport, await actorOf(core, cast.providerAgent.id), { orgId: cast.b.id, month: '2026-11' })).toEqual({
      ratings: 1,
      average: 1,
      distribution: [1, 0, 0, 0, 0],
    });
    expect(await core.read(satisfactionReport, await actorOf(core, cast.aAdmin.id), { orgId: cast.a.id, month: '2026-10' })).toEqual({
      ratings: 0,
      average: null,
      distribution: [0, 0, 0, 0, 0],
    });
    await expect(core.read(satisfactionReport, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, month: '2026-11' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.read(satisfactionReport, await actorOf(core, cast.aAdmin.id), { orgId: cast.b.id, month: '2026-11' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
