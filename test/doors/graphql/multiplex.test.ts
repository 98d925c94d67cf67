/**
 * Multiplexed subscriptions (doors/graphql/kit/multiplex.ts): subscriptions that share a document,
 * variables and authorisation scope are executed and serialised once per event, and yet every
 * subscriber gets exactly what its own rights allow, keeps its events in order, and ends alone when
 * its own credential or rights end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, revokeApiToken, setRoles } from '../../../core/directory/index.ts';
import { commentOnTicket } from '../../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { collect, eventually, wsClient } from '../../support/clients.ts';
import { makeAccessCast, type AccessCast } from '../../support/access.ts';
import { operator } from '../../support/core.ts';
import { actorOf } from '../../support/tickets.ts';

const ORG_EVENTS = `subscription($o: ID!) { events(orgId: $o) { id type subjectId } }`;
type OrgEvent = { events: { id: string; type: string; subjectId: string } };
const codesOf = (errors: unknown[]) => errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);

describe.each(backends)('multiplexed subscriptions on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let cast: AccessCast;
  const clients: Array<{ dispose(): unknown }> = [];
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    cast = await makeAccessCast(server.core);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.stop();
    await db?.dispose();
  });

  const follow = (token: string, variables: Record<string, unknown>, query = ORG_EVENTS) => {
    const client = wsClient(server.url, token);
    clients.push(client);
    return collect<OrgEvent>(client, query, variables);
  };

  /** A comment on the org's ticket, an event every member reads: its event id, once one of them reached every given stream. */
  async function sync(...streams: Array<ReturnType<typeof follow>>): Promise<string> {
    // A subscription is open some time after `subscribe` (the socket, the subject's read): comment until each has one.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const id = await comment();
      try {
        for (const s of streams) await s.until(() => s.received.some((r) => r.events.id === id), 1_000);
        return id;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
    }
  }

  async function comment(): Promise<string> {
    const commented: Array<{ id: string; commentId: string }> = [];
    const stop = server.core.bus.subscribe((event) => {
      if (event.type === 'ticket.commented') commented.push({ id: String(event.id), commentId: (event.payload as { commentId: string }).commentId });
    });
    try {
      const { comment } = await server.core.execute(commentOnTicket, await actorOf(server.core, cast.providerAgent.id), { ticketId: cast.ticket.id, body: 'sync' });
      const deadline = Date.now() + 20_000;
      let id: string | undefined;
      while (!(id = commented.find((c) => c.commentId === comment.id)?.id)) {
        if (Date.now() > deadline) throw new Error('the comment was not published');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return id;
    } finally {
      stop();
    }
  }

  /** The multiplexer's gauges, as /metrics shows them. */
  async function gauges() {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    return { subscriptions: value('opsdesk_graphql_subscriptions'), groups: value('opsdesk_graphql_subscription_groups') };
  }

  it('gives two subscribers of the same document different results when their rights differ, and shares one execution when they do not', async () => {
    const before = await gauges();
    const contact = await makePerson(server.core, cast.a.id, ['contact']);
    const secondToken = (await server.core.execute(createApiToken, operator(), { personId: contact.id, label: 'second screen' })).token;
    const admin = await makePerson(server.core, cast.a.id, ['space_admin']);
    const contactOne = follow(contact.token, { o: cast.a.id });
    const contactTwo = follow(secondToken, { o: cast.a.id });
    const adminSub = follow(admin.token, { o: cast.a.id });
    await sync(contactOne, contactTwo, adminSub);
    // The contact's two tokens are one scope: one group; the admin another.
    expect(await gauges()).toEqual({ subscriptions: before.subscriptions + 3, groups: before.groups + 2 });

    // A token of someone else: whoever manages the org's people reads it; a plain contact does not.
    const created = await server.core.execute(createApiToken, operator(), { personId: cast.aSecond.id, label: 'backup job' });
    await sync(contactOne, contactTwo, adminSub);
    const tokenEvents = (s: ReturnType<typeof follow>) => s.received.filter((r) => r.events.type === 'api_token.created' && r.events.subjectId === created.id);
    expect(tokenEvents(adminSub)).toHaveLength(1);
    expect(tokenEvents(contactOne)).toEqual([]);
    expect(tokenEvents(contactTwo)).toEqual([]);
    // The contact's own token: read by the contact (a rule on the person), on both of their screens.
    const own = await server.core.execute(createApiToken, operator(), { personId: contact.id, label: 'third screen' });
    await sync(contactOne, contactTwo, adminSub);
    const ownEvents = (s: ReturnType<typeof follow>) => s.received.filter((r) => r.events.type === 'api_token.created' && r.events.subjectId === own.id);
    expect(ownEvents(contactOne)).toHaveLength(1);
    expect(ownEvents(contactTwo)).toHaveLength(1);
    expect(ownEvents(adminSub)).toHaveLength(1);
    // Another contact with the same roles is another person: its own group, and not the first contact's token events.
    const other = follow((await makePerson(server.core, cast.a.id, ['contact'])).token, { o: cast.a.id });
    await sync(other);
    await server.core.execute(createApiToken, operator(), { personId: contact.id, label: 'fourth screen' });
    await sync(other, contactOne);
    expect(other.received.filter((r) => r.events.type === 'api_token.created')).toEqual([]);
    expect(contactOne.received.filter((r) => r.events.type === 'api_token.created')).toHaveLength(2);
    for (const s of [contactOne, contactTwo, adminSub, other]) expect(s.errors).toEqual([]);
  });

  it('ends only the subscription whose token is revoked, and only the one whose rights end, while the rest of its group goes on', async () => {
    const admin = await makePerson(server.core, cast.a.id, ['space_admin']);
    const keptToken = (await server.core.execute(createApiToken, operator(), { personId: admin.id, label: 'wall screen' })).token;
    const otherAdmin = await makePerson(server.core, cast.a.id, ['space_admin']);
    const access = `subscription($o: ID!) { accessEvents(orgId: $o) { type } }`;
    const revoked = follow(admin.token, { o: cast.a.id });
    const kept = follow(keptToken, { o: cast.a.id });
    const demotedAccess = follow(otherAdmin.token, { o: cast.a.id }, access);
    const keptAccess = follow(keptToken, { o: cast.a.id }, access);
    const demotedEvents = follow(otherAdmin.token, { o: cast.a.id });
    await sync(revoked, kept, demotedEvents);

    const [token] = await server.core.database.db.query.apiTokens.findMany({ where: (t, { eq, and }) => and(eq(t.personId, admin.id), eq(t.label, 'test')) });
    await server.core.execute(revokeApiToken, operator(), { tokenId: token!.id });
    await revoked.until(() => revoked.errors.length > 0);
    expect(codesOf(revoked.errors)).toEqual(['UNAUTHENTICATED']);

    // The other admin is demoted to contact: their accessEvents end, their org stream is re-scoped.
    await server.core.execute(setRoles, operator(), { orgId: cast.a.id, personId: otherAdmin.id, roles: ['contact'] });
    await demotedAccess.until(() => demotedAccess.errors.length > 0);
    expect(codesOf(demotedAccess.errors)).toEqual(['FORBIDDEN']);

    const id = await sync(kept, demotedEvents);
    expect(kept.errors).toEqual([]);
    expect(keptAccess.errors).toEqual([]);
    expect(demotedEvents.errors).toEqual([]);
    expect(revoked.received.some((r) => r.events.id === id)).toBe(false);
    // Re-scoped: the demoted person no longer reads another person's token events; the kept admin does.
    const created = await server.core.execute(createApiToken, operator(), { personId: cast.aSecond.id, label: 'after the demotion' });
    await sync(kept, demotedEvents);
    expect(kept.received.filter((r) => r.events.subjectId === created.id)).toHaveLength(1);
    expect(demotedEvents.received.filter((r) => r.events.subjectId === created.id)).toEqual([]);
  });

  it('re-scopes a promoted subscriber without ending it: it then reads what its new role reads', async () => {
    const person = await makePerson(server.core, cast.a.id, ['contact']);
    const sub = follow(person.token, { o: cast.a.id });
    await sync(sub);
    const created = await server.core.execute(createApiToken, operator(), { personId: cast.aSecond.id, label: 'before the promotion' });
    await sync(sub);
    expect(sub.received.filter((r) => r.events.subjectId === created.id)).toEqual([]);
    await server.core.execute(setRoles, operator(), { orgId: cast.a.id, personId: person.id, roles: ['contact', 'space_admin'] });
    // The session learns of the new roles from the bus and a read of the credential: until then events are
    // decided as for a contact (as before multiplexing). Once it has, another person's token events arrive.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const later = await server.core.execute(createApiToken, operator(), { personId: cast.aSecond.id, label: 'after the promotion' });
      await sync(sub);
      if (sub.received.some((r) => r.events.subjectId === later.id)) break;
      if (Date.now() > deadline) throw new Error('the promoted subscriber never read a token event');
    }
    expect(sub.errors).toEqual([]);
    expect(sub.completed).toBe(false);
  });

  it('keeps each subscription’s events in commit order under a burst, in one group and across groups', async () => {
    const contact = await makePerson(server.core, cast.a.id, ['contact']);
    const second = (await server.core.execute(createApiToken, operator(), { personId: contact.id, label: 'second' })).token;
    const streams = [follow(contact.token, { o: cast.a.id }), follow(second, { o: cast.a.id }), follow(server.adminToken, { o: cast.a.id })];
    await sync(...streams);
    const published: string[] = [];
    const stop = server.core.bus.subscribe((event) => {
      if (event.type === 'ticket.commented' && event.orgId === cast.a.id) published.push(String(event.id));
    });
    const agent = await actorOf(server.core, cast.providerAgent.id);
    const burst = 40;
    // Committed back to back, several at once: the order to check is the bus's.
    await Promise.all(Array.from({ length: burst }, (_, k) => server.core.execute(commentOnTicket, agent, { ticketId: cast.ticket.id, body: `burst ${k}` })));
    await eventually(() => published.length === burst);
    stop();
    for (const s of streams) {
      await s.until(() => published.every((id) => s.received.some((r) => r.events.id === id)));
      const got = s.received.map((r) => r.events.id).filter((id) => published.includes(id));
      expect(got).toEqual(published);
      expect(s.errors).toEqual([]);
    }
  });

  it('does not merge subscribers whose variables differ', async () => {
    const before = await gauges();
    // The same person, the same document, two orgs: two groups, each with its own org's events only.
    const staff = (await makePerson(server.core, server.core.providerId!, ['admin'])).token;
    const onA = follow(staff, { o: cast.a.id });
    const onB = follow(staff, { o: cast.b.id });
    const onAToo = follow(staff, { o: cast.a.id });
    await sync(onA, onAToo);
    const bPerson = (await makePerson(server.core, cast.b.id, ['contact'])).id;
    for (;;) {
      // onB hears of none of the comments on A: a token event of B's says that it is open.
      const onBToken = await server.core.execute(createApiToken, operator(), { personId: bPerson, label: 'on b' });
      try {
        await onB.until(() => onB.received.some((r) => r.events.subjectId === onBToken.id), 1_000);
        break;
      } catch {}
    }
    expect(await gauges()).toEqual({ subscriptions: before.subscriptions + 3, groups: before.groups + 2 });
    await sync(onA, onAToo);
    expect(onB.received.every((r) => r.events.type !== 'ticket.commented')).toBe(true);
    expect(onA.received.some((r) => onB.received.some((b) => b.events.id === r.events.id))).toBe(false);
  });
});
