/**
 * The upgrade that introduced Slack workspaces per org: its hand-written backfill gives each client
 * org the workspaces of the contacts it had, so today's users keep being served, and claims nothing
 * that is ambiguous or the provider's.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../db/migrate.ts';
import { slackWorkspaces } from '../../db/schema.ts';
import type { Core } from '../../core/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { linkSlackChannel, makeClientOrg, makePerson } from '../support/server.ts';

const backfill = readFileSync(
  join(migrationsFolder, readdirSync(migrationsFolder).find((file) => file.endsWith('_slack_workspaces_backfill.sql'))!),
  'utf8',
);

describe.each(backends)('the backfill of Slack workspaces on %s', (backend) => {
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

  it("gives each client org the workspaces only its own people came from, and nothing ambiguous or the provider's", async () => {
    const acme = await makeClientOrg(core, 'acme');
    const beta = await makeClientOrg(core, 'beta');
    const gamma = await makeClientOrg(core, 'gamma');
    const slack = (teamId: string, userId: string) => ({ slack: { teamId, userId } });
    await makePerson(core, acme.id, ['contact'], slack('TACME', 'UA1'));
    await makePerson(core, acme.id, ['contract_admin'], slack('TACME', 'UA2'));
    await makePerson(core, beta.id, ['contact'], slack('TBETA', 'UB1'));
    // One workspace whose users are people of two orgs: nobody can tell whose it is.
    await makePerson(core, acme.id, ['contact'], slack('TSHARED', 'US1'));
    await makePerson(core, beta.id, ['contact'], slack('TSHARED', 'US2'));
    // The provider's own workspace, where a client's person happens to have an identity too.
    await makePerson(core, core.providerId!, ['agent'], slack('TPROV', 'UP1'));
    await makePerson(core, gamma.id, ['contact'], slack('TPROV', 'UG1'));
    // The team channels are linked under is the installation's, the provider's.
    await linkSlackChannel(core, gamma.id, 'TINSTALL', 'CGAMMA');
    await makePerson(core, gamma.id, ['contact'], slack('TINSTALL', 'UG2'));

    await db.database.db.execute(sql.raw(backfill));
    const claimed = async () =>
      db.database.db.select({ teamId: slackWorkspaces.teamId, orgId: slackWorkspaces.orgId }).from(slackWorkspaces).orderBy(asc(slackWorkspaces.teamId));
    expect(await claimed()).toEqual([
      { teamId: 'TACME', orgId: acme.id },
      { teamId: 'TBETA', orgId: beta.id },
    ]);
    // Run again (a workspace claimed since stays as it is): nothing changes.
    await db.database.db.execute(sql.raw(backfill));
    expect(await claimed()).toHaveLength(2);
  });
});
