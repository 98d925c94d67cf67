import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackDoorOptions } from '../../../doors/slack/index.ts';
import { ChannelPacer } from '../../../doors/slack/notifier/pacer.ts';
import type { NotifierRule, SlackOutput } from '../../../doors/slack/notifier/types.ts';
import { section } from '../../../doors/slack/kit/blocks.ts';
import { OrgEvents, PersonEvents, getOrg, listPeople, setRoles } from '../../../core/directory/index.ts';
import { memberships, orgs, slackOutbox } from '../../../db/schema.ts';
import { backends, createTestDatabase, hasPostgres, type TestDatabase } from '../../support/db.ts';
import { operator } from '../../support/core.ts';
import { eventually } from '../../support/clients.ts';
import { makeClientOrg, makePerson, slackDoorOf, startTestServer, type TestServer } from '../../support/server.ts';
import { fakeSlackApi, PROVIDER_TEAM, slackEnv, type FakeSlackApi } from '../../support/slack.ts';

const CARDS = 'CCARDS01';

/**
 * A rule over directory events, standing in for a capability's: a card per client org (with its
 * number of people), a thread line per change, a DM on each person added, App Home on role changes.
 */
const directoryRule: NotifierRule = async (event, ctx) => {
  if (OrgEvents.created.is(event)) {
    const card = await orgCard(ctx, event.subjectId);
    return [card, { kind: 'post', threadOf: card.cardKey, text: 'org created' }];
  }
  if (PersonEvents.added.is(event) && event.orgId) {
    const card = await orgCard(ctx, event.orgId);
    return [card, { kind: 'post', threadOf: card.cardKey, text: `added ${String(event.payload.name)}` }, { kind: 'post', channel: 'UDIRECT1', text: 'you were added' }];
  }
  if (PersonEvents.rolesSet.is(event)) return [{ kind: 'home', personId: event.subjectId }];
  return [];
};

/** The org's card, read as every rule reads: through the core's queries. */
async function orgCard(ctx: Parameters<NotifierRule>[1], orgId: string): Promise<Extract<SlackOutput, { kind: 'card' }>> {
  const org = await ctx.read(getOrg, { orgId });
  const people = (await ctx.read(listPeople, { orgId })).length;
  const text = `${org.name}: ${people} people`;
  return { kind: 'card', cardKey: `org:${orgId}`, channel: CARDS, text, blocks: [section(text)] };
}

function slackOptions(notifier: SlackDoorOptions['notifier'] = {}): SlackDoorOptions {
  return { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { rules: [directoryRule], ...notifier } };
}

const doorOf = (server: TestServer) => slackDoorOf(server);

