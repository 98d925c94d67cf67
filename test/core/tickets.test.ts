import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, tickets, timers } from '../../db/schema.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { removePersonFromOrgForTest } from '../support/tickets-db.ts';
import {
  acceptSeverity,
  approveClosure,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  proposeSeverity,
  reopenTicket,
  setSlaTarget,
} from '../../core/tickets/index.ts';
import { getTicket, listComments, listTickets, ticketByKey } from '../../core/tickets/index.ts';
import { peopleOnCall } from '../../core/alarms/index.ts';
import { createSchedule } from '../../core/alarms/index.ts';
import { makePerson } from '../support/server.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';

describe.each(backends)('tickets on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const as = (p: { id: string }) => actorOf(core, p.id);
  const eventsOf = (ticketId: string) =>
    core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId)).orderBy(auditEvents.at, auditEvents.seq);
  const open = async (extra: Record<string, unknown> = {}) =>
    core.execute(openTicket, await as(cast.aContact), { orgId: cast.a.id, title: 'Reports are empty', description: 'Since this morning', kind: 'incident', ...extra });

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('numbers tickets per org with a human key made of the org slug', async () => {
    const first = await open();
    const second = await open({ title: 'Second' });
    expect(first.key).toBe(`${cast.a.slug.toUpperCase()}-${first.number}`);
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: 'RECEIVED', initiatorId: cast.aContact.id, severity: null });
    const other = await core.execute(openTicket, await as(cast.bContact), { orgId: cast.b.id, title: 'B one' });
    expect(other.number).toBe(1);
  });

  it('runs the whole lifecycle: propose, accept, take, ask, reply, resolve, approve', async () => {
    const ticket = await open({ proposedSeverity: 'HIGH' });
    expect(ticket).toMatchObject({ proposedSeverity: 'HIGH', proposedBySide: 'client' });
    const agent = await as(cast.providerAgent);
    await expect(core.execute(acceptSeverity, await as(cast.aContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const countered = await core.execute(proposeSeverity, agent, { ticketId: ticket.id, severity: 'MEDIUM' });
    expect(countered).toMatchObject({ proposedSeverity: 'MEDIUM', proposedBySide: 'provider', severity: null });
    const agreed = await core.execute(acceptSeverity, await as(cast.aContact), { ticketId: ticket.id, severity: 'MEDIUM' });
    expect(agreed).toMatchObject({ severity: 'MEDIUM', proposedSeverity: null, severityAgreedAt: clock.now() });
    const taken = await core.execute(assignTicket, agent, { ticketId: ticket.id });
    expect(taken).toMatchObject({ assigneeId: cast.providerAgent.id, status: 'IN_PROGRESS', firstResponseAt: clock.now() });
    await core.execute(changeTicketStatus, agent, { ticketId: ticket.id, status: 'AWAITING_CLIENT' });
    const replied = await core.execute(commentOnTicket, await as(cast.aContact), { ticketId: ticket.id, body: 'Here are the logs' });
    expect(replied.ticket.status).toBe('IN_PROGRESS');
    await core.execute(changeTicketStatus, agent, { ticketId: ticket.id, status: 'RESOLVED' });
    const closed = await core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id });
    expect(closed.status).toBe('CLOSED');
    const actions = (await eventsOf(ticket.id)).map((e) => e.action);
    expect(actions).toEqual([
      'ticket.opened',
      'ticket.severity_proposed',
      'ticket.severity_proposed',
      'ticket.severity_agreed',
      'ticket.assigned',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.commented',
      'ticket.status_changed',
      'ticket.status_changed',
      'ticket.closed',
    ]);
  });

  it("takes a proposal of what the other side proposed as agreement", async () => {
    const ticket = await open({ proposedSeverity: 'HIGH' });
    const agreed = await core.execute(proposeSeverity, await as(cast.providerAgent), { ticketId: ticket.id, severity: 'HIGH' });
    expect(agreed).toMatchObject({ severity: 'HIGH', proposedSeverity: null, proposedBySide: null });
    expect((await eventsOf(ticket.id)).map((e) => e.action)).toEqual(['ticket.opened', 'ticket.severity_proposed', 'ticket.severity_agreed']);
  });

  it('refuses a second click on the same button without a second effect', async () => {
    const ticket = await open({ proposedSeverity: 'LOW' });
    const agent = await as(cast.providerAgent);
    await core.execute(acceptSeverity, agent, { ticketId: ticket.id });
    await expect(core.execute(acceptSeverity, agent, { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await core.execute(assignTicket, agent, { ticketId: ticket.id });
    await expect(core.execute(assignTicket, agent, { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await core.execute(changeTicketStatus, agent, { ticketId: ticket.id, status: 'RESOLVED' });
    await expect(core.execute(changeTicketStatus, agent, { ticketId: ticket.id, status: 'RESOLVED' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id });
    await expect(core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    const counts = (await eventsOf(ticket.id)).map((e) => e.action);
    expect(counts.filter((a) => a === 'ticket.closed')).toHaveLength(1);
    expect(counts.filter((a) => a === 'ticket.assigned')).toHaveLength(1);
  });

  it('opens one ticket for one idempotency key', async () => {
    await open({ idempotencyKey: 'view-123' });
    await expect(open({ idempotencyKey: 'view-123' })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already opened/) });
    const rows = await core.database.db.select().from(tickets).where(eq(tickets.idempotencyKey, 'view-123'));
    expect(rows).toHaveLength(1);
  });

  it('takes a Slack message as a comment once', async () => {
    const ticket = await open();
    const contact = await as(cast.aContact);
    await core.execute(commentOnTicket, contact, { ticketId: ticket.id, body: 'hello', externalRef: '1700000000.000100' });
    await expect(core.execute(commentOnTicket, contact, { ticketId: ticket.id, body: 'hello', externalRef: '1700000000.000100' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await core.read(listComments, contact, { ticketId: ticket.id })).toHaveLength(1);
  });

  describe('bad input is refused with a code and nothing written', () => {
    it('refuses the client a provider transition, naming what the client can do', async () => {
      const ticket = await open();
      await expect(core.execute(changeTicketStatus, await as(cast.aContact), { ticketId: ticket.id, status: 'IN_PROGRESS' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/reply, approve the closure or reopen/),
      });
      await expect(core.execute(assignTicket, await as(cast.aContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await eventsOf(ticket.id)).map((e) => e.action)).toEqual(['ticket.opened']);
    });

    it('refuses closing through a status change, and illegal moves', async () => {
      const ticket = await open();
      const agent = await as(cast.providerAgent);
      await expect(core.execute(changeTicketStatus, agent, { ticketId: ticket.id, status: 'CLOSED' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(core.execute(reopenTicket, await as(cast.aContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await expect(core.execute(acceptSeverity, agent, { ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    });

    it('lets only the initiator approve or reopen while they are a member', async () => {
      const ticket = await open();
      await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
      await expect(core.execute(approveClosure, await as(cast.aSecond), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.execute(approveClosure, await as(cast.aAdmin), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(core.execute(approveClosure, await as(cast.providerAgent), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const reopened = await core.execute(reopenTicket, await as(cast.aContact), { ticketId: ticket.id, reason: 'still empty' });
      expect(reopened.status).toBe('IN_PROGRESS');
    });

    it('lets a client admin approve when the initiator has left the org', async () => {
      const leaver = await (await import('../support/server.ts')).makePerson(core, cast.a.id, ['contact']);
      const ticket = await core.execute(openTicket, await as(leaver), { orgId: cast.a.id, title: 'Left behind' });
      await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
      await removePersonFromOrgForTest(core, leaver.id, cast.a.id);
      await expect(core.execute(approveClosure, await as(cast.aSecond), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect((await core.execute(approveClosure, await as(cast.aAdmin), { ticketId: ticket.id })).status).toBe('CLOSED');
    });

    it("treats another org's ticket exactly like a missing one", async () => {
      const ticket = await open();
      const other = await as(cast.bContact);
      const missing = '00000000-0000-4000-8000-000000000000';
      for (const id of [ticket.id, missing, 'not-a-uuid']) {
        await expect(core.execute(commentOnTicket, other, { ticketId: id, body: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'ticket not found' });
        await expect(core.read(getTicket, other, { id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'ticket not found' });
      }
      await expect(core.read(ticketByKey, other, { key: ticket.key })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(core.execute(openTicket, other, { orgId: cast.a.id, title: 'sneaky' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const list = await core.read(listTickets, other, { orgId: cast.a.id });
      expect(list.nodes).toEqual([]);
    });

    it('refuses malformed input naming the field', async () => {
      await expect(open({ title: '  ' })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fields: { title: expect.any(String) } } });
      await expect(open({ kind: 'rant' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(open({ proposedSeverity: 'CRITICAL' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('refuses a ticket on the provider org', async () => {
      await expect(core.execute(openTicket, await as(cast.providerAgent), { orgId: core.providerId!, title: 'x' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });
  });

  it('lists tickets newest first with filters and cursors, each side seeing its own', async () => {
    const agent = await as(cast.providerAgent);
    const page1 = await core.read(listTickets, agent, { orgId: cast.a.id, first: 2 });
    expect(page1.nodes).toHaveLength(2);
    expect(page1.hasNextPage).toBe(true);
    const page2 = await core.read(listTickets, agent, { orgId: cast.a.id, first: 2, after: page1.endCursor! });
    expect(page2.nodes[0]!.seq).toBeLessThan(page1.nodes[1]!.seq);
    const closed = await core.read(listTickets, agent, { status: ['CLOSED'] });
    expect(closed.nodes.every((t) => t.status === 'CLOSED')).toBe(true);
    const bList = await core.read(listTickets, await as(cast.bContact), {});
    expect(bList.nodes.every((t) => t.orgId === cast.b.id)).toBe(true);
    await expect(core.read(listTickets, agent, { first: 10, after: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  describe('the response clock', () => {
    it('starts an URGENT clock at agreement, warns at 75% and breaches at 30 minutes', async () => {
      const ticket = await open({ proposedSeverity: 'URGENT' });
      clock.advance(10 * 60_000); // before agreement nothing runs
      const agreed = await core.execute(acceptSeverity, await as(cast.providerAgent), { ticketId: ticket.id });
      expect(agreed.slaDueAt).toEqual(new Date(clock.now().getTime() + 30 * 60_000));
      clock.advance(22 * 60_000);
      await core.timers.runDue();
      expect((await eventsOf(ticket.id)).map((e) => e.action)).not.toContain('ticket.sla_warned');
      clock.advance(30_000);
      await core.timers.runDue();
      expect((await eventsOf(ticket.id)).map((e) => e.action)).toContain('ticket.sla_warned');
      clock.advance(8 * 60_000);
      await core.timers.runDue();
      const breached = await core.read(getTicket, operator(), { id: ticket.id });
      expect(breached.slaBreachedAt).toEqual(clock.now());
      const onlyBreached = await core.read(listTickets, operator(), { orgId: cast.a.id, slaBreached: true });
      expect(onlyBreached.nodes.map((t) => t.id)).toEqual([ticket.id]);
    });

    it('stops the clock at the first provider comment', async () => {
      const ticket = await open({ proposedSeverity: 'URGENT' });
      await core.execute(acceptSeverity, await as(cast.providerAgent), { ticketId: ticket.id });
      await core.execute(commentOnTicket, await as(cast.providerAgent), { ticketId: ticket.id, body: 'Looking now' });
      const pending = await core.database.db
        .select()
        .from(timers)
        .where(and(like(timers.key, `ticket:${ticket.id}:sla-%`), eq(timers.status, 'pending')));
      expect(pending).toEqual([]);
      clock.advance(3_600_000);
      await core.timers.runDue();
      expect((await eventsOf(ticket.id)).map((e) => e.action)).not.toContain('ticket.sla_breached');
    });

    it('recomputes from a new agreement when the severity changes', async () => {
      const ticket = await open({ proposedSeverity: 'URGENT' });
      await core.execute(acceptSeverity, await as(cast.providerAgent), { ticketId: ticket.id });
      clock.advance(20 * 60_000);
      await expect(core.execute(proposeSeverity, await as(cast.aContact), { ticketId: ticket.id, severity: 'URGENT' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
      await core.execute(setSlaTarget, await as(cast.providerAdmin), { orgId: cast.a.id, severity: 'HIGH', minutes: 120, clock: 'continuous' });
      await core.execute(proposeSeverity, await as(cast.providerAgent), { ticketId: ticket.id, severity: 'HIGH' });
      const agreed = await core.execute(acceptSeverity, await as(cast.aContact), { ticketId: ticket.id });
      expect(agreed.slaDueAt).toEqual(new Date(clock.now().getTime() + 120 * 60_000));
      clock.advance(15 * 60_000); // the old URGENT due time passes: no breach
      await core.timers.runDue();
      expect((await eventsOf(ticket.id)).map((e) => e.action)).not.toContain('ticket.sla_breached');
    });

    it('lets only the provider admin override a target', async () => {
      await expect(
        core.execute(setSlaTarget, await as(cast.providerAgent), { orgId: cast.a.id, severity: 'LOW', minutes: 60 }),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        core.execute(setSlaTarget, await as(cast.bAdmin), { orgId: cast.a.id, severity: 'LOW', minutes: 60 }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('reminds the initiator of a resolved ticket and never closes it by itself', async () => {
      const ticket = await open();
      await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
      clock.advance(30 * 86_400_000);
      await core.timers.runDue();
      const actions = (await eventsOf(ticket.id)).map((e) => e.action);
      expect(actions.filter((a) => a === 'ticket.closure_reminded')).toHaveLength(2);
      expect((await core.read(getTicket, operator(), { id: ticket.id })).status).toBe('RESOLVED');
    });
  });

  it('pages the oncall role members while no rotation exists, then whoever the rotation has on call', async () => {
    expect(await core.read(peopleOnCall, operator(), { at: clock.now() })).toEqual([cast.providerOncall.id]);
    // A rotation whose one member is not the role holder: the rotation decides from now on.
    const rotationMember = await makePerson(core, core.providerId!, ['agent'], { name: 'Rita Rotation' });
    await core.execute(createSchedule, operator(), {
      name: 'primary',
      timeZone: 'Europe/Stockholm',
      startDate: '2026-11-01',
      members: [rotationMember.id],
    });
    expect(await core.read(peopleOnCall, operator(), { at: clock.now() })).toEqual([rotationMember.id]);
  });
});
