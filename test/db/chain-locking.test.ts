import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setRoles } from '../../core/directory/index.ts';
import type { Core } from '../../core/core.ts';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../support/db.ts';
import { operator, startCore } from '../support/core.ts';
import { makeClientOrg, makePerson } from '../support/server.ts';

// Real concurrency needs real connections: PostgreSQL only (PGlite runs one transaction at a time).
describe.runIf(hasPostgres)('audit chains on PostgreSQL', () => {
  let db: TestDatabase;
  let core: Core;
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    core = await startCore(db.database);
  });
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('lets one org append while another org is in the middle of an append', async () => {
    const a = (await makeClientOrg(core, 'alpha')).id;
    const b = (await makeClientOrg(core, 'bravo')).id;
    const personA = await makePerson(core, a, ['contact']);
    const personB = await makePerson(core, b, ['contact']);

    // Another session holds org A's chain head, as a slow command on A would.
    const other = postgres(db.url!, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = other.begin(async (tx) => {
      await tx`select * from audit_chain_heads where chain_id = ${a} for update`;
      locked();
      await held;
    });
    await isLocked;

    let aDone = false;
    const onA = core
      .execute(setRoles, operator(), { orgId: a, personId: personA.id, roles: ['space_admin'] })
      .then(() => (aDone = true));
    await core.execute(setRoles, operator(), { orgId: b, personId: personB.id, roles: ['space_admin'] });
    expect(aDone).toBe(false); // B committed while A still waits for its chain

    release();
    await holder;
    await onA;
    expect(aDone).toBe(true);
    await other.end();
  });
});