describe.each(backends)('the Slack notifier on %s', (backend) => {
  let db: TestDatabase;
  let slack: FakeSlackApi;
  let server: TestServer;

  beforeAll(() => {
    slack = fakeSlackApi();
  });
  // A database per test: each starts with an empty Slack queue.
  beforeEach(async () => {
    db = await createTestDatabase(backend);
  });
  afterEach(async () => {
    await server?.stop();
    await db?.dispose();
    slack.reset();
  });
  afterAll(() => slack?.close());

  const posts = (channel?: string) => slack.callsTo('chat.postMessage').filter((c) => !channel || c.args.channel === channel);

  it('posts a card once, edits it in place after, and puts thread lines under it', async () => {
    server = await startTestServer(db.database, { env: slackEnv, slack: slackOptions() });
    const org = await makeClientOrg(server.core, 'globex');
    await eventually(() => posts(CARDS).length === 2);
    const [card, line] = posts(CARDS);
    expect(card!.args.text).toBe('globex Inc: 0 people');
    expect(card!.args.blocks[0].text.text).toBe('globex Inc: 0 people');
    expect(line!.args.text).toBe('org created');

    await makePerson(server.core, org.id, ['contact'], { name: 'Gina Globex' });
    await eventually(() => slack.callsTo('chat.update').length === 1 && posts(CARDS).length === 3 && posts('UDIRECT1').length === 1);
    const update = slack.callsTo('chat.update')[0]!;
    expect(update.args.channel).toBe(CARDS);
    expect(update.args.text).toBe('globex Inc: 1 people');
    // The thread line is under the card: the ts Slack gave the card's first post.
    const threadLine = posts(CARDS)[2]!;
    expect(threadLine.args.text).toBe('added Gina Globex');
    expect(threadLine.args.thread_ts).toBe(update.args.ts);
    expect(posts(CARDS).filter((c) => !c.args.thread_ts)).toHaveLength(1);
  });

  it('folds renders of one card that queued up into the newest, and sends what was committed while nobody sent', async () => {
    server = await startTestServer(db.database, { env: slackEnv, slack: slackOptions({ autoRun: false }) });
    const org = await makeClientOrg(server.core, 'initech');
    await makePerson(server.core, org.id, ['contact'], { name: 'Ian' });
    await makePerson(server.core, org.id, ['contact'], { name: 'Irma' });
    expect(posts(CARDS)).toHaveLength(0);

    await doorOf(server).notifier.drain();
    const cards = posts(CARDS).filter((c) => !c.args.thread_ts);
    expect(cards.map((c) => c.args.text)).toEqual(['initech Inc: 2 people']);
    expect(slack.callsTo('chat.update')).toHaveLength(0);
    // Every thread line went, in order, under the one card.
    expect(posts(CARDS).filter((c) => c.args.thread_ts).map((c) => c.args.text)).toEqual(['org created', 'added Ian', 'added Irma']);
    const superseded = await db.database.db.select().from(slackOutbox).where(eq(slackOutbox.status, 'superseded'));
    expect(superseded.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps a message Slack could not take for a passing reason and sends it when Slack answers again', async () => {
    let failures = 2;
    slack.answer('chat.postMessage', (args) =>
      failures-- > 0 ? { ok: false, error: 'internal_error' } : { channel: args.channel, ts: `${Date.now() / 1000}` },
    );
    server = await startTestServer(db.database, { env: slackEnv, slack: slackOptions({ pollMs: 200 }) });
    await makeClientOrg(server.core, 'hooli');
    await eventually(() => posts(CARDS).length === 4, 15_000);
    const [first, second, card, line] = posts(CARDS);
    expect([first, second, card].map((c) => c!.args.text)).toEqual(['hooli Inc: 0 people', 'hooli Inc: 0 people', 'hooli Inc: 0 people']);
    expect(line!.args.text).toBe('org created');
  });

  it('waits as long as Slack says when it is rate limited, then sends', async () => {
    slack.rateLimit('chat.postMessage', 1);
    server = await startTestServer(db.database, { env: slackEnv, slack: slackOptions({ pollMs: 200 }) });
    await makeClientOrg(server.core, 'umbrella');
    await eventually(() => posts(CARDS).length === 3, 10_000);
    const [refused, card, line] = posts(CARDS);
    expect(refused!.args.text).toBe(card!.args.text);
    expect(line!.args.text).toBe('org created');
    const rows = await db.database.db.select().from(slackOutbox).where(eq(slackOutbox.lastError, 'rate limited by Slack'));
    // Tried twice: refused once, then sent after the wait Slack asked for.
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['sent', 2]]);
  });

  it('gives up on a message Slack refuses for good, and the channel’s later messages still go', async () => {
    let refused = false;
    slack.answer('chat.postMessage', (args) => {
      if (!refused && args.channel === CARDS) {
        refused = true;
        return { ok: false, error: 'invalid_blocks' };
      }
      return { channel: args.channel, ts: `${Date.now() / 1000}` };
    });
    server = await startTestServer(db.database, { env: slackEnv, slack: slackOptions({ autoRun: false }) });
    const org = await makeClientOrg(server.core, 'stark');
    await doorOf(server).notifier.drain();
    const [failed] = await db.database.db.select().from(slackOutbox).where(eq(slackOutbox.status, 'failed'));
    expect(failed).toMatchObject({ kind: 'card', cardKey: `org:${org.id}`, lastError: 'invalid_blocks' });

    // The thread line had no card to go under; a later render posts the card, and later lines go under it.
    await makePerson(server.core, org.id, ['contact'], { name: 'Tony' });
    await doorOf(server).notifier.drain();
    await eventually(async () => posts(CARDS).some((c) => c.args.text === 'stark Inc: 1 people'), 5_000);
  });

  it('publishes the App Home of the person a rule names', async () => {
    server = await startTestServer(db.database, {
      env: slackEnv,
      slack: slackOptions({ homeSections: [async (_deps, actor) => [section(`home of ${actor.name}`)]] }),
    });
    const person = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Hana Home', slack: { teamId: PROVIDER_TEAM, userId: 'UHANA01' } });
    await server.core.execute(setRoles, operator(), { orgId: server.core.providerId!, personId: person.id, roles: ['agent', 'oncall'] });
    await eventually(() => slack.callsTo('views.publish').length === 1);
    const [publish] = slack.callsTo('views.publish');
    expect(publish!.args.user_id).toBe('UHANA01');
    expect(publish!.args.view.blocks[0].text.text).toBe('home of Hana Home');
  });
});

