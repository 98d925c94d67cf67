/** Phone numbers and notification rules over GraphQL, and an alarm's pages on its timeline. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { codeOf, gql } from '../../support/clients.ts';
import { operator } from '../../support/core.ts';
import { createEscalationPolicy, setAlarmRoute } from '../../../core/alarms/index.ts';
import { makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';

describe.each(backends)('notification rules over GraphQL on %s', (backend) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let db: TestDatabase;
  let server: TestServer;
  let ada: MadePerson;
  let bob: MadePerson;

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, { clock });
    ada = await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Ada' });
    bob = await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Bob' });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('a person sets their phone and their rules, and reads them back; a colleague may not set them', async () => {
    const phone = await gql(server.url, ada.token, 'mutation($input: SetPhoneInput!) { setPhone(input: $input) { personId phone } }', {
      input: { personId: ada.id, phone: '+46 70 100 00 01' },
    });
    expect(phone.data).toEqual({ setPhone: { personId: ada.id, phone: '+46701000001' } });
    const people = await gql(server.url, ada.token, 'query($orgId: ID!) { people(orgId: $orgId) { id phone } }', { orgId: server.core.providerId });
    expect(people.data!.people).toContainEqual({ id: ada.id, phone: '+46701000001' });
    // A colleague (no admin) sees people, not their numbers.
    const seenByBob = await gql(server.url, bob.token, 'query($orgId: ID!) { people(orgId: $orgId) { id phone } }', { orgId: server.core.providerId });
    expect(seenByBob.data!.people).toContainEqual({ id: ada.id, phone: null });

    const before = await gql(server.url, ada.token, '{ notificationRules { personId isDefault steps { channel delayMinutes } } }');
    expect(before.data!.notificationRules).toEqual({
      personId: ada.id,
      isDefault: true,
      steps: [
        { channel: 'SLACK', delayMinutes: 0 },
        { channel: 'SMS', delayMinutes: 2 },
        { channel: 'EMAIL', delayMinutes: 5 },
      ],
    });
    const set = await gql(server.url, ada.token, 'mutation($input: SetNotificationRulesInput!) { setNotificationRules(input: $input) { isDefault steps { channel delayMinutes } } }', {
      input: { steps: [{ channel: 'SMS', delayMinutes: 0 }, { channel: 'EMAIL', delayMinutes: 3 }] },
    });
    expect(set.data!.setNotificationRules).toEqual({ isDefault: false, steps: [{ channel: 'SMS', delayMinutes: 0 }, { channel: 'EMAIL', delayMinutes: 3 }] });
    const refused = await gql(server.url, bob.token, 'mutation($input: SetNotificationRulesInput!) { setNotificationRules(input: $input) { isDefault } }', {
      input: { personId: ada.id, steps: null },
    });
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it("an alarm's pages are on its timeline", async () => {
    const source = await makeAlarmSource(server.core);
    const policy = await server.core.execute(createEscalationPolicy, operator(), { name: 'ada', steps: [{ target: { type: 'person', personId: ada.id } }] });
    await server.core.execute(setAlarmRoute, operator(), { sourceName: source.name, policyId: policy.id });
    const [fired] = await ingest(server.core, source, firing('gql-1'));
    const alarm = await gql(server.url, ada.token, 'query($id: ID!) { alarm(id: $id) { pages { personId channel escalationStep rule failedAt } } }', { id: fired!.alarmId });
    expect(alarm.data!.alarm.pages).toEqual([{ personId: ada.id, channel: 'SMS', escalationStep: 0, rule: 0, failedAt: null }]);
  });
});
