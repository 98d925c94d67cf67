/**
 * Rating the support from Slack: the initiator's Approve closure opens the rating modal, its
 * submission rates the ticket once; a client admin who approves in the initiator's place is not
 * asked, and a second submission is refused in the modal with nothing written.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketRatings } from '../../../db/schema.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { actorOf } from '../../support/core.ts';
import { removePersonFromOrgForTest } from '../../support/tickets-db.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { blockActions, CLIENT_TEAM, fakeSlackApi, postSlackInteraction, PROVIDER_TEAM, SLACK_SIGNING_SECRET, slackEnv, type FakeSlackApi, viewSubmission } from '../../support/slack.ts';

const CLIENT_CHANNEL = 'CACMESHARED';

describe.each(backends)('rating the support through Slack on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let orgId: string;
  let agent: MadePerson;
  let contact: MadePerson;
  const contactSlack = { teamId: CLIENT_TEAM, userId: 'UCONTACT1' };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT01' };

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
    });
    orgId = (await makeClientOrg(server.core, 'acme')).id;
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    contact = await makePerson(server.core, orgId, ['contact'], { name: 'Cleo Client', slack: contactSlack });
    await linkSlackChannel(server.core, orgId, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  const press = (who: { teamId: string; userId: string }, actionId: string, value: string) =>
    postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(who, CLIENT_CHANNEL, { actionId, value }));
  async function resolvedTicket(initiatorId: string) {
    const ticket = await server.core.execute(openTicket, await actorOf(server.core, initiatorId), { orgId, title: 'Export is empty' });
    await server.core.execute(changeTicketStatus, await actorOf(server.core, agent.id), { ticketId: ticket.id, status: 'RESOLVED' });
    return ticket;
  }
  const ratingsOf = (ticketId: string) => db.database.db.select().from(ticketRatings).where(eq(ticketRatings.ticketId, ticketId));

  it("opens the rating after the initiator's approval and rates the ticket once", async () => {
    const ticket = await resolvedTicket(contact.id);
    const opened = slack.callsTo('views.open').length;
    expect((await press(contactSlack, 'ticket:approve', ticket.id)).status).toBe(200);
    expect(slack.callsTo('views.open')).toHaveLength(opened + 1);
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view).toMatchObject({ callback_id: 'ticket:rate', private_metadata: ticket.id });

    const values = {
      score: { value: { type: 'radio_buttons', selected_option: { value: '4' } } },
      comment: { value: { type: 'plain_text_input', value: 'Quick, thanks' } },
    };
    const submit = () => postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(contactSlack, { callbackId: 'ticket:rate', privateMetadata: ticket.id, values }));
    expect((await submit()).text).toBe('');
    expect(await ratingsOf(ticket.id)).toMatchObject([{ score: 4, comment: 'Quick, thanks', raterId: contact.id, door: 'slack' }]);
    expect((await submit()).json).toMatchObject({ response_action: 'errors', errors: { score: expect.stringMatching(/already rated/) } });
    expect(await ratingsOf(ticket.id)).toHaveLength(1);

    // Someone else submitting the same modal is refused by the core, in the modal.
    const forged = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(agentSlack, { callbackId: 'ticket:rate', privateMetadata: ticket.id, values }));
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { score: expect.stringMatching(/only the person who opened/) } });
  });

  it('does not ask a client admin who approves in place of an initiator who has left', async () => {
    const leaver = await makePerson(server.core, orgId, ['contact'], { name: 'Leo Leaver' });
    const admin = await makePerson(server.core, orgId, ['contract_admin'], { name: 'Ada Admin', slack: { teamId: CLIENT_TEAM, userId: 'UADMIN01' } });
    const ticket = await resolvedTicket(leaver.id);
    await removePersonFromOrgForTest(server.core, leaver.id, orgId);
    const opened = slack.callsTo('views.open').length;
    expect((await press({ teamId: CLIENT_TEAM, userId: 'UADMIN01' }, 'ticket:approve', ticket.id)).status).toBe(200);
    expect(slack.callsTo('views.open')).toHaveLength(opened);
  });
});
