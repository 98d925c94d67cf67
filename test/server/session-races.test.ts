/**
 * A session's own read of its credential (at the start of an operation) and the registry's read
 * after a directory event can finish in either order. Whichever finishes last, the session must
 * hold the state of the read that started last: an operation's read begun before a demotion must
 * not hand the demoted person their old roles back once the demotion was taken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg, setRoles } from '../../core/directory/index.ts';
import type { Core } from '../../core/core.ts';
import type { Authenticated } from '../../core/directory/index.ts';
import { createLogger } from '../../core/observability.ts';
import { RateLimiter } from '../../server/rate-limit.ts';
import { SessionRegistry, type Session } from '../../server/sessions.ts';
import { eventually } from '../support/clients.ts';
import { operator, startCore } from '../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { makePerson } from '../support/server.ts';

const rolesIn = (session: Session, orgId: string) => session.actor.memberships.find((m) => m.orgId === orgId)?.roles ?? [];

for (const backend of backends) {
  describe(`session reads on ${backend}`, () => {
    let db: TestDatabase;
    let core: Core;
    let registry: SessionRegistry;

    beforeAll(async () => {
      db = await createTestDatabase(backend);
      core = await startCore(db.database);
      registry = new SessionRegistry(core, new RateLimiter({ perSecond: 0, burst: 0 }), createLogger({ level: 'silent' }));
      registry.start();
    });

    afterAll(async () => {
      registry.stop();
      await core.stop();
      await db.dispose();
    });

    it('keeps the demotion when an operation’s read that began before it finishes after it', async () => {
      const org = await core.execute(createOrg, operator(), { name: 'Race Inc', slug: 'race' });
      const admin = await makePerson(core, org.id, ['contact', 'space_admin']);
      const opened = await registry.open({ bearer: admin.token }, 'graphql');
      if (!('session' in opened)) throw new Error('the token did not authenticate');
      const { session } = opened;

      // The operation's own read sees the admin as they are now, and is held until the demotion was taken.
      const readNow = registry.readCredential.bind(registry);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let stale: Promise<Authenticated | undefined> | undefined;
      registry.readCredential = (credential, door) => {
        stale = readNow(credential, door);
        return stale.then(async (found) => {
          await held;
          return found;
        });
      };
      const operation = session.forOperation();
      await eventually(() => stale !== undefined);
      await stale;

      await core.execute(setRoles, operator(), { orgId: org.id, personId: admin.id, roles: ['contact'] });
      await eventually(() => !rolesIn(session, org.id).includes('space_admin'));

      release();
      const actor = await operation;
      expect(rolesIn(session, org.id)).toEqual(['contact']);
      expect(actor.memberships.find((m) => m.orgId === org.id)?.roles).toEqual(['contact']);
      session.close();
    });
  });
}
