/**
 * Production access in the core: eligibility, two-party approval, each org's policy, the clock
 * starting at the last approval, the ways a grant ends, recorded and refused uses, and the
 * client's audit chain verifying after all of it. Timers run on a manual clock.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { accessRequests, accessUses, auditEvents, timers } from '../../db/schema.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import {
  accessCard,
  accessCardAudience,
  accessHome,
  accessRequestForm,
  activeGrants,
  cancelAccessRequest,
  decideAccess,
  endAccess,
  getAccessRequest,
  listAccessRequests,
  recordAccessUse,
  requestAccess,
  revokeAccess,
  setAccessEligibility,
  setAccessPolicy,
} from '../../core/access/index.ts';
import { verifyChain } from '../../core/audit/verify.ts';
import { approveClosure, changeTicketStatus, openTicket } from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { makeAccessCast, urgentTicket, type AccessCast } from '../support/access.ts';
import { actorOf } from '../support/tickets.ts';
import { makePerson } from '../support/server.ts';

const MINUTE = 60_000;

describe.each(backends)('production access on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: AccessCast;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const as = (person: { id: string }) => actorOf(core, person.id);
  const eventsOf = async (subjectId: string) =>
    (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, subjectId)).orderBy(asc(auditEvents.seq))).map(
      (e) => e.action,
    );
  const ask = async (input: Partial<Parameters<typeof requestAccess.run>[1]> = {}, person: { id: string } = cast.engineer) =>
    core.execute(requestAccess, await as(person), {
      orgId: cast.a.id,
      ticketId: cast.ticket.id,
      reason: 'Reproduce the empty reports',
      scope: 'reporting database, read only',
      durationMinutes: 60,
      ...input,
    });
  const approveBoth = async (requestId: string) => {
    await core.execute(decideAccess, await as(cast.approver), { requestId, decision: 'APPROVE' });
    return core.execute(decideAccess, await as(cast.aAdmin), { requestId, decision: 'APPROVE', comment: 'go ahead' });
  };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeAccessCast(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });
  beforeEach(() => clock.set('2026-11-23T09:00:00Z'));

  it('grants access once both sides approve, starting the clock at the last approval', async () => {
    const request = await ask();
    expect(request).toMatchObject({ status: 'PENDING', clientApprovalRequired: true, pendingUntil: new Date('2026-11-23T10:00:00Z') });

    clock.advance(10 * MINUTE);
    const half = await core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
    expect(half.status).toBe('PENDING'); // the client's approval is required by default

    clock.advance(20 * MINUTE);
    const granted = await core.execute(decideAccess, await as(cast.aOwner), { requestId: request.id, decision: 'APPROVE' });
    expect(granted).toMatchObject({
      status: 'ACTIVE',
      startedAt: new Date('2026-11-23T09:30:00Z'),
      expiresAt: new Date('2026-11-23T10:30:00Z'),
    });
    expect(await eventsOf(request.id)).toEqual(['access.requested', 'access.approved', 'access.approved', 'access.granted']);
    // The timeout is gone; the warning and the expiry wait.
    const pending = await core.database.db
      .select({ kind: timers.kind, dueAt: timers.dueAt })
      .from(timers)
      .where(and(eq(timers.status, 'pending'), eq(timers.payload, { requestId: request.id, expiresAt: '2026-11-23T10:30:00.000Z' })))
      .orderBy(asc(timers.dueAt));
    expect(pending).toEqual([
      { kind: 'access.expiry_warning', dueAt: new Date('2026-11-23T10:15:00Z') },
      { kind: 'access.expiry', dueAt: new Date('2026-11-23T10:30:00Z') },
    ]);
  });

  it('refuses people off the eligibility list, and lets the provider admin keep the list', async () => {
    await expect(ask({}, cast.providerAgent)).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('list') });
    await expect(
      core.execute(setAccessEligibility, await as(cast.approver), { personId: cast.providerAgent.id, eligible: true }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      core.execute(setAccessEligibility, await as(cast.providerAdmin), { personId: cast.aContact.id, eligible: true }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await core.execute(setAccessEligibility, await as(cast.providerAdmin), { personId: cast.providerAgent.id, eligible: true });
    expect((await ask({}, cast.providerAgent)).status).toBe('PENDING');
    await core.execute(setAccessEligibility, await as(cast.providerAdmin), { personId: cast.providerAgent.id, eligible: false });
    await expect(ask({}, cast.providerAgent)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await eventsOf(cast.providerAgent.id)).filter((a) => a.startsWith('access.'))).toEqual(['access.eligibility_granted', 'access.eligibility_removed']);
  });

  it('validates the request: a duty, an open ticket of the org, a duration within the policy', async () => {
    const before = await core.database.db.$count(accessRequests);
    await expect(ask({ ticketId: undefined })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fields: { ticketId: expect.any(String) } } });
    await expect(ask({ durationMinutes: 5 * 60 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: { durationMinutes: expect.stringContaining('240') } },
    });
    await expect(ask({ durationMinutes: 25 * 60 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const bTicket = await core.execute(openTicket, await as(cast.bContact), { orgId: cast.b.id, title: 'B only' });
    await expect(ask({ ticketId: bTicket.id })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(ask({ otherDutyJustification: 'Quarterly restore test, contract §4.2' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { fields: { otherDutyJustification: expect.any(String) } },
    });
    expect(await core.database.db.$count(accessRequests)).toBe(before);
    const duty = await ask({ ticketId: undefined, otherDutyJustification: 'Quarterly restore test, contract §4.2' });
    expect(duty).toMatchObject({ ticketId: null, otherDutyJustification: 'Quarterly restore test, contract §4.2' });
  });

  it('refuses self-approval, a second approval of one side, and approvers of another org', async () => {
    const request = await ask({}, cast.approvingEngineer);
    await expect(core.execute(decideAccess, await as(cast.approvingEngineer), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('your own request'),
    });
    await expect(core.execute(decideAccess, await as(cast.providerAgent), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(core.execute(decideAccess, await as(cast.aContact), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(core.execute(decideAccess, await as(cast.bAdmin), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'access request not found',
    });
    await core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
    await expect(core.execute(decideAccess, await as(cast.secondApprover), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    expect(await eventsOf(request.id)).toEqual(['access.requested', 'access.approved']);
  });

  it("ends the request on either side's denial, with its comment", async () => {
    const request = await ask();
    await core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
    const denied = await core.execute(decideAccess, await as(cast.aAdmin), { requestId: request.id, decision: 'DENY', comment: 'Not during month end' });
    expect(denied).toMatchObject({ status: 'DENIED', closeReason: 'Not during month end', closedById: cast.aAdmin.id });
    await expect(core.execute(decideAccess, await as(cast.aOwner), { requestId: request.id, decision: 'APPROVE' })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    });
    const pendingTimers = await core.database.db.select().from(timers).where(and(eq(timers.status, 'pending'), eq(timers.key, `access:${request.id}:timeout`)));
    expect(pendingTimers).toEqual([]);
  });

  it("lets the org's contract admin or owner, and nobody else, let the provider's approval suffice for URGENT tickets", async () => {
    for (const person of [cast.bAdmin, cast.providerAdmin, cast.aContact]) {
      await expect(core.execute(setAccessPolicy, await as(person), { orgId: cast.a.id, clientApproval: 'provider_for_urgent' })).rejects.toMatchObject({
        code: person === cast.bAdmin ? 'NOT_FOUND' : 'FORBIDDEN',
      });
    }
    await core.execute(setAccessPolicy, await as(cast.aOwner), { orgId: cast.a.id, clientApproval: 'provider_for_urgent' });
    try {
      // Not URGENT: the client's approval is still required.
      expect((await ask()).clientApprovalRequired).toBe(true);
      const urgent = await urgentTicket(core, cast);
      const request = await ask({ ticketId: urgent.id });
      expect(request.clientApprovalRequired).toBe(false);
      const granted = await core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
      expect(granted.status).toBe('ACTIVE');
      const [event] = await core.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, request.id), eq(auditEvents.action, 'access.granted')));
      expect(event).toMatchObject({ orgId: cast.a.id, data: expect.objectContaining({ clientApproved: false }) });
    } finally {
      await core.execute(setAccessPolicy, await as(cast.aAdmin), { orgId: cast.a.id, clientApproval: 'required' });
    }
  });

  it('warns 15 minutes before expiry and expires exactly once', async () => {
    const granted = await approveBoth((await ask()).id);
    clock.set('2026-11-23T09:44:00Z');
    await core.timers.runDue();
    expect(await eventsOf(granted.id)).not.toContain('access.expiry_warned');
    clock.set('2026-11-23T09:45:00Z');
    await core.timers.runDue();
    expect(await eventsOf(granted.id)).toContain('access.expiry_warned');
    clock.set('2026-11-23T09:59:59Z');
    await core.timers.runDue();
    expect(await eventsOf(granted.id)).not.toContain('access.expired');
    clock.set('2026-11-23T10:00:00Z');
    await core.timers.runDue();
    await core.timers.runDue();
    expect((await eventsOf(granted.id)).filter((a) => a === 'access.expired')).toHaveLength(1);
    expect(await core.execute(decideAccess, await as(cast.approver), { requestId: granted.id, decision: 'APPROVE' }).catch((e) => e.code)).toBe(
      'INVALID_TRANSITION',
    );
    expect((await core.read(getAccessRequest, await as(cast.aAdmin), { requestId: granted.id })).status).toBe('EXPIRED');
  });

  it('times out a request nobody answers, after the policy timeout', async () => {
    const request = await ask();
    clock.set('2026-11-23T09:59:00Z');
    await core.timers.runDue();
    expect((await core.read(getAccessRequest, await as(cast.engineer), { requestId: request.id })).status).toBe('PENDING');
    clock.set('2026-11-23T10:00:00Z');
    await core.timers.runDue();
    const timedOut = await core.read(getAccessRequest, await as(cast.engineer), { requestId: request.id });
    expect(timedOut).toMatchObject({ status: 'TIMED_OUT', closeReason: 'nobody answered within 1 h' });
  });

  it('lets the requester cancel or end early, and approvers and admins revoke', async () => {
    const pending = await ask();
    await expect(core.execute(cancelAccessRequest, await as(cast.approver), { requestId: pending.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await core.execute(cancelAccessRequest, await as(cast.engineer), { requestId: pending.id })).status).toBe('CANCELLED');

    const ended = await approveBoth((await ask()).id);
    await expect(core.execute(endAccess, await as(cast.aAdmin), { requestId: ended.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await core.execute(endAccess, await as(cast.engineer), { requestId: ended.id })).status).toBe('ENDED');
    await expect(core.execute(endAccess, await as(cast.engineer), { requestId: ended.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });

    const revoked = await approveBoth((await ask()).id);
    await expect(core.execute(revokeAccess, await as(cast.engineer), { requestId: revoked.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(core.execute(revokeAccess, await as(cast.bAdmin), { requestId: revoked.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const byClient = await core.execute(revokeAccess, await as(cast.aAdmin), { requestId: revoked.id, reason: 'done here' });
    expect(byClient).toMatchObject({ status: 'REVOKED', closedById: cast.aAdmin.id, closeReason: 'done here' });
    // No timer of an ended grant survives it.
    const left = await core.database.db.select().from(timers).where(and(eq(timers.status, 'pending'), eq(timers.key, `access:${revoked.id}:expiry`)));
    expect(left).toEqual([]);
  });

  it('ends the grants and cancels the requests of a ticket when it closes', async () => {
    const ticket = await core.execute(openTicket, await as(cast.aContact), { orgId: cast.a.id, title: 'Import stuck' });
    const grant = await approveBoth((await ask({ ticketId: ticket.id })).id);
    const waiting = await ask({ ticketId: ticket.id });
    const other = await approveBoth((await ask()).id);
    await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
    expect((await core.read(getAccessRequest, await as(cast.aAdmin), { requestId: grant.id })).status).toBe('ACTIVE');
    await core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id });
    const read = (id: string) => core.read(getAccessRequest, operator(), { requestId: id });
    expect(await read(grant.id)).toMatchObject({ status: 'ENDED', closeReason: `ticket ${ticket.key} was closed` });
    expect(await read(waiting.id)).toMatchObject({ status: 'CANCELLED' });
    expect((await read(other.id)).status).toBe('ACTIVE');
    await expect(ask({ ticketId: ticket.id })).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { fields: { ticketId: expect.stringContaining('closed') } } });
  });

  it("extends with a new approved request that replaces the old grant", async () => {
    const first = await approveBoth((await ask()).id);
    clock.advance(40 * MINUTE);
    const extension = await ask({ extendsRequestId: first.id, ticketId: undefined, durationMinutes: 120 });
    expect(extension).toMatchObject({ extendsRequestId: first.id, ticketId: cast.ticket.id, status: 'PENDING' });
    await expect(ask({ extendsRequestId: first.id }, cast.approvingEngineer)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const granted = await approveBoth(extension.id);
    expect(granted.expiresAt).toEqual(new Date('2026-11-23T11:40:00Z'));
    expect(await core.read(getAccessRequest, operator(), { requestId: first.id })).toMatchObject({ status: 'ENDED', closeReason: 'replaced by its extension' });
  });

  it("records every use of a grant on the client chain, and refuses its holder's use outside the grant on the same chain", async () => {
    const grant = await approveBoth((await ask()).id);
    const used = await core.execute(recordAccessUse, await as(cast.engineer), { grantId: grant.id, action: 'SELECT', target: 'reports.daily' });
    expect(used).toMatchObject({ refusal: null, use: { requestId: grant.id, action: 'SELECT', refusedBecause: null } });

    // After its time, before the expiry timer ran: refused all the same, and on the client's trail.
    clock.set('2026-11-23T10:00:00Z');
    const late = await core.execute(recordAccessUse, await as(cast.engineer), { grantId: grant.id, action: 'UPDATE', target: 'reports.daily' });
    expect(late.refusal).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('expired') });

    const uses = (await core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, grant.id)).orderBy(asc(auditEvents.seq)))
      .filter((e) => e.action.startsWith('access.use'));
    expect(uses.map((e) => [e.action, e.chainId, e.actorId])).toEqual([
      ['access.used', cast.a.id, cast.engineer.id],
      ['access.use_refused', cast.a.id, cast.engineer.id],
    ]);
    expect(await core.database.db.$count(accessUses, eq(accessUses.requestId, grant.id))).toBe(2);
  });

  it('answers NOT_FOUND and writes nothing anywhere when the actor may not see the grant, or there is none', async () => {
    const grant = await approveBoth((await ask()).id);
    const before = { audit: await core.database.db.$count(auditEvents), uses: await core.database.db.$count(accessUses) };
    for (const [who, grantId] of [
      [cast.bAdmin, grant.id], // another client's admin
      [cast.aContact, grant.id], // the client's own contact, who sees nothing of access
      [cast.engineer, 'not-a-grant'],
      [cast.engineer, '00000000-0000-4000-8000-000000000000'],
    ] as const) {
      await expect(
        core.execute(recordAccessUse, await as(who), { grantId, action: 'SELECT * FROM patients', target: 'db-prod-1' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: 'access grant not found' });
    }
    expect({ audit: await core.database.db.$count(auditEvents), uses: await core.database.db.$count(accessUses) }).toEqual(before);
  });

  it("refuses someone who may see a grant but does not hold it, and records it only on their own org's chain", async () => {
    const grant = await approveBoth((await ask()).id);
    const staff = await core.execute(recordAccessUse, await as(cast.approvingEngineer), { grantId: grant.id, action: 'SELECT', target: 'users' });
    expect(staff).toEqual({ use: null, refusal: { code: 'FORBIDDEN', message: 'only the person the access was granted to can use it' } });
    const clientAdmin = await core.execute(recordAccessUse, await as(cast.aAdmin), { grantId: grant.id, action: 'SELECT', target: 'users' });
    expect(clientAdmin.refusal?.code).toBe('FORBIDDEN');

    const refused = await core.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, grant.id), eq(auditEvents.action, 'access.use_refused')))
      .orderBy(asc(auditEvents.at), asc(auditEvents.seq));
    expect(refused.map((e) => [e.actorId, e.chainId])).toEqual([
      [cast.approvingEngineer.id, core.providerId],
      [cast.aAdmin.id, cast.a.id],
    ]);
    expect(refused[0]!.data).toMatchObject({ grantOrgId: cast.a.id, holder: false, reason: 'only the person the access was granted to can use it' });
    // Not a use of the grant: the grant's own history shows none of it.
    expect(await core.database.db.$count(accessUses, eq(accessUses.requestId, grant.id))).toBe(0);
  });

  it("shows a client's admins their org's requests and grants, and nothing of another org's", async () => {
    const grant = await approveBoth((await ask()).id);
    const aList = await core.read(listAccessRequests, await as(cast.aAdmin), {});
    expect(aList.nodes.length).toBeGreaterThan(0);
    expect(aList.nodes.every((r) => r.orgId === cast.a.id)).toBe(true);
    expect((await core.read(listAccessRequests, await as(cast.bAdmin), {})).nodes).toEqual([]);
    expect((await core.read(listAccessRequests, await as(cast.bAdmin), { orgId: cast.a.id })).nodes).toEqual([]);
    expect((await core.read(listAccessRequests, await as(cast.aContact), {})).nodes).toEqual([]);
    await expect(core.read(getAccessRequest, await as(cast.bAdmin), { requestId: grant.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(activeGrants, await as(cast.bAdmin), { orgId: cast.a.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(activeGrants, await as(cast.aContact), { orgId: cast.a.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await core.read(activeGrants, await as(cast.aAdmin), { orgId: cast.a.id })).map((g) => g.id)).toContain(grant.id);
  });

  it("names who must see a request's card by the policy's own rule: the provider's approvers but the requester, and the org's admins", async () => {
    const request = await ask({}, cast.approvingEngineer);
    const audienceOf = async () => core.read(accessCardAudience, operator(), { requestId: request.id });
    const before = await audienceOf();
    expect(before.requesterId).toBe(cast.approvingEngineer.id);
    // Not the requester (an approver too), not provider staff without the approver role, not a contact, not another org's admin.
    expect([...before.deciders.provider].sort()).toEqual([cast.approver.id, cast.secondApprover.id].sort());
    expect([...before.deciders.client].sort()).toEqual([cast.aAdmin.id, cast.aOwner.id].sort());
    // Read from the directory as it is now: an approver added while the request is open is in it.
    const newcomer = await makePerson(core, core.providerId!, ['access_approver']);
    expect((await audienceOf()).deciders.provider).toContain(newcomer.id);
    // Who decides is read only by those who may read the request.
    await expect(core.read(accessCardAudience, await as(cast.bAdmin), { requestId: request.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(accessCard, await as(cast.aContact), { requestId: request.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const card = await core.read(accessCard, await as(cast.aAdmin), { requestId: request.id });
    expect(card).toMatchObject({ orgName: cast.a.name, requesterName: cast.approvingEngineer.name, ticket: { key: cast.ticket.key }, decisions: [] });
    await core.execute(cancelAccessRequest, await as(cast.approvingEngineer), { requestId: request.id });
  });

  it("lists on each person's Home what waits for their decision, for the side they decide for, and their own open requests", async () => {
    const request = await ask();
    const home = async (person: { id: string }) => core.read(accessHome, await as(person), {});
    const ids = (cards: Array<{ request: { id: string } }>) => cards.map((card) => card.request.id);
    for (const [person, side] of [[cast.approver, 'provider'], [cast.approvingEngineer, 'provider'], [cast.aAdmin, 'client'], [cast.aOwner, 'client']] as const) {
      const rows = await home(person);
      expect({ side: rows.side, waiting: ids(rows.awaiting).includes(request.id) }).toEqual({ side, waiting: true });
    }
    for (const person of [cast.engineer, cast.providerAgent, cast.bAdmin, cast.aContact]) expect(ids((await home(person)).awaiting)).not.toContain(request.id);
    expect(ids((await home(cast.engineer)).mine)).toContain(request.id);

    // Once the provider's side has approved, it waits for the client's only.
    await core.execute(decideAccess, await as(cast.approver), { requestId: request.id, decision: 'APPROVE' });
    expect(ids((await home(cast.secondApprover)).awaiting)).not.toContain(request.id);
    const client = (await home(cast.aAdmin)).awaiting.find((card) => card.request.id === request.id);
    expect(client).toMatchObject({ orgName: cast.a.name, requesterName: cast.engineer.name, decisions: [{ side: 'provider', decision: 'APPROVE', deciderName: cast.approver.name }] });
    await core.execute(cancelAccessRequest, await as(cast.engineer), { requestId: request.id });
    expect(ids((await home(cast.engineer)).mine)).not.toContain(request.id);
  });

  it('offers the request form only to people on the list, and an extension only of their own active grant', async () => {
    await expect(core.read(accessRequestForm, await as(cast.providerAgent), { orgId: cast.a.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('not on the list'),
    });
    await expect(core.read(accessRequestForm, await as(cast.aAdmin), { orgId: cast.a.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: "production access is requested by the provider's own people",
    });
    await expect(core.read(accessRequestForm, await as(cast.engineer), { orgId: core.providerId! })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const form = await core.read(accessRequestForm, await as(cast.engineer), { orgId: cast.a.id });
    expect(form).toMatchObject({ org: { id: cast.a.id, name: cast.a.name }, maxDurationMinutes: 240, providerSufficesForUrgent: false });
    expect(form.extending).toBeUndefined();
    expect(form.tickets.map((t) => t.id)).toContain(cast.ticket.id);

    const grant = await approveBoth((await ask()).id);
    const extension = await core.read(accessRequestForm, await as(cast.engineer), { extendsRequestId: grant.id });
    expect(extension).toMatchObject({ org: { id: cast.a.id }, extending: { requestId: grant.id, expiresAt: grant.expiresAt, ticketId: cast.ticket.id } });
    await expect(core.read(accessRequestForm, await as(cast.approvingEngineer), { extendsRequestId: grant.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(core.read(accessRequestForm, await as(cast.bAdmin), { extendsRequestId: grant.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await core.execute(endAccess, await as(cast.engineer), { requestId: grant.id });
    await expect(core.read(accessRequestForm, await as(cast.engineer), { extendsRequestId: grant.id })).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
  });

  it("leaves the client's audit chain verifying after all of it", async () => {
    const result = await verifyChain(core.database.db, cast.a.id);
    expect(result).toMatchObject({ ok: true });
    expect(result.events).toBeGreaterThan(40);
    expect(await verifyChain(core.database.db, core.providerId!)).toMatchObject({ ok: true });
  });
});
