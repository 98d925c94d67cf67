import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackDoor, SLACK_OFF_MESSAGE } from '../../../doors/slack/index.ts';
import { auditEvents, channelLinks } from '../../../db/schema.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Host } from '../../../server/door.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import {
  fakeSlackApi,
  postSlackCommand,
  PROVIDER_TEAM,
  SLACK_SIGNING_SECRET,
  slackEnv,
  slashCommand,
  type FakeSlackApi,
} from '../../support/slack.ts';

describe.each(backends)('the /opsdesk slash command on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let admin: MadePerson;
  let agent: MadePerson;
  const adminSlack = { teamId: PROVIDER_TEAM, userId: 'UADMIN01' };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT01' };
  const logLines: string[] = [];

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      slack: { webClientOptions: { retryConfig: { retries: 0 } } },
    });
    admin = await makePerson(server.core, server.core.providerId!, ['admin'], { name: 'Ada Admin', slack: adminSlack });
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    await makeClientOrg(server.core, 'acme');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const auditCount = async () => (await db.database.db.select().from(auditEvents)).length;
  const linkOf = async (channelId: string) =>
    (
      await db.database.db
        .select()
        .from(channelLinks)
        .where(and(eq(channelLinks.teamId, PROVIDER_TEAM), eq(channelLinks.channelId, channelId)))
    )[0];

  it('tells a provider admin with a Slack identity who they are, only to them', async () => {
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CGENERAL', '/opsdesk', 'whoami'));
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toContain('Ada Admin');
    expect(res.json.text).toContain('Provider: admin');
    expect(JSON.stringify(res.json.blocks)).toContain('<@UADMIN01>');
  });

  it('links the current channel when a provider admin runs /opsdesk link, in the channel and on the trail', async () => {
    const before = await auditCount();
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED1', '/opsdesk', 'link acme'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: 'in_channel', text: 'This channel is now linked to acme Inc (client)' });

    const link = await linkOf('CSHARED1');
    expect(link).toMatchObject({ purpose: 'client' });
    const [event] = await db.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'channel.linked'));
    expect(event).toMatchObject({
      actorType: 'person',
      actorId: admin.id,
      door: 'slack',
      orgId: link!.orgId,
      subjectId: `${PROVIDER_TEAM}/CSHARED1`,
      requestId: res.requestId,
    });
    expect(await auditCount()).toBe(before + 1);
  });

  it('links a provider channel with the purpose given', async () => {
    const res = await postSlackCommand(
      server.url,
      SLACK_SIGNING_SECRET,
      slashCommand(adminSlack, 'CONCALL1', '/opsdesk', 'link provider oncall'),
    );
    expect(res.json).toMatchObject({ response_type: 'in_channel', text: 'This channel is now linked to Provider (oncall)' });
    expect(await linkOf('CONCALL1')).toMatchObject({ orgId: server.core.providerId, purpose: 'oncall' });
  });

  it('refuses /opsdesk link to someone who is not a provider admin, ephemerally, and writes nothing', async () => {
    const before = await auditCount();
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(agentSlack, 'CSHARED2', '/opsdesk', 'link acme'));
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toMatch(/^You may not do that/);
    expect(await linkOf('CSHARED2')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    expect(agent.id).toBeDefined();
  });

  it('gives a client admin nothing of another client: that org is "not found", word for word like a slug that does not exist', async () => {
    const acme = (await server.core.database.db.query.orgs.findFirst({ where: (o, { eq: is }) => is(o.slug, 'acme') }))!;
    await makeClientOrg(server.core, 'beta');
    const acmeAdminSlack = { teamId: 'TACMECORP', userId: 'UACMEADM1' };
    await makePerson(server.core, acme.id, ['contract_admin'], { name: 'Clara Acme', slack: acmeAdminSlack });
    const before = await auditCount();

    const otherOrg = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(acmeAdminSlack, 'CACME1', '/opsdesk', 'link beta'));
    const noSuchOrg = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(acmeAdminSlack, 'CACME1', '/opsdesk', 'link gamma'));
    expect(otherOrg.json).toMatchObject({ response_type: 'ephemeral', text: 'Not found: organisation not found.' });
    expect(noSuchOrg.json).toEqual(otherOrg.json);
    const ownOrg = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(acmeAdminSlack, 'CACME1', '/opsdesk', 'link acme'));
    expect(ownOrg.json.text).toMatch(/^You may not do that/); // linking is the provider's to do
    const whoami = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(acmeAdminSlack, 'CACME1', '/opsdesk', 'whoami'));
    expect(whoami.json.text).toContain('acme Inc');
    expect(JSON.stringify(whoami.json)).not.toContain('beta');
    expect(await linkOf('CACME1')).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('answers an unknown organisation and a wrong purpose with an ephemeral explanation', async () => {
    const unknown = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED3', '/opsdesk', 'link nosuchorg'));
    expect(unknown.json).toMatchObject({ response_type: 'ephemeral', text: 'Not found: organisation not found.' });
    const wrong = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED3', '/opsdesk', 'link acme oncall'));
    expect(wrong.json.response_type).toBe('ephemeral');
    expect(wrong.json.text).toContain("a client org's channel can be client or announcements, not oncall");
    expect(await linkOf('CSHARED3')).toBeUndefined();
  });

  it('shows the usage for help, for nothing and for anything it does not know', async () => {
    for (const text of ['help', '', 'frobnicate now']) {
      const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CGENERAL', '/opsdesk', text));
      expect(res.json.response_type).toBe('ephemeral');
      expect(res.json.text).toContain('/opsdesk link <org-slug>');
    }
  });

  it('answers a request with a bad signature with 401 and does nothing', async () => {
    const before = await auditCount();
    const res = await postSlackCommand(server.url, 'not-the-secret', slashCommand(adminSlack, 'CSHARED4', '/opsdesk', 'link acme'));
    expect(res.status).toBe(401);
    const stale = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED4', '/opsdesk', 'link acme'), {
      timestamp: Math.floor(Date.now() / 1000) - 10 * 60,
    });
    expect(stale.status).toBe(401);
    expect(await linkOf('CSHARED4')).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('refuses a request signed more than five minutes in the future like a stale one, and logs it as a warning', async () => {
    const before = await auditCount();
    const now = Math.floor(Date.now() / 1000);
    const ahead = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED5', '/opsdesk', 'link acme'), {
      timestamp: now + 10 * 60,
    });
    expect(ahead.status).toBe(401);
    expect(await linkOf('CSHARED5')).toBeUndefined();
    expect(await auditCount()).toBe(before);
    const warned = logLines.map((l) => JSON.parse(l)).filter((l) => l.requestId === ahead.requestId);
    expect(warned).toMatchObject([{ level: 40, msg: expect.stringContaining('future') }]);

    // A clock a little ahead of Slack's is within the five minutes either way.
    const slightly = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(adminSlack, 'CSHARED5', '/opsdesk', 'link acme'), {
      timestamp: now + 60,
    });
    expect(slightly.status).toBe(200);
    expect(await linkOf('CSHARED5')).toMatchObject({ purpose: 'client' });
  });

  it('needs no call to Slack for a known user', () => {
    // The team id comes from SLACK_PROVIDER_TEAM_ID, and known users need no users.info.
    expect(slack.calls.map((c) => c.method)).toEqual([]);
  });
});

describe('the Slack door without configuration', () => {
  it('stays closed and says once how to open it', () => {
    const lines: string[] = [];
    const logger = { info: (line: string) => lines.push(line) } as unknown as Host['logger'];
    const adapter = slackDoor({ core: undefined as never, config: loadConfig({}), logger, sessions: undefined as never, limiter: undefined as never }, []);
    expect(adapter).toBeUndefined();
    expect(lines).toEqual([SLACK_OFF_MESSAGE]);
  });
});
