/**
 * Internal notes in Slack: the staff card in the provider's support channel, replies in its thread
 * becoming notes, the "Add internal note" button and modal, and notes from other doors posted there.
 * The fake Slack records every Web API call: no call to the client's channel ever carries a note.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStore } from '../../../doors/slack/store/index.ts';
import { ticketComments, ticketNotes } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { eventually, gql } from '../../support/clients.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import {
  blockActions,
  CLIENT_TEAM,
  fakeSlackApi,
  messageEvent,
  postSlackEvent,
  postSlackInteraction,
  PROVIDER_TEAM,
  SLACK_SIGNING_SECRET,
  slackEnv,
  type FakeSlackApi,
  viewSubmission,
} from '../../support/slack.ts';

const CLIENT_CHANNEL = 'CACMENOTES';
const SUPPORT_CHANNEL = 'CSUPPNOTES';
const INTERNAL = 'Internal — the client does not see this thread';

describe.each(backends)('internal notes in Slack on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let agent: MadePerson;
  let contact: MadePerson;
  let ticket: { id: string; key: string };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENTN1' };
  const contactSlack = { teamId: CLIENT_TEAM, userId: 'UCONTN1' };
  const store = () => new SlackStore(db.database.db);
  const notes = () => db.database.db.select().from(ticketNotes).where(eq(ticketNotes.ticketId, ticket.id));
  const comments = () => db.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id));
  /** Every Web API call that went to a channel, with everything it said. */
  const saidIn = (channel: string) => slack.calls.filter((c) => c.args.channel === channel).map((c) => JSON.stringify(c.args));
  const graphql = (who: MadePerson, query: string, variables: Record<string, unknown>) => gql(server.url, who.token, query, variables);
  const comment = (body: string) => graphql(agent, `mutation($t: ID!, $b: String!) { commentOnTicket(ticketId: $t, body: $b) { comment { id } } }`, { t: ticket.id, b: body });
  /** Events reach Slack in order per channel: once this comment is in the client's thread, anything recorded before it would be too. */
  const clientThreadCaughtUp = async (marker: string) => {
    expect((await comment(marker)).errors).toBeUndefined();
    await eventually(() => saidIn(CLIENT_CHANNEL).some((call) => call.includes(marker)));
  };

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
    });
    const org = await makeClientOrg(server.core, 'acmenotes');
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    contact = await makePerson(server.core, org.id, ['contact'], { name: 'Cleo Client', slack: contactSlack });
    await linkSlackChannel(server.core, org.id, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, SUPPORT_CHANNEL, 'support');
    const opened = await graphql(contact, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Invoices are late" }) { id key } }`, { o: org.id });
    ticket = opened.data!.openTicket;
    await eventually(async () => Boolean((await store().cards.placeOf(`ticket-internal:${ticket.id}`)) && (await store().cards.placeOf(`ticket:${ticket.id}`))));
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it("mirrors the ticket's card in the support channel, marked internal, and says on the client's card that replies go to the client", async () => {
    const internalCard = await store().cards.placeOf(`ticket-internal:${ticket.id}`);
    expect(internalCard!.channel).toBe(SUPPORT_CHANNEL);
    const staffCard = slack.callsTo('chat.postMessage').find((c) => c.args.channel === SUPPORT_CHANNEL && String(c.args.text).startsWith('[Internal]'))!;
    expect(JSON.stringify(staffCard.args.blocks[0])).toContain(INTERNAL);
    expect(JSON.stringify(staffCard.args.blocks)).toContain(`${ticket.key} · Invoices are late`);
    const actions = staffCard.args.blocks.find((b: { type: string }) => b.type === 'actions');
    expect(actions.elements.map((e: { action_id: string }) => e.action_id)).toEqual(['ticket:add_note']);

    const clientCard = slack.callsTo('chat.postMessage').find((c) => c.args.channel === CLIENT_CHANNEL && !c.args.thread_ts)!;
    expect(JSON.stringify(clientCard.args.blocks)).toContain('Replies in this thread go to the client');
    expect(JSON.stringify(clientCard.args.blocks)).not.toContain('ticket:add_note');
  });

  it('turns a reply in the internal thread into a note, and a reply in the client thread into a comment', async () => {
    const internalCard = (await store().cards.placeOf(`ticket-internal:${ticket.id}`))!;
    const clientCard = (await store().cards.placeOf(`ticket:${ticket.id}`))!;
    const note = messageEvent(agentSlack, SUPPORT_CHANNEL, 'Staff only: this is the known billing bug', { threadTs: internalCard.ts });
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, note)).status).toBe(200);
    // Slack retries the same event: still one note.
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, note, { retryNum: 1 })).status).toBe(200);
    await eventually(async () => (await notes()).length === 1);
    expect(await notes()).toMatchObject([{ authorId: agent.id, body: 'Staff only: this is the known billing bug', door: 'slack', externalRef: note.event.ts }]);

    const reply = messageEvent(agentSlack, CLIENT_CHANNEL, 'We are on it', { threadTs: clientCard.ts });
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, reply)).status).toBe(200);
    await eventually(async () => (await comments()).some((c) => c.body === 'We are on it'));
    expect((await comments()).map((c) => c.body)).not.toContain('Staff only: this is the known billing bug');
    expect(await notes()).toHaveLength(1);

    await clientThreadCaughtUp('Marker after the Slack note');
    expect(saidIn(CLIENT_CHANNEL).filter((call) => call.includes('known billing bug'))).toEqual([]);
    // The note typed in the thread is not echoed back into it.
    expect(saidIn(SUPPORT_CHANNEL).filter((call) => call.includes('known billing bug'))).toEqual([]);
  });

  it('posts notes written elsewhere in the internal thread only, each saying the client does not see it', async () => {
    const added = await graphql(agent, `mutation($t: ID!) { addTicketNote(ticketId: $t, body: "Console note: refund approved by finance") { note { id } } }`, { t: ticket.id });
    expect(added.errors).toBeUndefined();
    const internalCard = (await store().cards.placeOf(`ticket-internal:${ticket.id}`))!;
    await eventually(() => slack.callsTo('chat.postMessage').some((c) => c.args.thread_ts === internalCard.ts && String(c.args.text).includes('refund approved')));
    const echo = slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === internalCard.ts && String(c.args.text).includes('refund approved'))!;
    expect(echo.args.channel).toBe(SUPPORT_CHANNEL);
    expect(JSON.stringify(echo.args.blocks)).toContain('Internal note — the client does not see this thread');

    await clientThreadCaughtUp('Marker after the console note');
    expect(saidIn(CLIENT_CHANNEL).filter((call) => call.includes('refund approved'))).toEqual([]);
    for (const call of slack.calls.filter((c) => JSON.stringify(c.args).includes('refund approved'))) expect(call.args.channel).toBe(SUPPORT_CHANNEL);
  });

  it('opens the note modal for staff from the staff card, and refuses it to the client', async () => {
    const press = (who: typeof agentSlack) =>
      postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(who, SUPPORT_CHANNEL, { actionId: 'ticket:add_note', value: ticket.id }));
    const modalsBefore = slack.callsTo('views.open').length;
    expect((await press(contactSlack)).status).toBe(200);
    await eventually(() => slack.toldOnly(contactSlack.userId).length > 0);
    expect(slack.toldOnly(contactSlack.userId).at(-1)).toMatch(/only the provider's support staff write internal notes/);
    expect(slack.callsTo('views.open')).toHaveLength(modalsBefore);

    expect((await press(agentSlack)).status).toBe(200);
    await eventually(() => slack.callsTo('views.open').length === modalsBefore + 1);
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view.callback_id).toBe('ticket:note');
    expect(JSON.stringify(view.blocks)).toContain('Internal — the client does not see this note');
    const submitted = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(agentSlack, { callbackId: 'ticket:note', privateMetadata: view.private_metadata, values: { note: { value: { type: 'plain_text_input', value: 'Modal note: call them tomorrow' } } } }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    expect((await notes()).map((n) => n.body)).toContain('Modal note: call them tomorrow');
  });

  it('refuses a note from the client in the internal thread, and any note where Slack says the channel is shared (Slack Connect)', async () => {
    const internalCard = (await store().cards.placeOf(`ticket-internal:${ticket.id}`))!;
    const before = (await notes()).length;
    const fromClient = messageEvent(contactSlack, SUPPORT_CHANNEL, 'Client typing in the support channel', { threadTs: internalCard.ts });
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, fromClient)).status).toBe(200);
    await eventually(() => slack.toldOnly(contactSlack.userId).some((text) => text.includes('write internal notes')));

    const shared = { ...messageEvent(agentSlack, SUPPORT_CHANNEL, 'Typed in a Slack Connect channel', { threadTs: internalCard.ts }), is_ext_shared_channel: true };
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, shared)).status).toBe(200);
    await eventually(() => slack.toldOnly(agentSlack.userId).some((text) => text.includes('Slack Connect')));
    expect(await notes()).toHaveLength(before);
    expect((await comments()).map((c) => c.body)).not.toContain('Typed in a Slack Connect channel');
  });

  it("stops using the internal thread once its channel is linked to a client: nothing more is posted there and replies are refused", async () => {
    const internalCard = (await store().cards.placeOf(`ticket-internal:${ticket.id}`))!;
    const other = await makeClientOrg(server.core, 'betanotes');
    await linkSlackChannel(server.core, other.id, PROVIDER_TEAM, SUPPORT_CHANNEL, 'client');
    const before = (await notes()).length;

    const reply = messageEvent(agentSlack, SUPPORT_CHANNEL, 'Typed after the relink', { threadTs: internalCard.ts });
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, reply)).status).toBe(200);
    await eventually(() => slack.toldOnly(agentSlack.userId).some((text) => text.includes("no longer the provider's support channel")));
    expect(await notes()).toHaveLength(before);

    const added = await graphql(agent, `mutation($t: ID!) { addTicketNote(ticketId: $t, body: "After the relink: not for Slack") { note { id } } }`, { t: ticket.id });
    expect(added.errors).toBeUndefined();
    // A ticket of the channel's new org posts its card there: anything queued for the channel before it was sent first.
    const marker = await graphql(agent, `mutation($o: ID!) { openTicket(input: { orgId: $o, title: "Beta marker" }) { key } }`, { o: other.id });
    await eventually(() => saidIn(SUPPORT_CHANNEL).some((call) => call.includes(marker.data!.openTicket.key)));
    expect(saidIn(SUPPORT_CHANNEL).filter((call) => call.includes('After the relink'))).toEqual([]);
  });
});
