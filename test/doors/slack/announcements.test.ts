/**
 * Announcements in Slack, end to end: signed requests into the real Bolt app, the notifier's
 * output recorded by the fake Web API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACKNOWLEDGE_ACTION,
  ANNOUNCE_CALLBACK,
  LEGACY_ACKNOWLEDGE_ACTION,
  LEGACY_ANNOUNCE_CALLBACK,
} from '../../../doors/slack/announcements/presenters.ts';
import { cancelRelease, reportInstallation } from '../../../core/announcements/index.ts';
import { ManualClock } from '../../../core/clock.ts';
import { eq } from 'drizzle-orm';
import { announcements, releases } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { eventually } from '../../support/clients.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import {
  appHomeOpened,
  blockActions,
  CLIENT_TEAM,
  fakeSlackApi,
  postSlackCommand,
  postSlackEvent,
  postSlackInteraction,
  PROVIDER_TEAM,
  SLACK_SIGNING_SECRET,
  slackEnv,
  slashCommand,
  type FakeSlackApi,
  viewSubmission,
} from '../../support/slack.ts';
import { actorOf, announceModalValues, DAY, eventsOf } from '../../support/announcements.ts';

describe.each(backends)('announcements in Slack on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const poSlack = { teamId: PROVIDER_TEAM, userId: 'UPRODOWN1' };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT001' };
  const adminSlack = { teamId: CLIENT_TEAM, userId: 'UACMEADM1' };
  const ownerSlack = { teamId: CLIENT_TEAM, userId: 'UACMEOWN1' };
  let acme: { id: string };
  let acmeAdmin: MadePerson;
  let acmeOwner: MadePerson;
  let announcementId: string;

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      clock,
      env: slackEnv,
      // The notifier paces by the manual clock, which these tests move only for notices: no pace.
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
    });
    await makePerson(server.core, server.core.providerId!, ['product_owner'], { name: 'Pia Product', slack: poSlack });
    await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    acme = await makeClientOrg(server.core, 'acme');
    acmeAdmin = await makePerson(server.core, acme.id, ['space_admin'], { name: 'Ada Acme', slack: adminSlack });
    acmeOwner = await makePerson(server.core, acme.id, ['contract_owner'], { name: 'Otto Owner', slack: ownerSlack });
    await linkSlackChannel(server.core, acme.id, PROVIDER_TEAM, 'CACMENEWS', 'announcements');
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, 'CSUPPORT1', 'support');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const postsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

  it('opens the announcement modal for a product owner, and refuses it to anyone else', async () => {
    const refused = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(agentSlack, 'CAGENTS01', '/announce', ''));
    expect(refused.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('only product owners') });
    const opened = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(poSlack, 'CPOCHAN01', '/announce', ''));
    expect(opened.status).toBe(200);
    await eventually(() => slack.callsTo('views.open').length === 1);
    const [open] = slack.callsTo('views.open');
    expect(open!.args.view.callback_id).toBe(ANNOUNCE_CALLBACK);
    const orgSelect = open!.args.view.blocks.find((b: any) => b.block_id === 'orgs');
    expect(orgSelect.element.options.map((o: any) => o.value)).toEqual([acme.id]);
  });

  it('shows the two-week rule on the window field of the modal, and announces nothing', async () => {
    const res = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(poSlack, { callbackId: ANNOUNCE_CALLBACK, values: announceModalValues(clock.now(), 10 * DAY) }));
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { windowStart: expect.stringContaining('at least 14 days ahead') } });
    expect(await db.database.db.select().from(announcements)).toHaveLength(0);
  });

  it('announces from the modal: a DM with the change log and an Acknowledge button to each recipient, and a card in the org channel', async () => {
    const res = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(poSlack, { callbackId: ANNOUNCE_CALLBACK, values: announceModalValues(clock.now(), 20 * DAY) }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [announcement] = await db.database.db.select().from(announcements);
    announcementId = announcement!.id;
    await eventually(() => postsTo(adminSlack.userId).length === 1 && postsTo(ownerSlack.userId).length === 1 && postsTo('CACMENEWS').length === 1);
    const [dm] = postsTo(adminSlack.userId);
    const dmBlocks = JSON.stringify(dm!.args.blocks);
    expect(dmBlocks).toContain('*dashboards* for everyone');
    expect(dmBlocks).toContain('the service will be offline');
    const button = dm!.args.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button).toMatchObject({ action_id: ACKNOWLEDGE_ACTION, value: announcementId });
    expect(JSON.stringify(postsTo('CACMENEWS')[0]!.args.blocks)).toContain('Waiting for:* Ada Acme, Otto Owner');
  });

  it('shows the announcement in App Home until it is acknowledged', async () => {
    slack.reset();
    // The envelope names the user's own workspace, as for a client's people reached over Slack Connect.
    await postSlackEvent(server.url, SLACK_SIGNING_SECRET, { ...appHomeOpened(adminSlack), team_id: CLIENT_TEAM });
    await eventually(() => slack.callsTo('views.publish').some((c) => c.args.user_id === adminSlack.userId));
    const view = slack.callsTo('views.publish').find((c) => c.args.user_id === adminSlack.userId)!.args.view;
    expect(JSON.stringify(view.blocks)).toContain('awaiting your acknowledgement');
    expect(JSON.stringify(view.blocks)).toContain(announcementId);
  });

  it('acknowledges with the button once: the presser is told, the card updated, App Home emptied; a second press says when', async () => {
    slack.reset();
    const press = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(adminSlack, `D${adminSlack.userId}`, { actionId: ACKNOWLEDGE_ACTION, value: announcementId }));
    expect(press.status).toBe(200);
    await eventually(() => slack.responseUrlPosts.length === 1);
    expect(slack.responseUrlPosts[0]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('you acknowledged upgrade 8.') });
    const acks = await eventsOf(server.core, 'announcement.acknowledged', announcementId);
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ chainId: acme.id, door: 'slack', actorId: acmeAdmin.id });
    await eventually(() => slack.callsTo('chat.update').some((c) => c.args.channel === 'CACMENEWS'));
    const update = slack.callsTo('chat.update').filter((c) => c.args.channel === 'CACMENEWS').at(-1)!;
    expect(JSON.stringify(update.args.blocks)).toContain('Acknowledged:* Ada Acme');
    // Earlier renders may still be on their way; the newest one is what the person sees.
    const latestHome = () => slack.callsTo('views.publish').filter((c) => c.args.user_id === adminSlack.userId).at(-1);
    await eventually(() => latestHome() !== undefined && !JSON.stringify(latestHome()!.args.view.blocks).includes(announcementId));
    expect(JSON.stringify(latestHome()!.args.view.blocks)).not.toContain('awaiting your acknowledgement');

    await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(adminSlack, 'CACMENEWS', { actionId: ACKNOWLEDGE_ACTION, value: announcementId }));
    await eventually(() => slack.responseUrlPosts.length === 2);
    expect(slack.responseUrlPosts[1]!.body.text).toContain(`already acknowledged this announcement at ${acks[0]!.at.toISOString()}`);
    expect(await eventsOf(server.core, 'announcement.acknowledged', announcementId)).toHaveLength(1);
  });

  it("answers a client of another org who presses the button with NOT_FOUND, and records nothing", async () => {
    slack.reset();
    const betaSlack = { teamId: 'TCLIENT2', userId: 'UBETAADM1' };
    const beta = await makeClientOrg(server.core, 'beta');
    await makePerson(server.core, beta.id, ['contract_admin'], { name: 'Bea Beta', slack: betaSlack });
    const before = (await eventsOf(server.core, 'announcement.acknowledged')).length;
    await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(betaSlack, `D${betaSlack.userId}`, { actionId: ACKNOWLEDGE_ACTION, value: announcementId }));
    await eventually(() => slack.responseUrlPosts.length === 1);
    expect(slack.responseUrlPosts[0]!.body.text).toBe('Not found: announcement not found.');
    expect(JSON.stringify(slack.responseUrlPosts[0]!.body)).not.toContain('acme');
    expect((await eventsOf(server.core, 'announcement.acknowledged')).length).toBe(before);
  });

  it('sends a reminder to every recipient, with the button only for those who have not acknowledged', async () => {
    slack.reset();
    const [release] = await db.database.db.select().from(releases);
    clock.set(new Date(release!.windowStart.getTime() - 7 * DAY));
    await server.core.timers.runDue();
    // The owner is also nudged to acknowledge (due a week after the announcement): wait for the reminders themselves.
    const reminderOf = (user: string) => postsTo(user).find((c) => String(c.args.text).startsWith('Reminder'))!;
    await eventually(() => reminderOf(adminSlack.userId) !== undefined && reminderOf(ownerSlack.userId) !== undefined);
    expect(reminderOf(adminSlack.userId).args.text).toContain('starts in 7d');
    expect(reminderOf(adminSlack.userId).args.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    expect(reminderOf(ownerSlack.userId).args.blocks.some((b: any) => b.type === 'actions')).toBe(true);
  });

  it('acknowledges a press of a button posted with the old action id, as the current one does', async () => {
    slack.reset();
    expect(ACKNOWLEDGE_ACTION).toBe('announcement:acknowledge');
    const press = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(ownerSlack, `D${ownerSlack.userId}`, { actionId: LEGACY_ACKNOWLEDGE_ACTION, value: announcementId }));
    expect(press.status).toBe(200);
    await eventually(() => slack.responseUrlPosts.length === 1);
    expect(slack.responseUrlPosts[0]!.body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('you acknowledged upgrade 8.') });
    const acks = await eventsOf(server.core, 'announcement.acknowledged', announcementId);
    expect(acks).toHaveLength(2);
    expect(acks.at(-1)).toMatchObject({ chainId: acme.id, door: 'slack', actorId: acmeOwner.id, data: { personId: acmeOwner.id } });
    await eventually(() => slack.callsTo('chat.update').some((c) => c.args.channel === 'CACMENEWS' && JSON.stringify(c.args.blocks).includes('Acknowledged:* Ada Acme, Otto Owner')));
  });

  it('tells everyone told when the release is cancelled, without a button, and marks the card cancelled', async () => {
    slack.reset();
    const [release] = await db.database.db.select().from(releases);
    const poActor = await actorOf(server.core, (await makePerson(server.core, server.core.providerId!, ['product_owner'])).id);
    await server.core.execute(cancelRelease, poActor, { releaseId: release!.id, reason: 'replaced by a hotfix' });
    await eventually(() => postsTo(adminSlack.userId).length === 1 && postsTo(ownerSlack.userId).length === 1);
    for (const user of [adminSlack.userId, ownerSlack.userId]) {
      const [dm] = postsTo(user);
      expect(dm!.args.text).toMatch(/is cancelled \(replaced by a hotfix\)/);
      expect(dm!.args.blocks.some((b: any) => b.type === 'actions')).toBe(false);
    }
    await eventually(() => slack.callsTo('chat.update').some((c) => JSON.stringify(c.args.blocks).includes('was cancelled')));
    const [announcement] = await db.database.db.select().from(announcements);
    expect(announcement?.status).toBe('cancelled');
  });

  it('posts the weekly compliance digest in the provider support channel', async () => {
    slack.reset();
    const contact = await makePerson(server.core, acme.id, ['contact']);
    await server.core.execute(reportInstallation, await actorOf(server.core, contact.id), { kind: 'cloud', name: 'acme-cloud', version: '0.1.0' });
    clock.advance(8 * DAY);
    await server.core.timers.runDue();
    await eventually(() => postsTo('CSUPPORT1').length === 1);
    expect(postsTo('CSUPPORT1')[0]!.args.text).toMatch(/^Weekly upgrade compliance/);
    const [compiled] = await eventsOf(server.core, 'compliance.digest_compiled');
    expect(compiled?.chainId).toBe(server.core.providerId);
  });

  it('announces from a modal opened with the old callback id, as from the current one', async () => {
    slack.reset();
    expect(ANNOUNCE_CALLBACK).toBe('announcement:create');
    const values = announceModalValues(clock.now(), 20 * DAY);
    const version = String((values.version!.value as { value: string }).value);
    const res = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(poSlack, { callbackId: LEGACY_ANNOUNCE_CALLBACK, values }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [release] = await db.database.db.select().from(releases).where(eq(releases.version, version));
    expect(release?.status).toBe('announced');
    await eventually(() => postsTo(adminSlack.userId).length === 1);
    const button = postsTo(adminSlack.userId)[0]!.args.blocks.find((b: any) => b.type === 'actions').elements[0];
    expect(button.action_id).toBe(ACKNOWLEDGE_ACTION);
  });
});
