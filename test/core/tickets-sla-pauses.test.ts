/**
 * The deeper SLA on a manual clock: the resolution clock stands still while a ticket awaits the
 * client (over a weekend and the Christmas holidays), its warning and breach timers move by the
 * paused working time, each pause and resume is on the ticket's chain where the client reads it;
 * an org's resolution target override produces its warning and breach.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, timers } from '../../db/schema.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { listAuditEvents } from '../../core/audit/index.ts';
import {
  DEFAULT_RESOLUTION_TARGETS,
  acceptSeverity,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  setResolutionTarget,
  ticketSlaState,
} from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';

describe.each(backends)('SLA pauses and resolution targets on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-12-23T13:00:00Z');
  const actionsOf = async (ticketId: string) =>
    (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId)).orderBy(asc(auditEvents.at), asc(auditEvents.seq))).map(
      (e) => e.action,
    );
  const pendingTimers = async (ticketId: string) =>
    (
      await core.database.db
        .select({ kind: timers.kind, dueAt: timers.dueAt })
        .from(timers)
        .where(and(like(timers.key, `ticket:${ticketId}:resolution-%`), eq(timers.status, 'pending')))
        .orderBy(asc(timers.dueAt))
    ).map((t) => `${t.kind}@${t.dueAt.toISOString()}`);
  const at = async (instant: string) => {
    clock.set(instant);
    await core.timers.runDue();
  };

  /** A ticket of `orgId` with `severity` agreed now by the provider on the client's proposal. */
  async function agreedTicket(orgId: string, contactId: string, severity: 'URGENT' | 'HIGH') {
    const ticket = await core.execute(openTicket, await actorOf(core, contactId), { orgId, title: 'Exports fail', proposedSeverity: severity });
    await core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
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

  it('has resolution targets for URGENT (one working day) and HIGH (ten), none for MEDIUM and LOW', () => {
    expect(DEFAULT_RESOLUTION_TARGETS).toEqual({
      URGENT: { minutes: 540, clock: 'working' },
      HIGH: { minutes: 5400, clock: 'working' },
      MEDIUM: { minutes: null, clock: 'working' },
      LOW: { minutes: null, clock: 'working' },
    });
  });

  it('stands the clock still while the ticket awaits the client over Christmas and a weekend, and moves the timers by the pause', async () => {
    // Wed 23 Dec 14:00 CET: URGENT agreed; one working day = 3 h today, then Julafton, Juldagen and
    // the weekend are closed, so 6 h on Mon 28 Dec: due 14:00 CET, warning (75%) at 11:45 CET.
    await at('2026-12-23T13:00:00Z');
    const ticket = await agreedTicket(cast.a.id, cast.aContact.id, 'URGENT');
    expect(await pendingTimers(ticket.id)).toEqual([
      'ticket.resolution_warning@2026-12-28T10:45:00.000Z',
      'ticket.resolution_breach@2026-12-28T13:00:00.000Z',
    ]);

    // 14:10 CET the provider asks the client: 10 working minutes used, 530 left; nothing is armed.
    await at('2026-12-23T13:10:00Z');
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
    expect(await pendingTimers(ticket.id)).toEqual([]);

    // The old warning and due times pass while paused: nothing fires.
    await at('2026-12-28T13:00:00Z');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.resolution_warned');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.resolution_breached');

    // Mon 28 Dec 14:00 CET the client answers: paused 170 min on Wednesday + 360 on Monday = 530
    // working minutes. 530 left from 14:00: 180 today, 350 on Tuesday -> Tue 13:50 CET; the warning
    // (395 left at the pause) -> Tue 11:35 CET.
    await core.execute(commentOnTicket, await actorOf(core, cast.aContact.id), { ticketId: ticket.id, body: 'Here are the logs' });
    expect(await pendingTimers(ticket.id)).toEqual([
      'ticket.resolution_warning@2026-12-29T10:35:00.000Z',
      'ticket.resolution_breach@2026-12-29T12:50:00.000Z',
    ]);
    const state = await core.read(ticketSlaState, await actorOf(core, cast.aContact.id), { ticketId: ticket.id });
    expect(state.pauses).toEqual([
      { pausedAt: new Date('2026-12-23T13:10:00Z'), resumedAt: new Date('2026-12-28T13:00:00Z'), pausedMinutes: 530 },
    ]);
    expect(state.resolution).toMatchObject({ pausedAt: null, pausedMinutes: 530, dueAt: new Date('2026-12-29T12:50:00Z') });

    await at('2026-12-29T10:34:00Z');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.resolution_warned');
    await at('2026-12-29T10:35:00Z');
    expect(await actionsOf(ticket.id)).toContain('ticket.resolution_warned');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.resolution_breached');
    await at('2026-12-29T12:50:00Z');
    expect((await actionsOf(ticket.id)).filter((a) => a === 'ticket.resolution_breached')).toHaveLength(1);

    // On the ticket's chain in order, where the org's admin reads it and the contact's streams carry it.
    const trail = await core.read(listAuditEvents, await actorOf(core, cast.aAdmin.id), { orgId: cast.a.id, subjectId: ticket.id, first: 100 });
    const actions = trail.events.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('ticket.sla_') || a.startsWith('ticket.resolution_'))).toEqual([
      'ticket.sla_paused',
      'ticket.sla_resumed',
      'ticket.resolution_warned',
      'ticket.resolution_breached',
    ]);
    const resumed = trail.events.find((e) => e.action === 'ticket.sla_resumed')!;
    expect(resumed.data).toMatchObject({ pausedAt: '2026-12-23T13:10:00.000Z', pausedMinutes: 530, resolutionDueAt: '2026-12-29T12:50:00.000Z' });
    const contact = await actorOf(core, cast.aContact.id);
    const stranger = await actorOf(core, cast.bAdmin.id);
    const asEvent = (e: (typeof trail.events)[number]) => ({
      id: Number(e.seq),
      orgId: e.orgId,
      type: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      payload: e.data as Record<string, unknown>,
      actorId: e.actorId,
      requestId: e.requestId,
      at: e.at.toISOString(),
    });
    for (const e of trail.events.filter((e) => e.action.startsWith('ticket.sla_'))) {
      expect(core.events.canRead(contact, asEvent(e))).toBe(true);
      expect(core.events.canRead(stranger, asEvent(e))).toBe(false);
    }
  });

  it('counts a pause that starts before the agreement from the moment the ticket moves on', async () => {
    await at('2027-01-04T08:00:00Z'); // Mon 09:00 CET
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Question', proposedSeverity: 'URGENT' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
    await core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
    expect(await pendingTimers(ticket.id)).toEqual([]);
    // Tue 10:00 CET the provider moves it on: the whole working day is still ahead, and Wed 6 Jan is
    // Trettondedag jul, so it ends Thursday 10:00 CET.
    await at('2027-01-05T09:00:00Z');
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'IN_PROGRESS' });
    expect(await pendingTimers(ticket.id)).toContain('ticket.resolution_breach@2027-01-07T09:00:00.000Z');
    expect(await actionsOf(ticket.id)).toEqual(expect.arrayContaining(['ticket.sla_paused', 'ticket.sla_resumed']));
  });

  it("uses an org's override: warning and breach at its own target, the other org keeps the default", async () => {
    await core.execute(setResolutionTarget, await actorOf(core, cast.providerAdmin.id), { orgId: cast.b.id, severity: 'HIGH', minutes: 240 });
    await expect(
      core.execute(setResolutionTarget, await actorOf(core, cast.bAdmin.id), { orgId: cast.b.id, severity: 'HIGH', minutes: 1 }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await at('2027-01-11T12:00:00Z'); // Mon 13:00 CET
    const extended = await agreedTicket(cast.b.id, cast.bContact.id, 'HIGH');
    const standard = await agreedTicket(cast.a.id, cast.aContact.id, 'HIGH');
    // 4 working hours: 13:00 -> 17:00 CET; the warning at 3 h -> 16:00 CET.
    expect(await pendingTimers(extended.id)).toEqual([
      'ticket.resolution_warning@2027-01-11T15:00:00.000Z',
      'ticket.resolution_breach@2027-01-11T16:00:00.000Z',
    ]);
    // Org a: ten working days: 4 h on Monday, 9 days, 5 h on Mon 25 Jan -> 13:00 CET.
    expect(await pendingTimers(standard.id)).toContain('ticket.resolution_breach@2027-01-25T12:00:00.000Z');

    await at('2027-01-11T15:00:00Z');
    expect(await actionsOf(extended.id)).toContain('ticket.resolution_warned');
    await at('2027-01-11T16:00:00Z');
    expect((await actionsOf(extended.id)).filter((a) => a === 'ticket.resolution_breached')).toHaveLength(1);
    expect(await actionsOf(standard.id)).not.toContain('ticket.resolution_warned');
  });

  it('meets the resolution target when the ticket is resolved: nothing fires afterwards', async () => {
    await at('2027-01-12T08:00:00Z');
    const ticket = await agreedTicket(cast.b.id, cast.bContact.id, 'HIGH');
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    expect(await pendingTimers(ticket.id)).toEqual([]);
    await at('2027-01-13T16:00:00Z');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.resolution_breached');
    const state = await core.read(ticketSlaState, await actorOf(core, cast.bContact.id), { ticketId: ticket.id });
    expect(state.resolution?.metAt).toEqual(new Date('2027-01-12T08:00:00Z'));
  });
});
