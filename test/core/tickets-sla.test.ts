/**
 * Response targets on the working calendar (Europe/Stockholm, 08:00-17:00, Swedish holidays):
 * due times over weekends, holidays, the DST changes and a year end; the warning and the breach
 * firing from durable timers on an injected clock; closure reminders after 2 and 5 working days.
 */
import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, timers } from '../../db/schema.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import { DEFAULT_SLA_TARGETS, acceptSeverity, changeTicketStatus, openTicket, slaDeadlines } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';

const HIGH = DEFAULT_SLA_TARGETS.HIGH;
const iso = (d: Date | undefined) => d?.toISOString();

describe('working-time response targets', () => {
  it('counts HIGH (two working days) from a Friday afternoon over the weekend', () => {
    // Fri 16:00 CET: 1 h Friday, 9 h Monday, 8 h Tuesday -> Tue 16:00 CET; 75% (13.5 h) -> Tue 11:30.
    expect(slaDeadlines(new Date('2026-11-27T15:00:00Z'), HIGH)).toEqual({
      warnAt: new Date('2026-12-01T10:30:00Z'),
      dueAt: new Date('2026-12-01T15:00:00Z'),
    });
  });

  it('skips New Year\'s Eve, New Year\'s Day and the weekend across the year end', () => {
    // Wed 30 Dec 15:00 CET: 2 h, then 31 Dec (nyårsafton), 1 Jan and the weekend are not working time.
    expect(iso(slaDeadlines(new Date('2026-12-30T14:00:00Z'), HIGH)?.dueAt)).toBe('2027-01-05T14:00:00.000Z');
    // Ten working days (MEDIUM) from the same moment also skip Trettondedag jul (Wed 6 Jan):
    // 2 h + Jan 4, 5, 7, 8, 11-15 (9 days) + 7 h on Mon 18 Jan -> 15:00 CET.
    expect(iso(slaDeadlines(new Date('2026-12-30T14:00:00Z'), DEFAULT_SLA_TARGETS.MEDIUM)?.dueAt)).toBe('2027-01-18T14:00:00.000Z');
  });

  it('keeps office hours in local time across the spring and autumn DST changes', () => {
    // Spring 2026 (29 March): agreed Fri 27 March 16:00 CET, due Tue 31 March 16:00 CEST = 14:00 UTC.
    expect(iso(slaDeadlines(new Date('2026-03-27T15:00:00Z'), HIGH)?.dueAt)).toBe('2026-03-31T14:00:00.000Z');
    // Spring 2027 falls on Easter Sunday (28 March): Good Friday and Easter Monday are holidays too,
    // so an agreement on Good Friday starts Tuesday 08:00 and ends Wednesday 17:00 CEST.
    expect(iso(slaDeadlines(new Date('2027-03-26T15:00:00Z'), HIGH)?.dueAt)).toBe('2027-03-31T15:00:00.000Z');
    // Autumn 2026 (25 October): agreed Fri 16:00 CEST, due Tue 16:00 CET = 15:00 UTC.
    expect(iso(slaDeadlines(new Date('2026-10-23T14:00:00Z'), HIGH)?.dueAt)).toBe('2026-10-27T15:00:00.000Z');
  });

  it('starts an agreement made outside office hours at the next opening', () => {
    // Agreed Saturday: the clock starts Monday 08:00; two working days end Tuesday 17:00 CET.
    expect(iso(slaDeadlines(new Date('2026-11-28T12:00:00Z'), HIGH)?.dueAt)).toBe('2026-12-01T16:00:00.000Z');
  });

  it('runs URGENT around the clock and LOW without a target', () => {
    expect(iso(slaDeadlines(new Date('2026-11-28T12:00:00Z'), DEFAULT_SLA_TARGETS.URGENT)?.dueAt)).toBe('2026-11-28T12:30:00.000Z');
    expect(slaDeadlines(new Date('2026-11-28T12:00:00Z'), DEFAULT_SLA_TARGETS.LOW)).toBeUndefined();
  });
});

describe.each(backends)('SLA timers on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-27T15:00:00Z'); // Friday 16:00 in Stockholm
  const actionsOf = async (ticketId: string) =>
    (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId)).orderBy(asc(auditEvents.at))).map((e) => e.action);

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('warns at 75% of working time and breaches at the due time, not over the weekend', async () => {
    clock.set('2026-11-27T15:00:00Z');
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Slow', proposedSeverity: 'HIGH' });
    const agreed = await core.execute(acceptSeverity, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id });
    expect(agreed.slaDueAt).toEqual(new Date('2026-12-01T15:00:00Z'));

    clock.set('2026-11-30T22:00:00Z'); // Monday night: 10 of 18 working hours gone
    await core.timers.runDue();
    expect(await actionsOf(ticket.id)).not.toContain('ticket.sla_warned');
    clock.set('2026-12-01T10:30:00Z');
    await core.timers.runDue();
    expect(await actionsOf(ticket.id)).toContain('ticket.sla_warned');
    expect(await actionsOf(ticket.id)).not.toContain('ticket.sla_breached');
    clock.set('2026-12-01T15:00:00Z');
    await core.timers.runDue();
    expect((await actionsOf(ticket.id)).filter((a) => a === 'ticket.sla_breached')).toHaveLength(1);
  });

  it('reminds the initiator 2 and 5 working days after resolution', async () => {
    clock.set('2026-11-27T09:00:00Z'); // Friday 10:00
    const ticket = await core.execute(openTicket, await actorOf(core, cast.aContact.id), { orgId: cast.a.id, title: 'Done soon' });
    await core.execute(changeTicketStatus, await actorOf(core, cast.providerAgent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    const reminders = await core.database.db
      .select({ dueAt: timers.dueAt })
      .from(timers)
      .where(and(like(timers.key, `ticket:${ticket.id}:closure-reminder-%`), eq(timers.status, 'pending')))
      .orderBy(asc(timers.dueAt));
    expect(reminders.map((r) => iso(r.dueAt))).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-04T09:00:00.000Z']);
  });
});
