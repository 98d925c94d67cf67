import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actorOf } from '../../../doors/slack/context.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { auditEvents, memberships, people, slackDeliveries, slackIdentities } from '../../../db/schema.ts';
import { eventually } from '../../support/clients.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { claimWorkspace, linkSlackChannel, makeClientOrg, makePerson, startTestServer, type TestServer } from '../../support/server.ts';
import {
  blockActions,
  CLIENT_TEAM,
  fakeSlackApi,
  messageEvent,
  postSlackCommand,
  postSlackEvent,
  postSlackInteraction,
  PROVIDER_TEAM,
  SLACK_SIGNING_SECRET,
  slackEnv,
  slashCommand,
  type FakeSlackApi,
} from '../../support/slack.ts';

describe.each(backends)('who is acting in Slack, on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let acme: { id: string; name: string };
  const logLines: string[] = [];
  /** Every message a (test) listener saw, with the actor the identity middleware put in the context. */
  const handled: Array<{ text: string; actor: PersonActor | undefined }> = [];
  const adminSlack = { teamId: PROVIDER_TEAM, userId: 'UADMIN01' };
  const BOREALIS_TEAM = 'TBOREALIS';

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      slack: {
          webClientOptions: { retryConfig: { retries: 0 } },
          listeners: [
            (app) =>
              app.message(async ({ message, context }) => {
                handled.push({ text: 'text' in message ? String(message.text) : '', actor: actorOf(context) });
              }),
          ],
        },
    });
    await makePerson(server.core, server.core.providerId!, ['admin'], { name: 'Ada Admin', slack: adminSlack });
    acme = await makeClientOrg(server.core, 'acme');
    await linkSlackChannel(server.core, acme.id, PROVIDER_TEAM, 'CACME01');
    await claimWorkspace(server.core, acme.id, CLIENT_TEAM);
    // Another client, sharing acme's Slack Connect channel with its own workspace.
    await claimWorkspace(server.core, (await makeClientOrg(server.core, 'borealis')).id, BOREALIS_TEAM);
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });
  beforeEach(() => slack.reset());

  const count = async (table: typeof people | typeof slackIdentities | typeof auditEvents) =>
    (await db.database.db.select().from(table as typeof people)).length;
  const rows = () => db.database.db;

  it('refuses a user of another team in an unlinked channel politely and stores nothing', async () => {
    const before = { people: await count(people), identities: await count(slackIdentities), audit: await count(auditEvents) };
    slack.users.set('USTRANGE1', { realName: 'Stan Stranger', teamId: CLIENT_TEAM });
    const stranger = { teamId: CLIENT_TEAM, userId: 'USTRANGE1' };
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(stranger, 'CUNLINKED', '/opsdesk', 'whoami'));
    expect(res.status).toBe(200);
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toMatch(/^Sorry, I can't help you here: opsdesk only works in channels linked to your organisation/);
    expect({ people: await count(people), identities: await count(slackIdentities), audit: await count(auditEvents) }).toEqual(before);
  });

  it('makes a user of another team in a channel linked to an org a contact of that org, on its trail', async () => {
    slack.users.set('UCLIENT01', { realName: 'Clara Client', teamId: CLIENT_TEAM });
    const clara = { teamId: CLIENT_TEAM, userId: 'UCLIENT01' };
    const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(clara, 'CACME01', '/opsdesk', 'whoami'));
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toBe('You are Clara Client. acme Inc: contact');

    const [identity] = await rows()
      .select()
      .from(slackIdentities)
      .where(and(eq(slackIdentities.teamId, CLIENT_TEAM), eq(slackIdentities.userId, 'UCLIENT01')));
    const [membership] = await rows().select().from(memberships).where(eq(memberships.personId, identity!.personId));
    expect(membership).toMatchObject({ orgId: acme.id, roles: ['contact'] });
    const [event] = await rows()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'person.registered_from_slack'), eq(auditEvents.subjectId, identity!.personId)));
    expect(event).toMatchObject({ orgId: acme.id, actorType: 'system', actorId: 'slack', door: 'slack' });
    expect(event!.data).toMatchObject({ name: 'Clara Client', teamId: CLIENT_TEAM, userId: 'UCLIENT01', roles: ['contact'] });
    expect(slack.callsTo('users.info').map((c) => c.args.user)).toEqual(['UCLIENT01']);

    // Known from now on: no second registration, no second users.info.
    await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(clara, 'CACME01', '/opsdesk', 'whoami'));
    expect(slack.callsTo('users.info')).toHaveLength(1);
  });

  it("refuses a user of another client's workspace, or of an unknown one, in a channel linked to an org, and stores nothing", async () => {
    const before = { people: await count(people), identities: await count(slackIdentities), audit: await count(auditEvents) };
    slack.users.set('UBOREAL01', { realName: 'Bo Borealis', teamId: BOREALIS_TEAM });
    slack.users.set('UNOWHERE1', { realName: 'Nils Nowhere', teamId: 'TUNKNOWN1' });
    for (const user of [{ teamId: BOREALIS_TEAM, userId: 'UBOREAL01' }, { teamId: 'TUNKNOWN1', userId: 'UNOWHERE1' }]) {
      const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(user, 'CACME01', '/opsdesk', 'whoami'));
      expect(res.status).toBe(200);
      expect(res.json.response_type).toBe('ephemeral');
      expect(res.json.text).toBe(
        "Sorry, I can't help you here: your Slack workspace is not registered with acme Inc. " +
          'If you work with them, ask their admin (or your contact with us) to register your Slack workspace with opsdesk.',
      );
    }
    expect({ people: await count(people), identities: await count(slackIdentities), audit: await count(auditEvents) }).toEqual(before);
  });

  it('makes an unknown user of the provider team provider staff without roles', async () => {
    slack.users.set('UNEWSTAFF', { realName: 'Nina New' });
    const res = await postSlackCommand(
      server.url,
      SLACK_SIGNING_SECRET,
      slashCommand({ teamId: PROVIDER_TEAM, userId: 'UNEWSTAFF' }, 'CANYWHERE', '/opsdesk', 'whoami'),
    );
    expect(res.json.text).toBe('You are Nina New. Provider: no roles yet');
  });

  it('trusts Slack’s record of a user’s home team over the payload, so a client’s user never becomes provider staff', async () => {
    slack.users.set('UCLIENT02', { realName: 'Carl Client', teamId: CLIENT_TEAM });
    // The payload claims the provider's team; users.info knows better.
    const carl = { teamId: PROVIDER_TEAM, userId: 'UCLIENT02' };
    for (let i = 0; i < 2; i++) {
      const res = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(carl, 'CACME01', '/opsdesk', 'whoami'));
      expect(res.json.text).toBe('You are Carl Client. acme Inc: contact');
    }
    const identities = await rows().select().from(slackIdentities).where(eq(slackIdentities.userId, 'UCLIENT02'));
    expect(identities.map((i) => i.teamId)).toEqual([CLIENT_TEAM]);
  });

  it('does not make anyone provider staff when Slack cannot confirm their team', async () => {
    const before = await count(people);
    const res = await postSlackCommand(
      server.url,
      SLACK_SIGNING_SECRET,
      slashCommand({ teamId: PROVIDER_TEAM, userId: 'UUNCONFIRM' }, 'CANYWHERE', '/opsdesk', 'whoami'),
    );
    expect(res.json.response_type).toBe('ephemeral');
    expect(res.json.text).toBe(
      `Something went wrong on our side (ref ${res.requestId}). Please try again, or quote the ref to the support team.`,
    );
    expect(logLines.some((l) => l.includes('Slack request failed') && l.includes(res.requestId!))).toBe(true);
    expect(await count(people)).toBe(before);
  });

  it('registers a new user once when their first two requests arrive together', async () => {
    slack.users.set('UTWOATONCE', { realName: 'Tess Twice' });
    const tess = { teamId: PROVIDER_TEAM, userId: 'UTWOATONCE' };
    const answers = await Promise.all([
      postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(tess, 'CANYWHERE', '/opsdesk', 'whoami')),
      postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(tess, 'CANYWHERE', '/opsdesk', 'whoami')),
    ]);
    expect(answers.map((a) => a.json.text)).toEqual(['You are Tess Twice. Provider: no roles yet', 'You are Tess Twice. Provider: no roles yet']);
    expect(await rows().select().from(slackIdentities).where(eq(slackIdentities.userId, 'UTWOATONCE'))).toHaveLength(1);
    const registered = await rows().select().from(auditEvents).where(eq(auditEvents.action, 'person.registered_from_slack'));
    expect(registered.filter((e) => (e.data as { userId?: string }).userId === 'UTWOATONCE')).toHaveLength(1);
  });

  it('tells a stranger who presses a button why not, with an ephemeral message, and stores nothing', async () => {
    const before = await count(people);
    // Not declared to the fake: users.info fails, and the payload's team (not the provider's) decides.
    const stranger = { teamId: CLIENT_TEAM, userId: 'USTRANGE2' };
    const res = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      blockActions(stranger, 'CUNLINKED', { actionId: 'ticket.acknowledge', value: 'x' }),
    );
    expect(res.status).toBe(200);
    await eventually(() => slack.callsTo('chat.postEphemeral').length === 1);
    const [call] = slack.callsTo('chat.postEphemeral');
    expect(call!.args).toMatchObject({ channel: 'CUNLINKED', user: 'USTRANGE2' });
    expect(call!.args.text).toMatch(/^Sorry, I can't help you here/);
    expect(call!.token).toBe(slackEnv.SLACK_BOT_TOKEN);
    expect(await count(people)).toBe(before);
  });

  it('hands listeners the actor of a message, and ignores a stranger’s message without a word', async () => {
    handled.length = 0;
    await postSlackEvent(server.url, SLACK_SIGNING_SECRET, messageEvent(adminSlack, 'CACME01', 'hello from Ada'));
    await eventually(() => handled.length === 1);
    expect(handled[0]!.actor).toMatchObject({ type: 'person', name: 'Ada Admin', door: 'slack' });

    const before = await count(people);
    await postSlackEvent(server.url, SLACK_SIGNING_SECRET, messageEvent({ teamId: CLIENT_TEAM, userId: 'USTRANGE3' }, 'CUNLINKED', 'hi?'));
    await postSlackEvent(server.url, SLACK_SIGNING_SECRET, messageEvent(adminSlack, 'CACME01', 'second from Ada'));
    await eventually(() => handled.length === 2);
    expect(handled.map((h) => h.text)).toEqual(['hello from Ada', 'second from Ada']);
    expect(await count(people)).toBe(before);
    expect(slack.callsTo('chat.postEphemeral')).toEqual([]);
  });

  it('handles an event that Slack delivers twice only once', async () => {
    handled.length = 0;
    const envelope = messageEvent(adminSlack, 'CACME01', 'delivered twice', { eventId: 'EvTWICE01' });
    const first = await postSlackEvent(server.url, SLACK_SIGNING_SECRET, envelope);
    expect(first.status).toBe(200);
    await eventually(() => handled.length === 1);

    const retry = await postSlackEvent(server.url, SLACK_SIGNING_SECRET, envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await eventually(() => logLines.some((l) => l.includes('duplicate Slack delivery ignored') && l.includes('event:EvTWICE01')));
    expect(handled.map((h) => h.text)).toEqual(['delivered twice']);
    expect(await rows().select().from(slackDeliveries).where(eq(slackDeliveries.key, 'event:EvTWICE01'))).toHaveLength(1);
  });

  it('handles an event delivered twice at the same moment only once', async () => {
    handled.length = 0;
    const envelope = messageEvent(adminSlack, 'CACME01', 'racing', { eventId: 'EvRACE01' });
    const answers = await Promise.all([
      postSlackEvent(server.url, SLACK_SIGNING_SECRET, envelope),
      postSlackEvent(server.url, SLACK_SIGNING_SECRET, envelope, { retryNum: 1 }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    await eventually(() => handled.length === 1);
    await eventually(() => logLines.some((l) => l.includes('duplicate Slack delivery ignored') && l.includes('event:EvRACE01')));
    expect(handled).toHaveLength(1);
  });
});
