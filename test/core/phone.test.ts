import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '../../db/schema.ts';
import { phoneNumbers, phonesOfMembers, setPhone } from '../../core/directory/index.ts';
import type { Core } from '../../core/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { actorOf, operator, startCore } from '../support/core.ts';
import { makeTenants } from '../support/server.ts';

describe.each(backends)('phone numbers on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let tenants: Awaited<ReturnType<typeof makeTenants>>;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database);
    tenants = await makeTenants(core);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('a person sets their own number in E.164, and the trail keeps only its last two digits', async () => {
    const me = await actorOf(core, tenants.aContact.id);
    const set = await core.execute(setPhone, me, { personId: tenants.aContact.id, phone: '+46 70-123 45 67' });
    expect(set).toEqual({ personId: tenants.aContact.id, phone: '+46701234567' });
    const [event] = await core.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'person.phone_set'), eq(auditEvents.subjectId, tenants.aContact.id)));
    expect(event!.data).toEqual({ set: true, endsWith: '67' });
    expect(JSON.stringify(event)).not.toContain('701234567');
  });

  it('refuses a number that is not E.164', async () => {
    const me = await actorOf(core, tenants.aContact.id);
    await expect(core.execute(setPhone, me, { personId: tenants.aContact.id, phone: '0701234567' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("the org's admin sets a member's number; a colleague may not, and another tenant's admin does not find them", async () => {
    await core.execute(setPhone, await actorOf(core, tenants.aAdmin.id), { personId: tenants.aContact.id, phone: '+46701111111' });
    await expect(
      core.execute(setPhone, await actorOf(core, tenants.aContact.id), { personId: tenants.aAdmin.id, phone: '+46702222222' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      core.execute(setPhone, await actorOf(core, tenants.bAdmin.id), { personId: tenants.aContact.id, phone: '+46703333333' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the number is read by the person and their managers, and by opsdesk itself; not by colleagues', async () => {
    const own = await core.read(phonesOfMembers, await actorOf(core, tenants.aContact.id), { orgId: tenants.a.id, personIds: [tenants.aContact.id, tenants.aAdmin.id] });
    expect([...own]).toEqual([[tenants.aContact.id, '+46701111111']]);
    const admin = await core.read(phonesOfMembers, await actorOf(core, tenants.aAdmin.id), { orgId: tenants.a.id, personIds: [tenants.aContact.id] });
    expect(admin.get(tenants.aContact.id)).toBe('+46701111111');
    const system = await core.read(phoneNumbers, operator(), { personIds: [tenants.aContact.id, tenants.aAdmin.id] });
    expect([...system.keys()]).toEqual([tenants.aContact.id]);
    await expect(core.read(phoneNumbers, await actorOf(core, tenants.aAdmin.id), { personIds: [tenants.aContact.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('null clears the number', async () => {
    await core.execute(setPhone, await actorOf(core, tenants.aContact.id), { personId: tenants.aContact.id, phone: null });
    expect((await core.read(phoneNumbers, operator(), { personIds: [tenants.aContact.id] })).size).toBe(0);
  });
});
