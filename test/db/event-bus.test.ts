import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, setRoles } from '../../core/directory/index.ts';
import type { Core } from '../../core/core.ts';
import type { DomainEvent } from '../../core/events/bus.ts';
import { PostgresEventBus } from '../../core/events/postgres-bus.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';
import { eventually } from '../support/clients.ts';

describe.each(backends)('the event bus on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('publishes a committed command\'s event once, after commit, to every subscriber', async () => {
    const first: DomainEvent[] = [];
    const second: DomainEvent[] = [];
    const offFirst = core.bus.subscribe((e) => first.push(e));
    const offSecond = core.bus.subscribe((e) => second.push(e));
    const org = await core.execute(createOrg, operator(), { name: 'Gamma', slug: 'gamma' });
    await eventually(() => first.length >= 1 && second.length >= 1);
    await new Promise((r) => setTimeout(r, 100)); // a late duplicate would arrive by now
    expect(first.map((e) => [e.type, e.subjectId])).toEqual([['org.created', org.id]]);
    expect(second).toEqual(first);
    offFirst();
    offSecond();
  });

  it('publishes nothing for a command that failed', async () => {
    const seen: DomainEvent[] = [];
    const off = core.bus.subscribe((e) => seen.push(e));
    await expect(core.execute(createOrg, operator(), { name: 'Again', slug: 'gamma' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([]);
    off();
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    const seen: DomainEvent[] = [];
    const offBad = core.bus.subscribe(() => {
      throw new Error('subscriber bug');
    });
    const offGood = core.bus.subscribe((e) => seen.push(e));
    await makeClientOrg(core, 'delta');
    await eventually(() => seen.length === 1);
    offBad();
    offGood();
  });
});

describe.runIf(hasPostgres)('the event bus across instances on PostgreSQL', () => {
  let db: TestDatabase;
  let one: Core;
  let two: Core;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    one = await startCore(db.database, { instanceId: 'one' });
    two = await startCore(await db.openAnother(), { instanceId: 'two' });
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await db?.dispose();
  });

  it('delivers an event committed on one instance to a subscriber on the other, once', async () => {
    const onTwo: DomainEvent[] = [];
    const off = two.bus.subscribe((e) => onTwo.push(e));
    const org = await one.execute(createOrg, operator(), { name: 'Echo', slug: 'echo' });
    await eventually(() => onTwo.some((e) => e.subjectId === org.id));
    await new Promise((r) => setTimeout(r, 150));
    expect(onTwo.filter((e) => e.subjectId === org.id)).toHaveLength(1);
    off();
  });

  it('catches up from the outbox on what was committed while its listener was away', async () => {
    const org = await makeClientOrg(one, 'hotel');
    const person = await makePerson(one, org.id, ['contact']);
    const onTwo: DomainEvent[] = [];
    const off = two.bus.subscribe((e) => onTwo.push(e));
    const rolesSet = () => onTwo.filter((e) => e.type === 'person.roles_set' && e.subjectId === person.id);
    // Let the set-up's own events arrive first, so that nothing is in flight.
    await eventually(() => onTwo.some((e) => e.type === 'api_token.created' && e.payload.personId === person.id));
    await two.bus.stop(); // the listener is gone; NOTIFY keeps nothing for it
    await one.execute(setRoles, operator(), { orgId: org.id, personId: person.id, roles: ['contract_owner'] });
    await new Promise((r) => setTimeout(r, 100));
    expect(rolesSet()).toEqual([]);
    await two.bus.start(); // listening again: reads the outbox from shortly before it last heard anything
    await eventually(() => rolesSet().length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(rolesSet()).toHaveLength(1);
    off();
  });

  it('loses no event when the listening connection is cut', async () => {
    const org = await makeClientOrg(one, 'foxtrot');
    const person = await makePerson(one, org.id, ['contact']);
    const onTwo: DomainEvent[] = [];
    const off = two.bus.subscribe((e) => onTwo.push(e));
    const listenerPids = async () =>
      (
        (await one.database.db.execute(
          sql`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%'`,
        )) as unknown as Array<{ pid: number }>
      ).map((r) => r.pid);
    const before = await listenerPids();
    expect(before.length).toBe(2); // one listener per instance

    // Cut both listeners; commit while they are away.
    await one.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen%'`);
    const missed = await one.execute(setRoles, operator(), { orgId: org.id, personId: person.id, roles: ['space_owner'] });
    expect(missed.roles).toEqual(['space_owner']);

    await eventually(() => onTwo.some((e) => e.type === 'person.roles_set' && e.subjectId === person.id), 15_000);
    expect(onTwo.filter((e) => e.type === 'person.roles_set' && e.subjectId === person.id)).toHaveLength(1);
    off();
  });

  it('delivers an event whose announcement never went out, through the periodic outbox sweep', async () => {
    const onTwo: DomainEvent[] = [];
    const off = two.bus.subscribe((e) => onTwo.push(e));
    const notify = one.database.notify;
    one.database.notify = async () => {
      throw new Error('connection lost before NOTIFY');
    };
    try {
      const org = await one.execute(createOrg, operator(), { name: 'India', slug: 'india' });
      await new Promise((r) => setTimeout(r, 200));
      expect(onTwo.filter((e) => e.subjectId === org.id)).toEqual([]);
      await (two.bus as PostgresEventBus).sweep(); // runs every few seconds on its own
      await eventually(() => onTwo.some((e) => e.subjectId === org.id));
      expect(onTwo.filter((e) => e.subjectId === org.id)).toHaveLength(1);
    } finally {
      one.database.notify = notify;
      off();
    }
  });

  it('never delivers an instance\'s own event a second time through its notification', async () => {
    const onOne: DomainEvent[] = [];
    const off = one.bus.subscribe((e) => onOne.push(e));
    const org = await one.execute(createOrg, operator(), { name: 'Golf', slug: 'golf' });
    await new Promise((r) => setTimeout(r, 200));
    expect(onOne.filter((e) => e.subjectId === org.id)).toHaveLength(1);
    expect(one.bus).toBeInstanceOf(PostgresEventBus);
    off();
  });
});
