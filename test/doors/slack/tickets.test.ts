/**
 * Tickets through Slack: signed requests into the real Bolt app, the notifier's Web API calls
 * recorded by the fake Slack, the card's blocks checked; a ticket moved through Slack and GraphQL
 * at once; retries and double clicks without second effects; refusals only the person sees.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStore } from '../../../doors/slack/store/index.ts';
import { auditEvents, ticketComments, tickets } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { eventually, gql } from '../../support/clients.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
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
  viewSubmission,
} from '../../support/slack.ts';
import { messageShortcut, ticketFormValues } from '../../support/tickets.ts';

const CLIENT_CHANNEL = 'CACMESHARED';
const SUPPORT_CHANNEL = 'CSUPPORT01';

describe.each(backends)('tickets through Slack on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let orgId: string;
  let agent: MadePerson;
  let contact: MadePerson;
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT01' };
  const oncallSlack = { teamId: PROVIDER_TEAM, userId: 'UONCALL1' };
  const contactSlack = { teamId: CLIENT_TEAM, userId: 'UCONTACT1' };

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
    });
    const org = await makeClientOrg(server.core, 'acme');
    orgId = org.id;
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    await makePerson(server.core, server.core.providerId!, ['oncall'], { name: 'Olga Oncall', slack: oncallSlack });
    contact = await makePerson(server.core, orgId, ['contact'], { name: 'Cleo Client', slack: contactSlack });
    await linkSlackChannel(server.core, orgId, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, SUPPORT_CHANNEL, 'support');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const posts = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  /** The support channel's notices, without the ticket's staff card (its internal thread: ticket-notes.test.ts). */
  const notices = () => posts(SUPPORT_CHANNEL).filter((c) => !String(c.args.text).startsWith('[Internal]'));
  const threadPosts = () => posts(CLIENT_CHANNEL).filter((c) => c.args.thread_ts);
  const lastCard = (ticketKey: string) =>
    [...slack.calls].reverse().find((c) => (c.method === 'chat.update' || c.method === 'chat.postMessage') && !c.args.thread_ts && String(c.args.text).startsWith(ticketKey))!;
  const ephemerals = (user: string) => slack.toldOnly(user);
  const press = (who: { teamId: string; userId: string }, actionId: string, value: string) =>
    postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(who, CLIENT_CHANNEL, { actionId, value }));
  const eventsOf = async (ticketId: string, action: string) =>
    db.database.db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, ticketId), eq(auditEvents.action, action)));
  const buttonsOf = (call: { args: Record<string, any> }) =>
    (call.args.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>).find((b) => b.type === 'actions')?.elements?.map((e) => e.action_id) ?? [];

  async function openThroughSlack(title: string, severity?: string) {
    const command = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(contactSlack, CLIENT_CHANNEL, '/ticket', ''));
    expect(command.status).toBe(200);
    const opened = slack.callsTo('views.open').at(-1)!;
    const view = opened.args.view;
    const submitted = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(contactSlack, { callbackId: view.callback_id, privateMetadata: view.private_metadata, values: ticketFormValues({ title, description: 'Nothing exports', severity }) }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    const [ticket] = await db.database.db.select().from(tickets).where(eq(tickets.title, title));
    return ticket!;
  }

  it('opens a ticket from /ticket with a modal that explains each severity, posts its card and tells support and on-call', async () => {
    const ticket = await openThroughSlack('Exports are empty', 'URGENT');
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view.callback_id).toBe('ticket:open');
    expect(JSON.stringify(view.blocks)).toContain('There is no workaround');
    expect(JSON.stringify(view.blocks)).toContain('cosmetic nature');
    expect(ticket).toMatchObject({ orgId, proposedSeverity: 'URGENT', proposedBySide: 'client', initiatorId: contact.id });

    await eventually(() => posts(CLIENT_CHANNEL).some((c) => !c.args.thread_ts) && notices().length >= 2 && posts(oncallSlack.userId).length === 1);
    const card = posts(CLIENT_CHANNEL).find((c) => !c.args.thread_ts)!;
    expect(card.args.blocks[0]).toMatchObject({ type: 'header', text: { text: `${ticket.key} · Exports are empty` } });
    const fields = JSON.stringify(card.args.blocks[1]);
    expect(fields).toContain('Ticket received');
    expect(fields).toContain('proposed URGENT by client, awaiting provider');
    expect(fields).toContain('Cleo Client');
    expect(buttonsOf(card)).toEqual(['ticket:take', 'ticket:accept', 'ticket:propose', 'ticket:ask_client', 'ticket:log_bug', 'ticket:resolve']);
    expect(notices().map((c) => c.args.text)).toEqual([
      expect.stringContaining(`New ticket *${ticket.key}*`),
      expect.stringContaining(`URGENT proposed for *${ticket.key}*`),
    ]);
    expect(posts(oncallSlack.userId)[0]!.args.text).toContain('You are on call');
    // Nobody but provider staff with the on-call role was paged.
    expect(posts(agentSlack.userId)).toHaveLength(0);
  });

  it('moves a ticket with buttons and thread replies, through GraphQL at the same time, updating the one card in place', async () => {
    const ticket = await openThroughSlack('Login loops', 'HIGH');
    await eventually(async () => Boolean(await new SlackStore(db.database.db).cards.placeOf(`ticket:${ticket.id}`)));
    const card = (await new SlackStore(db.database.db).cards.placeOf(`ticket:${ticket.id}`))!;

    // The client cannot accept its own proposal: told so, only to them, and nothing written.
    expect((await press(contactSlack, 'ticket:accept', `${ticket.id}|HIGH`)).status).toBe(200);
    await eventually(() => ephemerals(contactSlack.userId).length === 1);
    expect(ephemerals(contactSlack.userId)[0]).toMatch(/provider must accept/);
    expect(await eventsOf(ticket.id, 'ticket.severity_agreed')).toHaveLength(0);

    expect((await press(agentSlack, 'ticket:accept', `${ticket.id}|HIGH`)).status).toBe(200);
    expect((await press(agentSlack, 'ticket:take', ticket.id)).status).toBe(200);
    // A later URGENT proposal's notice links to the posted card.
    await gql(server.url, contact.token, `mutation($t: ID!) { proposeSeverity(ticketId: $t, severity: URGENT) { key } }`, { t: ticket.id });
    await eventually(() => posts(SUPPORT_CHANNEL).some((c) => String(c.args.text).includes(`URGENT proposed for *${ticket.key}*`)));
    const notice = posts(SUPPORT_CHANNEL).find((c) => String(c.args.text).includes(`URGENT proposed for *${ticket.key}*`))!;
    expect(notice.args.text).toContain(`https://slack.com/archives/${CLIENT_CHANNEL}/p${card.ts.replace('.', '')}`);
    expect((await press(agentSlack, 'ticket:accept', `${ticket.id}|URGENT`)).status).toBe(200);
    // A double click: the second press is refused and changes nothing.
    await press(agentSlack, 'ticket:take', ticket.id);
    await eventually(() => ephemerals(agentSlack.userId).length === 1);
    expect(ephemerals(agentSlack.userId)[0]).toMatch(/already assigned/);
    expect(await eventsOf(ticket.id, 'ticket.assigned')).toHaveLength(1);

    // GraphQL asks the client; the client answers in the card's thread.
    const asked = await gql(server.url, agent.token, `mutation($t: ID!) { changeTicketStatus(ticketId: $t, status: AWAITING_CLIENT) { status } }`, { t: ticket.id });
    expect(asked.errors).toBeUndefined();
    const reply = messageEvent(contactSlack, CLIENT_CHANNEL, 'Here is a screenshot', { threadTs: card.ts });
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, reply)).status).toBe(200);
    // Slack retries the same event: still one comment.
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, reply, { retryNum: 1 })).status).toBe(200);
    await eventually(async () => (await eventsOf(ticket.id, 'ticket.commented')).length === 1);
    const comments = await db.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
    expect(comments).toMatchObject([{ authorId: contact.id, body: 'Here is a screenshot', door: 'slack', side: 'client' }]);

    // A comment through GraphQL appears in the thread; the Slack reply is not echoed back.
    await gql(server.url, agent.token, `mutation($t: ID!) { commentOnTicket(ticketId: $t, body: "Fixed in 4.2") { comment { id } } }`, { t: ticket.id });
    const inThread = () => threadPosts().filter((c) => c.args.thread_ts === card.ts).map((c) => String(c.args.text));
    await eventually(() => inThread().some((text) => text.includes('Fixed in 4.2')));
    expect(inThread().filter((text) => text.includes('Here is a screenshot'))).toHaveLength(0);
    expect(inThread()).toEqual(expect.arrayContaining([expect.stringContaining('Severity agreed: *URGENT*'), expect.stringContaining('Status: *Awaiting your reply*'), expect.stringContaining('(the client replied)')]));

    expect((await press(agentSlack, 'ticket:resolve', ticket.id)).status).toBe(200);
    await eventually(() => buttonsOf(lastCard(ticket.key)).includes('ticket:approve'));
    expect(buttonsOf(lastCard(ticket.key))).toEqual(['ticket:approve', 'ticket:reopen']);
    expect((await press(contactSlack, 'ticket:approve', ticket.id)).status).toBe(200);
    await eventually(() => JSON.stringify(lastCard(ticket.key).args.blocks).includes('Ticket has been closed'));
    const final = lastCard(ticket.key);
    expect(final.method).toBe('chat.update');
    expect(final.args.ts).toBe(card.ts);
    expect(buttonsOf(final)).toEqual([]);
    expect(JSON.stringify(final.args.blocks)).toContain('agreed URGENT');
    expect(JSON.stringify(final.args.blocks)).toContain('Arne Agent');
    // One card for the ticket: every later render was an edit of it.
    expect(posts(CLIENT_CHANNEL).filter((c) => !c.args.thread_ts && String(c.args.text).startsWith(ticket.key))).toHaveLength(1);
    await eventually(() => threadPosts().some((c) => String(c.args.text).includes('is *closed*')));
  });

  it('lets provider staff choose the org in a provider channel, and prefills the modal from a message', async () => {
    await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(agentSlack, SUPPORT_CHANNEL, '/ticket', ''));
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view.blocks[0]).toMatchObject({ block_id: 'org' });
    const submitted = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(agentSlack, { callbackId: 'ticket:open', privateMetadata: view.private_metadata, values: ticketFormValues({ title: 'On behalf', orgId }) }),
    );
    expect(submitted.text).toBe('');
    expect((await db.database.db.select().from(tickets).where(eq(tickets.title, 'On behalf')))[0]).toMatchObject({ orgId, initiatorId: agent.id });

    expect((await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, messageShortcut(contactSlack, CLIENT_CHANNEL, 'Invoices fail\nsince the upgrade'))).status).toBe(200);
    await eventually(() => slack.callsTo('views.open').length >= 2 && slack.callsTo('views.open').at(-1)!.args.view.blocks.some((b: any) => b.element?.initial_value === 'Invoices fail'));
  });

  it("answers another org's person pressing a ticket's button exactly as for a missing ticket, and writes nothing", async () => {
    const ticket = await openThroughSlack('Private to Acme');
    const other = await makeClientOrg(server.core, 'beta');
    const outsiderSlack = { teamId: 'TCLIENT2', userId: 'UOUTSIDER1' };
    await makePerson(server.core, other.id, ['contract_admin'], { name: 'Olli Outsider', slack: outsiderSlack });
    await linkSlackChannel(server.core, other.id, PROVIDER_TEAM, 'CBETASHARED', 'client');
    const before = (await db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticket.id))).length;
    for (const actionId of ['ticket:approve', 'ticket:take', 'ticket:resolve']) {
      const res = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(outsiderSlack, 'CBETASHARED', { actionId, value: ticket.id }));
      expect(res.status).toBe(200);
    }
    await eventually(() => ephemerals(outsiderSlack.userId).length === 3);
    expect(ephemerals(outsiderSlack.userId)).toEqual(Array(3).fill('Not found: ticket not found.'));
    expect((await db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticket.id))).length).toBe(before);
  });

  it('proposes a severity through the Propose severity modal, and shows a refusal inside the modal', async () => {
    const ticket = await openThroughSlack('Needs a level');
    expect((await press(agentSlack, 'ticket:propose', ticket.id)).status).toBe(200);
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view).toMatchObject({ callback_id: 'ticket:propose_severity', private_metadata: ticket.id });
    expect(JSON.stringify(view.blocks)).toContain('There is no workaround');
    const values = { severity: { value: { type: 'radio_buttons', selected_option: { value: 'MEDIUM' } } } };
    const submit = () =>
      postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(agentSlack, { callbackId: 'ticket:propose_severity', privateMetadata: ticket.id, values }));
    expect((await submit()).text).toBe('');
    expect((await db.database.db.select().from(tickets).where(eq(tickets.id, ticket.id)))[0]).toMatchObject({ proposedSeverity: 'MEDIUM', proposedBySide: 'provider' });
    // The same proposal again is refused in the modal, and nothing more is written.
    expect((await submit()).json).toMatchObject({ response_action: 'errors', errors: { severity: expect.stringMatching(/already proposed/) } });
    expect(await eventsOf(ticket.id, 'ticket.severity_proposed')).toHaveLength(1);
  });

  it('refuses a modal without a title in the modal itself, and /ticket in an unlinked channel only to the person', async () => {
    const before = (await db.database.db.select().from(tickets)).length;
    const bad = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(contactSlack, { callbackId: 'ticket:open', privateMetadata: JSON.stringify({ orgId, channel: CLIENT_CHANNEL }), values: ticketFormValues({ title: ' ' }) }),
    );
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { title: expect.stringMatching(/title/) } });
    const unlinked = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(contactSlack, CLIENT_CHANNEL.replace('ACME', 'ZZZZ'), '/ticket', ''));
    expect(unlinked.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/not linked to your organisation/) });
    expect((await db.database.db.select().from(tickets)).length).toBe(before);
  });
});