describe.runIf(hasPostgres)('the Slack notifier on two instances sharing PostgreSQL', () => {
  it('sends each message exactly once, whichever instance committed it', async () => {
    const slack = fakeSlackApi();
    const db = await createTestDatabase('postgres');
    const another = await db.openAnother();
    const first = await startTestServer(db.database, { env: slackEnv, slack: slackOptions() });
    const second = await startTestServer(another, { env: slackEnv, slack: slackOptions() });
    try {
      await eventually(() => [first, second].some((s) => doorOf(s).notifier.leading));
      for (let i = 0; i < 3; i++) await makeClientOrg(i % 2 ? first.core : second.core, `twin-${i}`);
      const twinCards = () => slack.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).startsWith('twin-'));
      await eventually(() => twinCards().length === 3);
      await new Promise((r) => setTimeout(r, 300)); // a second sender, if there were one, would post now
      const cards = twinCards().map((c) => c.args.text).sort();
      expect(cards).toEqual(['twin-0 Inc: 0 people', 'twin-1 Inc: 0 people', 'twin-2 Inc: 0 people']);
      expect([first, second].filter((s) => doorOf(s).notifier.leading)).toHaveLength(1);

      // The leader stops: the other instance takes over and sends what comes next.
      const leader = doorOf(first).notifier.leading ? first : second;
      const follower = leader === first ? second : first;
      await leader.stop();
      await makeClientOrg(follower.core, 'twin-after');
      await eventually(() => slack.callsTo('chat.postMessage').some((c) => c.args.text === 'twin-after Inc: 0 people'), 15_000);
      expect(doorOf(follower).notifier.leading).toBe(true);
    } finally {
      await first.stop();
      await second.stop();
      await db.dispose();
      slack.close();
    }
  });
});

describe('the channel pacer', () => {
  it('lets a channel send again only after the spacing, and never holds App Home back', () => {
    const pacer = new ChannelPacer(1_000);
    expect(pacer.readyAt('C1')).toBe(0);
    pacer.sent('C1', 5_000);
    expect(pacer.readyAt('C1')).toBe(6_000);
    expect(pacer.readyAt('C2')).toBe(0);
    pacer.sent('home:p1', 5_000);
    expect(pacer.readyAt('home:p1')).toBe(0);
    pacer.holdUntil('C1', 9_000);
    expect(pacer.readyAt('C1')).toBe(9_000);
    pacer.forgetReady(9_000);
    expect(pacer.readyAt('C1')).toBe(0);
  });
});
