/**
 * Internal notes in core: who may write and read them, what the event catalogue gives to whom, and
 * which chain keeps a note's audit event (the provider's), so that the client's chain verifies
 * without it.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ROLES, PROVIDER_ROLES } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { verifyChain } from '../../core/audit/verify.ts';
import type { DomainEvent } from '../../core/events/bus.ts';
import { addTicketNote, commentOnTicket, listTicketNotes, openTicket } from '../../core/tickets/index.ts';
import { auditEvents, domainEvents } from '../../db/schema.ts';
import { actorOf } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type TestServer } from '../support/server.ts';

describe.each(backends)('internal notes in core on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    core = server.core;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('gives a note event to provider staff of every role and to no client person, not even of the ticket’s own org', () => {
    const person = (orgId: string, orgKind: 'client' | 'provider', roles: string[]) => ({
      type: 'person' as const,
      id: 'p',
      name: 'P',
      door: 'graphql' as const,
      requestId: 'r',
      memberships: [{ orgId, orgKind, roles: roles as never }],
    });
    const noteEvent: DomainEvent = {
      id: 1,
      orgId: null,
      type: 'ticket.note_added',
      subjectType: 'ticket',
      subjectId: 't',
      payload: { ticketOrgId: 'org-a', body: 'secret' },
      actorId: 'a',
      requestId: 'r',
      at: new Date().toISOString(),
    };
    for (const role of CLIENT_ROLES) expect(core.events.canRead(person('org-a', 'client', [role]), noteEvent)).toBe(false);
    expect(core.events.canRead(person('org-a', 'client', [...CLIENT_ROLES]), { ...noteEvent, orgId: 'org-a' })).toBe(false);
    for (const role of PROVIDER_ROLES) expect(core.events.canRead(person(core.providerId!, 'provider', [role]), noteEvent)).toBe(true);
    expect(core.events.canRead(person(core.providerId!, 'provider', []), noteEvent)).toBe(false);
  });

  it("keeps a note on the provider's chain: the client's chain has none of it and both verify", async () => {
    const org = await makeClientOrg(core, `notes-${Date.now().toString(36)}`);
    const contact = await makePerson(core, org.id, ['contact']);
    const agent = await makePerson(core, core.providerId!, ['agent']);
    const staff = await actorOf(core, agent.id);
    const client = await actorOf(core, contact.id);
    const ticket = await core.execute(openTicket, client, { orgId: org.id, title: 'Slow search' });
    await core.execute(addTicketNote, staff, { ticketId: ticket.id, body: 'They run the 2019 index' });
    await core.execute(commentOnTicket, staff, { ticketId: ticket.id, body: 'Looking at it' });
    await core.execute(addTicketNote, staff, { ticketId: ticket.id, body: 'Second note' });

    const onClientChain = await db.database.db.select().from(auditEvents).where(eq(auditEvents.chainId, org.id));
    const actions = onClientChain.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['ticket.opened', 'ticket.commented']));
    expect(actions).not.toContain('ticket.note_added');
    expect(JSON.stringify(onClientChain)).not.toContain('2019 index');
    const noteEvents = await db.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'ticket.note_added'));
    expect(noteEvents.map((e) => e.chainId)).toEqual([core.providerId, core.providerId]);
    expect(noteEvents[0]).toMatchObject({ orgId: null, subjectId: ticket.id, data: { ticketOrgId: org.id, key: ticket.key, body: 'They run the 2019 index' } });
    const outbox = await db.database.db.select().from(domainEvents).where(eq(domainEvents.type, 'ticket.note_added'));
    expect(outbox.every((e) => e.orgId === null)).toBe(true);

    expect((await verifyChain(db.database.db, org.id)).ok).toBe(true);
    expect((await verifyChain(db.database.db, core.providerId!)).ok).toBe(true);

    expect((await core.read(listTicketNotes, staff, { ticketId: ticket.id })).map((n) => n.body)).toEqual(['They run the 2019 index', 'Second note']);
    expect(await core.read(listTicketNotes, client, { ticketId: ticket.id })).toEqual([]);
  });
});
