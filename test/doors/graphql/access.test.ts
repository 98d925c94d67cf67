/**
 * Production access through GraphQL, on the real server, by each party's own API token: the whole
 * flow from request to the end of the grant, the org's policy, every refusal (with its code and
 * nothing written), refused uses that are still audited, tenant isolation, the accessEvents
 * subscription, and the org's audit chain verifying after all of it.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessDecisions, accessRequests, accessUses, auditEvents } from '../../../db/schema.ts';
import { makeAccessCast, urgentTicket, type AccessCast } from '../../support/access.ts';
import { codeOf, collect, gql, wsClient, type GraphqlResponse } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';

const REQUEST = `id status statusLabel clientApprovalRequired durationMinutes reason scope otherDutyJustification
  pendingUntil startedAt expiresAt closedAt closeReason createdAt
  org { id } requester { id name } ticket { id key } providerApprovedBy { id } clientApprovedBy { id } closedBy { id }
  decisions { side decision comment door createdAt decider { id name } }
  uses { action target refusedBecause door person { id } }`;

const REQUEST_ACCESS = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { ${REQUEST} } }`;
const DECIDE = `mutation($r: ID!, $d: AccessVerdict!, $c: String) { decideAccess(requestId: $r, decision: $d, comment: $c) { ${REQUEST} } }`;
const USE = `mutation($g: ID!, $a: String!, $t: String!) { recordAccessUse(grantId: $g, action: $a, target: $t) { id requestId action target refusedBecause door person { id } } }`;

describe.each(backends)('production access through GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: AccessCast;

  const call = (who: MadePerson, query: string, variables?: Record<string, unknown>) => gql(server.url, who.token, query, variables);
  const must = async (who: MadePerson, query: string, variables?: Record<string, unknown>) => {
    const response = await call(who, query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const ask = async (input: Record<string, unknown>, who: MadePerson = cast.engineer) =>
    (await must(who, REQUEST_ACCESS, { input: { orgId: cast.a.id, reason: 'Reports are empty for March', scope: 'reporting DB, read only', durationMinutes: 60, ...input } }))
      .requestAccess;
  const decide = async (who: MadePerson, requestId: string, decision: 'APPROVE' | 'DENY', comment?: string) =>
    (await must(who, DECIDE, { r: requestId, d: decision, c: comment })).decideAccess;
  /** Everything a refused call must leave untouched: every audit chain and the access tables. */
  const written = async () => {
    const count = async (table: typeof auditEvents | typeof accessRequests | typeof accessDecisions | typeof accessUses) =>
      Number((await db.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n);
    return { audit: await count(auditEvents), requests: await count(accessRequests), decisions: await count(accessDecisions), uses: await count(accessUses) };
  };
  const fieldsOf = (response: GraphqlResponse) => (response.errors?.[0]?.extensions?.details as { fields?: Record<string, string> } | undefined)?.fields;
  const auditOf = async (who: MadePerson, orgId: string, action: string, subjectId: string) =>
    (
      await must(who, `query($f: AuditFilter) { auditEvents(filter: $f, first: 50) { nodes { action orgId subjectId actorId door data } } }`, {
        f: { orgId, action, subjectId },
      })
    ).auditEvents.nodes;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeAccessCast(server.core);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('carries a request from asking to ending: provider approval, then the client, then uses and an early end', async () => {
    const asked = await ask({ ticketId: cast.ticket.id });
    expect(asked).toMatchObject({
      status: 'PENDING',
      statusLabel: 'Waiting for approval',
      clientApprovalRequired: true,
      durationMinutes: 60,
      org: { id: cast.a.id },
      requester: { id: cast.engineer.id, name: cast.engineer.name },
      ticket: { id: cast.ticket.id, key: cast.ticket.key },
      startedAt: null,
      expiresAt: null,
      decisions: [],
      uses: [],
    });

    // The client's approval is required by default: after the provider's it is still pending.
    const providerApproved = await decide(cast.approver, asked.id, 'APPROVE', 'ticket checked');
    expect(providerApproved).toMatchObject({ status: 'PENDING', providerApprovedBy: { id: cast.approver.id }, clientApprovedBy: null, startedAt: null });
    expect(providerApproved.decisions).toEqual([
      { side: 'PROVIDER', decision: 'APPROVE', comment: 'ticket checked', door: 'graphql', createdAt: expect.any(String), decider: { id: cast.approver.id, name: cast.approver.name } },
    ]);

    const granted = await decide(cast.aOwner, asked.id, 'APPROVE');
    expect(granted).toMatchObject({ status: 'ACTIVE', statusLabel: 'Access granted', clientApprovedBy: { id: cast.aOwner.id } });
    // The clock starts at the last approval, not at the request.
    const lastApproval = granted.decisions.find((d: { side: string }) => d.side === 'CLIENT');
    expect(granted.startedAt).toBe(lastApproval.createdAt);
    expect(Date.parse(granted.expiresAt) - Date.parse(lastApproval.createdAt)).toBe(60 * 60_000);
    expect(Date.parse(granted.startedAt)).toBeGreaterThan(Date.parse(asked.createdAt) - 1);

    const use = (await must(cast.engineer, USE, { g: asked.id, a: 'SELECT on report_rows', t: 'db-prod-1/acme' })).recordAccessUse;
    expect(use).toMatchObject({ requestId: asked.id, action: 'SELECT on report_rows', target: 'db-prod-1/acme', refusedBecause: null, door: 'graphql', person: { id: cast.engineer.id } });
    const used = await auditOf(cast.aAdmin, cast.a.id, 'access.used', asked.id);
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ actorId: cast.engineer.id, door: 'graphql', data: { action: 'SELECT on report_rows', target: 'db-prod-1/acme', useId: use.id } });

    const ended = (await must(cast.engineer, `mutation($r: ID!) { endAccess(requestId: $r, reason: "found it") { ${REQUEST} } }`, { r: asked.id })).endAccess;
    expect(ended).toMatchObject({ status: 'ENDED', closedBy: { id: cast.engineer.id }, closeReason: 'found it', closedAt: expect.any(String) });
    expect(ended.uses).toEqual([{ action: 'SELECT on report_rows', target: 'db-prod-1/acme', refusedBecause: null, door: 'graphql', person: { id: cast.engineer.id } }]);

    // The client's admin reads the same story.
    const seen = (await must(cast.aAdmin, `query($id: ID!) { accessRequest(id: $id) { ${REQUEST} } }`, { id: asked.id })).accessRequest;
    expect(seen).toEqual(ended);
    const actions = (await must(cast.aAdmin, `query($f: AuditFilter) { auditEvents(filter: $f) { nodes { action } } }`, { f: { orgId: cast.a.id, subjectId: asked.id } }))
      .auditEvents.nodes.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['access.requested', 'access.approved', 'access.approved', 'access.granted', 'access.used', 'access.ended']);
  });

  it('refuses self-approval and writes nothing', async () => {
    const asked = await ask({ ticketId: cast.ticket.id }, cast.approvingEngineer);
    const before = await written();
    const response = await call(cast.approvingEngineer, DECIDE, { r: asked.id, d: 'APPROVE' });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
    expect(await written()).toEqual(before);
    const after = (await must(cast.approver, `query($id: ID!) { accessRequest(id: $id) { status providerApprovedBy { id } decisions { side } } }`, { id: asked.id })).accessRequest;
    expect(after).toEqual({ status: 'PENDING', providerApprovedBy: null, decisions: [] });
    // Another approver may, and a denial ends the request at once.
    const denied = await decide(cast.secondApprover, asked.id, 'DENY', 'use the staging copy');
    expect(denied).toMatchObject({ status: 'DENIED', closeReason: 'use the staging copy', closedBy: { id: cast.secondApprover.id } });
  });

  it('refuses an approver of another org with NOT_FOUND and writes nothing', async () => {
    const asked = await ask({ ticketId: cast.ticket.id });
    const before = await written();
    for (const query of [DECIDE, `mutation($r: ID!) { revokeAccess(requestId: $r) { id } }`, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { id } }`]) {
      const response = await call(cast.bAdmin, query, { r: asked.id, d: 'APPROVE' });
      expect({ query, code: codeOf(response) }).toEqual({ query, code: 'NOT_FOUND' });
      expect(response.errors![0]!.message).toBe('access request not found');
    }
    expect(await written()).toEqual(before);
    await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r, reason: "not needed") { status } }`, { r: asked.id });
  });

  it('lets only the contract owner or admin set the policy, and then the provider approval suffices for an URGENT ticket', async () => {
    const defaults = (await must(cast.aAdmin, `query($o: ID!) { accessPolicy(orgId: $o) { orgId clientApproval maxDurationMinutes pendingTimeoutMinutes isSet updatedBy { id } updatedAt } }`, { o: cast.a.id }))
      .accessPolicy;
    expect(defaults).toEqual({ orgId: cast.a.id, clientApproval: 'REQUIRED', maxDurationMinutes: 240, pendingTimeoutMinutes: 60, isSet: false, updatedBy: null, updatedAt: null });

    const spaceAdmin = await makePerson(server.core, cast.a.id, ['space_admin']);
    const SET = `mutation($o: ID!) { setAccessPolicy(input: { orgId: $o, clientApproval: PROVIDER_FOR_URGENT }) { clientApproval isSet updatedBy { id } } }`;
    const before = await written();
    for (const [who, code] of [
      [spaceAdmin, 'FORBIDDEN'],
      [cast.aContact, 'FORBIDDEN'],
      [cast.providerAdmin, 'FORBIDDEN'],
      [cast.bAdmin, 'NOT_FOUND'],
    ] as const) {
      expect(codeOf(await call(who, SET, { o: cast.a.id }))).toBe(code);
    }
    expect(await written()).toEqual(before);

    const set = (await must(cast.aOwner, SET, { o: cast.a.id })).setAccessPolicy;
    expect(set).toEqual({ clientApproval: 'PROVIDER_FOR_URGENT', isSet: true, updatedBy: { id: cast.aOwner.id } });
    expect(await auditOf(cast.aAdmin, cast.a.id, 'access.policy_set', cast.a.id)).toMatchObject([
      { actorId: cast.aOwner.id, data: { before: { clientApproval: 'required' }, after: { clientApproval: 'provider_for_urgent' } } },
    ]);

    const urgent = await urgentTicket(server.core, cast);
    const asked = await ask({ ticketId: urgent.id });
    expect(asked.clientApprovalRequired).toBe(false);
    const granted = await decide(cast.approver, asked.id, 'APPROVE');
    expect(granted).toMatchObject({ status: 'ACTIVE', providerApprovedBy: { id: cast.approver.id }, clientApprovedBy: null });
    // The client is told at once that its approval was not needed.
    expect(await auditOf(cast.aAdmin, cast.a.id, 'access.granted', asked.id)).toMatchObject([{ data: { clientApproved: false } }]);

    // A ticket that is not URGENT still needs the client, under the same policy.
    const ordinary = await ask({ ticketId: cast.ticket.id });
    expect(ordinary.clientApprovalRequired).toBe(true);
    expect((await decide(cast.approver, ordinary.id, 'APPROVE')).status).toBe('PENDING');

    // Revoked by the client's admin, who controls access to its data.
    const revoked = (await must(cast.aAdmin, `mutation($r: ID!) { revokeAccess(requestId: $r, reason: "done with it") { status closedBy { id } } }`, { r: asked.id })).revokeAccess;
    expect(revoked).toEqual({ status: 'REVOKED', closedBy: { id: cast.aAdmin.id } });
  });

  it('refuses a use outside an active grant as an error to the caller, and audits the refusal', async () => {
    const asked = await ask({ ticketId: cast.ticket.id });
    const refused = await call(cast.engineer, USE, { g: asked.id, a: 'SELECT * FROM customers', t: 'db-prod-1/acme' });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0]!.message).toBe('this access has not been approved yet');
    expect(refused.data).toBeNull();

    const audited = await auditOf(cast.aAdmin, cast.a.id, 'access.use_refused', asked.id);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({
      orgId: cast.a.id,
      actorId: cast.engineer.id,
      door: 'graphql',
      data: { action: 'SELECT * FROM customers', target: 'db-prod-1/acme', personId: cast.engineer.id, status: 'PENDING', reason: 'this access has not been approved yet' },
    });
    const uses = (await must(cast.aAdmin, `query($id: ID!) { accessRequest(id: $id) { uses { action refusedBecause person { id } } } }`, { id: asked.id })).accessRequest.uses;
    expect(uses).toEqual([{ action: 'SELECT * FROM customers', refusedBecause: 'this access has not been approved yet', person: { id: cast.engineer.id } }]);

    // Provider staff who do not hold it: refused, on the provider's own chain, not the client's.
    expect(codeOf(await call(cast.approver, USE, { g: asked.id, a: 'read', t: 'x' }))).toBe('FORBIDDEN');
    expect(await auditOf(cast.aAdmin, cast.a.id, 'access.use_refused', asked.id)).toHaveLength(1);
    expect(await auditOf(cast.providerAdmin, server.core.providerId!, 'access.use_refused', asked.id)).toMatchObject([{ actorId: cast.approver.id }]);
    // No such grant: NOT_FOUND, and nothing written anywhere.
    const before = await written();
    expect(codeOf(await call(cast.engineer, USE, { g: '00000000-0000-4000-8000-000000000000', a: 'read', t: 'x' }))).toBe('NOT_FOUND');
    expect(await written()).toEqual(before);
    await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: asked.id });
  });

  it("answers another client's person NOT_FOUND for a grant of org A, and writes nothing on A's trail or anywhere", async () => {
    const asked = await ask({ ticketId: cast.ticket.id });
    await decide(cast.approver, asked.id, 'APPROVE');
    await decide(cast.aAdmin, asked.id, 'APPROVE');
    const before = await written();
    for (const who of [cast.bAdmin, cast.bContact]) {
      const refused = await call(who, USE, { g: asked.id, a: 'free text from B', t: 'anything' });
      expect(codeOf(refused)).toBe('NOT_FOUND');
      expect(refused.errors![0]!.message).toBe('access grant not found');
    }
    expect(await written()).toEqual(before);
    expect(await auditOf(cast.aAdmin, cast.a.id, 'access.use_refused', asked.id)).toEqual([]);
    await must(cast.engineer, `mutation($r: ID!) { endAccess(requestId: $r) { status } }`, { r: asked.id });
  });

  it("shows org B's admin none of org A's access, and a plain contact nothing at all", async () => {
    const asked = await ask({ ticketId: cast.ticket.id });
    await decide(cast.approver, asked.id, 'APPROVE');
    await decide(cast.aAdmin, asked.id, 'APPROVE');
    const B = await ask({ orgId: cast.b.id, otherDutyJustification: 'Quarterly backup restore test agreed in the contract, clause 7.2' });

    const LIST = `query($f: AccessRequestFilter) { accessRequests(filter: $f, first: 100) { nodes { id org { id } } pageInfo { hasNextPage } } }`;
    const bList = (await must(cast.bAdmin, LIST)).accessRequests.nodes;
    expect(bList.map((n: { id: string }) => n.id)).toEqual([B.id]);
    expect((await must(cast.bAdmin, LIST, { f: { orgId: cast.a.id } })).accessRequests.nodes).toEqual([]);
    expect(codeOf(await call(cast.bAdmin, `query($id: ID!) { accessRequest(id: $id) { id } }`, { id: asked.id }))).toBe('NOT_FOUND');
    expect(codeOf(await call(cast.bAdmin, `query($o: ID!) { activeGrants(orgId: $o) { id } }`, { o: cast.a.id }))).toBe('NOT_FOUND');
    expect(codeOf(await call(cast.bAdmin, `query($o: ID!) { accessPolicy(orgId: $o) { isSet } }`, { o: cast.a.id }))).toBe('NOT_FOUND');

    expect((await must(cast.aContact, LIST)).accessRequests.nodes).toEqual([]);
    expect(codeOf(await call(cast.aContact, `query($id: ID!) { accessRequest(id: $id) { id } }`, { id: asked.id }))).toBe('NOT_FOUND');
    expect(codeOf(await call(cast.aContact, `query($o: ID!) { activeGrants(orgId: $o) { id } }`, { o: cast.a.id }))).toBe('FORBIDDEN');
    expect(codeOf(await call(cast.aContact, `{ accessEligible { personId } }`))).toBe('FORBIDDEN');

    const aList = (await must(cast.aAdmin, LIST)).accessRequests.nodes;
    expect(aList.length).toBeGreaterThan(1);
    expect(aList.every((n: { org: { id: string } }) => n.org.id === cast.a.id)).toBe(true);
    const grants = (await must(cast.aAdmin, `query($o: ID!) { activeGrants(orgId: $o) { id status } }`, { o: cast.a.id })).activeGrants;
    expect(grants).toEqual([{ id: asked.id, status: 'ACTIVE' }]);
    const providerList = (await must(cast.providerAgent, LIST)).accessRequests.nodes.map((n: { id: string }) => n.id);
    expect(providerList).toEqual(expect.arrayContaining([asked.id, B.id]));

    await must(cast.engineer, `mutation($r: ID!) { endAccess(requestId: $r) { status } }`, { r: asked.id });
    await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: B.id });
  });

  it("delivers org A's access events to A's admin and provider staff, and refuses B's admin and a contact", async () => {
    const SUB = `subscription($o: ID!) { accessEvents(orgId: $o) { type orgId requestId payload request { id status requester { id } } } }`;
    const adminWs = wsClient(server.url, cast.aAdmin.token);
    const staffWs = wsClient(server.url, cast.providerAgent.token);
    const bWs = wsClient(server.url, cast.bAdmin.token);
    const contactWs = wsClient(server.url, cast.aContact.token);
    try {
      const admin = collect(adminWs, SUB, { o: cast.a.id });
      const staff = collect(staffWs, SUB, { o: cast.a.id });
      const intruder = collect(bWs, SUB, { o: cast.a.id });
      const contact = collect(contactWs, SUB, { o: cast.a.id });
      await intruder.until(() => intruder.errors.length > 0);
      expect((intruder.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
      await contact.until(() => contact.errors.length > 0);
      expect((contact.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('FORBIDDEN');
      await new Promise((r) => setTimeout(r, 100)); // let the subscriptions register, as the other suites do

      // Org B's request comes first: if it were let through, it would arrive before A's.
      const B = await ask({ orgId: cast.b.id, otherDutyJustification: 'Quarterly backup restore test agreed in the contract, clause 7.2' });
      const asked = await ask({ ticketId: cast.ticket.id });
      await decide(cast.approver, asked.id, 'APPROVE');
      for (const subscriber of [admin, staff]) {
        await subscriber.until(() => subscriber.received.length >= 2);
        expect(subscriber.received.map((r) => r.accessEvents.type)).toEqual(['access.requested', 'access.approved']);
        expect(subscriber.received.every((r) => r.accessEvents.orgId === cast.a.id && r.accessEvents.requestId === asked.id)).toBe(true);
        expect(subscriber.received[0].accessEvents.payload).toMatchObject({ requesterName: cast.engineer.name, ticketKey: cast.ticket.key });
        expect(subscriber.received[1].accessEvents.request).toEqual({ id: asked.id, status: 'PENDING', requester: { id: cast.engineer.id } });
        expect(subscriber.errors).toEqual([]);
      }
      expect(intruder.received).toEqual([]);
      expect(contact.received).toEqual([]);
      await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: asked.id });
      await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: B.id });
      await admin.until(() => admin.received.length >= 3);
      expect(admin.received[2].accessEvents).toMatchObject({ type: 'access.cancelled', request: { status: 'CANCELLED' } });
    } finally {
      await Promise.all([adminWs.dispose(), staffWs.dispose(), bWs.dispose(), contactWs.dispose()]);
    }
  });

  it('answers invalid input with INVALID_INPUT naming the field, and writes nothing', async () => {
    const closed = (await must(cast.aContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Old export" }) { id } }`, { o: cast.a.id })).openTicket;
    await must(cast.providerAgent, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: RESOLVED) { status } }`, { t: closed.id });
    await must(cast.aContact, `mutation($t: ID!) { approveClosure(ticketId: $t) { status } }`, { t: closed.id });
    const bTicket = (await must(cast.bContact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "B's own" }) { id } }`, { o: cast.b.id })).openTicket;

    const base = { orgId: cast.a.id, reason: 'Reports are empty', scope: 'reporting DB', durationMinutes: 60, ticketId: cast.ticket.id };
    const before = await written();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['over the policy maximum', { durationMinutes: 241 }, 'durationMinutes'],
      ['over 24 hours', { durationMinutes: 1441 }, 'durationMinutes'],
      ['under 15 minutes', { durationMinutes: 5 }, 'durationMinutes'],
      ['neither ticket nor justification', { ticketId: undefined }, 'ticketId'],
      ['a closed ticket', { ticketId: closed.id }, 'ticketId'],
      ["another org's ticket", { ticketId: bTicket.id }, 'ticketId'],
      ['a justification too short to say anything', { ticketId: undefined, otherDutyJustification: 'because' }, 'otherDutyJustification'],
      ['both a ticket and a justification', { otherDutyJustification: 'Quarterly backup restore test agreed in the contract' }, 'otherDutyJustification'],
      ['an empty reason', { reason: '   ' }, 'reason'],
      ['the provider org', { orgId: server.core.providerId }, 'orgId'],
    ];
    for (const [what, change, field] of cases) {
      const response = await call(cast.engineer, REQUEST_ACCESS, { input: { ...base, ...change } });
      expect({ what, code: codeOf(response), field: Object.keys(fieldsOf(response) ?? {}) }).toEqual({ what, code: 'INVALID_INPUT', field: [field] });
      expect(response.errors![0]!.message).not.toMatch(/select|insert|update|violat/i);
    }
    const policyMax = await call(cast.aOwner, `mutation($o: ID!) { setAccessPolicy(input: { orgId: $o, maxDurationMinutes: 2000 }) { isSet } }`, { o: cast.a.id });
    expect([codeOf(policyMax), Object.keys(fieldsOf(policyMax) ?? {})]).toEqual(['INVALID_INPUT', ['maxDurationMinutes']]);
    // Not on the eligibility list: refused before anything else.
    expect(codeOf(await call(cast.providerAgent, REQUEST_ACCESS, { input: base }))).toBe('FORBIDDEN');
    expect(await written()).toEqual(before);
  });

  it("keeps the eligibility list through the provider's admin", async () => {
    const newcomer = await makePerson(server.core, server.core.providerId!, ['agent']);
    const SET = `mutation($p: ID!, $e: Boolean!) { setAccessEligibility(personId: $p, eligible: $e) { personId name eligible } }`;
    expect(codeOf(await call(cast.approver, SET, { p: newcomer.id, e: true }))).toBe('FORBIDDEN');
    expect(codeOf(await call(cast.providerAdmin, SET, { p: cast.aContact.id, e: true }))).toBe('INVALID_INPUT');
    expect((await must(cast.providerAdmin, SET, { p: newcomer.id, e: true })).setAccessEligibility).toEqual({ personId: newcomer.id, name: newcomer.name, eligible: true });
    const listed = (await must(cast.providerAgent, `{ accessEligible { personId name email addedAt } }`)).accessEligible;
    expect(listed.map((p: { personId: string }) => p.personId)).toEqual(expect.arrayContaining([newcomer.id, cast.engineer.id, cast.approvingEngineer.id]));
    const asked = await ask({ ticketId: cast.ticket.id }, newcomer);
    await must(newcomer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: asked.id });
    await must(cast.providerAdmin, SET, { p: newcomer.id, e: false });
    expect(codeOf(await call(newcomer, REQUEST_ACCESS, { input: { orgId: cast.a.id, ticketId: cast.ticket.id, reason: 'r', scope: 's', durationMinutes: 60 } }))).toBe('FORBIDDEN');
  });

  it('reads a page of requests with their decisions, uses and people in the same number of queries, however long the page', async () => {
    // Six requests of the same shape, newest first in the list: a decision and a (refused) use each.
    const asked = [];
    for (let i = 0; i < 6; i++) {
      const request = await ask({ ticketId: cast.ticket.id, reason: `batch ${i}` });
      await decide(cast.approver, request.id, 'APPROVE');
      await call(cast.engineer, USE, { g: request.id, a: 'read', t: 'early' });
      asked.push(request.id);
    }
    const PAGE = `query($o: ID!, $n: Int) { accessRequests(filter: { orgId: $o }, first: $n) { nodes { ${REQUEST} extends { id } } } }`;
    const spy = vi.spyOn(db.database.db, 'select');
    try {
      const queriesFor = async (n: number) => {
        spy.mockClear();
        const page = (await must(cast.aAdmin, PAGE, { o: cast.a.id, n })).accessRequests.nodes;
        expect(page).toHaveLength(n);
        return spy.mock.calls.length;
      };
      expect(await queriesFor(6)).toBe(await queriesFor(1));
    } finally {
      spy.mockRestore();
    }
    for (const id of asked) await must(cast.engineer, `mutation($r: ID!) { cancelAccessRequest(requestId: $r) { status } }`, { r: id });
  });

  it("leaves org A's audit chain verifiable after all of it", async () => {
    for (const org of [cast.a, cast.b]) {
      const admin = org.id === cast.a.id ? cast.aAdmin : cast.bAdmin;
      const verified = (await must(admin, `query($o: ID!) { verifyAuditTrail(orgId: $o) { ok events brokenAtSeq reason } }`, { o: org.id })).verifyAuditTrail;
      expect(verified).toMatchObject({ ok: true, brokenAtSeq: null, reason: null });
      expect(verified.events).toBeGreaterThan(org.id === cast.a.id ? 30 : 3);
    }
  });
});
