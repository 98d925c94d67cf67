import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/clients.ts';
import { makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import { appHomeOpened, fakeSlackApi, postSlackEvent, PROVIDER_TEAM, SLACK_SIGNING_SECRET, slackEnv, type FakeSlackApi } from '../../support/slack.ts';

describe.each(backends)('the App Home tab on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UHOME001' };

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      slack: { webClientOptions: { retryConfig: { retries: 0 } } },
    });
    await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Holger Home', slack: agentSlack });
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it('tells a person with nothing to do that nothing waits for them', async () => {
    const res = await postSlackEvent(server.url, SLACK_SIGNING_SECRET, appHomeOpened(agentSlack));
    expect(res.status).toBe(200);
    await eventually(() => slack.callsTo('views.publish').length === 1);
    const [publish] = slack.callsTo('views.publish');
    expect(publish!.args.user_id).toBe(agentSlack.userId);
    expect(publish!.args.view.type).toBe('home');
    const text = JSON.stringify(publish!.args.view.blocks);
    // Every capability's section is rendered for this person; with nothing in any of them, the view says so.
    expect(text).toContain('Nothing waits for you, Holger Home');
  });

  it('publishes nothing for someone opsdesk does not know', async () => {
    slack.reset();
    const res = await postSlackEvent(server.url, SLACK_SIGNING_SECRET, appHomeOpened({ teamId: 'TSTRANGER', userId: 'USTRANGE1' }));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(slack.callsTo('views.publish')).toHaveLength(0);
  });
});
