/**
 * Production access through Slack: signed requests into the real Bolt app, the notifier driven by
 * `drain()`, timers by a manual clock, and every card, DM and ephemeral checked as the fake Web API
 * recorded it. Refusals write nothing.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackDoor } from '../../../doors/slack/index.ts';
import { ACCESS_ACTIONS, CHOOSE_ORG_VIEW, DENY_VIEW, REQUEST_VIEW } from '../../../doors/slack/access/presenters.ts';
import { decideAccess, requestAccess, setAccessEligibility, setAccessPolicy } from '../../../core/access/index.ts';
import { ManualClock } from '../../../core/clock.ts';
import { setNotificationChoice } from '../../../core/directory/index.ts';
import { acceptSeverity, openTicket } from '../../../core/tickets/index.ts';
import { accessDecisions, accessRequests, auditEvents, type TicketRow } from '../../../db/schema.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { operator } from '../../support/core.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer, slackDoorOf } from '../../support/server.ts';
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
  viewSubmission,
  type FakeSlackApi,
  type SlackApiCall,
  type SlackUserRef,
} from '../../support/slack.ts';
import { actorOf } from '../../support/tickets.ts';
import { eventually } from '../../support/clients.ts';

const SHARED = 'CACMESHARED';
const engineerSlack = { teamId: PROVIDER_TEAM, userId: 'UENGINEER1' };
const approverSlack = { teamId: PROVIDER_TEAM, userId: 'UAPPROVER1' };
const selfSlack = { teamId: PROVIDER_TEAM, userId: 'USELFAPPR1' };
const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT0001' };
const acmeAdminSlack = { teamId: CLIENT_TEAM, userId: 'UACMEADM01' };
const betaAdminSlack = { teamId: 'TCLIENT2', userId: 'UBETAADM01' };
const gammaOwnerSlack = { teamId: 'TCLIENT3', userId: 'UGAMMAOWN1' };

type Values = Record<string, Record<string, unknown>>;
const selected = (value: string | undefined) => ({ value: { type: 'static_select', selected_option: value ? { value } : null } });
const typed = (value: string | undefined) => ({ value: { type: 'plain_text_input', value: value ?? null } });

function requestValues(fields: { ticketId?: string; otherDuty?: string; duration?: string; reason: string; scope: string }): Values {
  return {
    ticket: selected(fields.ticketId),
    otherDuty: typed(fields.otherDuty),
    duration: selected(fields.duration ?? '60'),
    reason: typed(fields.reason),
    scope: typed(fields.scope),
  };
}

const buttonsOf = (call: SlackApiCall) =>
  ((call.args.blocks ?? []) as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => e.action_id);
const shown = (call: SlackApiCall) => JSON.stringify(call.args.blocks ?? []);

describe.each(backends)('production access through Slack on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let door: SlackDoor;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let acme: { id: string; name: string };
  let beta: { id: string };
  let gamma: { id: string };
  let engineer: MadePerson;
  let approver: MadePerson;
  let self: MadePerson;
  let acmeAdmin: MadePerson;
  let acmeContact: MadePerson;
  let gammaOwner: MadePerson;
  let ticket: TicketRow;

  const drain = () => door.notifier.drain();
  /** The response URL of each press, by presser: where the one runner tells the presser alone why a press was refused. */
  const responseUrls = new Map<string, Set<string>>();
  const press = (who: SlackUserRef, channel: string, actionId: string, requestId: string) => {
    const payload = blockActions(who, channel, { actionId, value: requestId, blockId: `access:${requestId}` });
    responseUrls.set(who.userId, (responseUrls.get(who.userId) ?? new Set()).add(payload.response_url));
    return postSlackInteraction(server.url, SLACK_SIGNING_SECRET, payload);
  };
  /** The first post of each card that carried this request's buttons, and later edits of it. */
  const firstCard = (channel: string, requestId: string) =>
    slack.callsTo('chat.postMessage').find((c) => c.args.channel === channel && !c.args.thread_ts && shown(c).includes(requestId));
  const updatesOf = (card: SlackApiCall) => slack.callsTo('chat.update').filter((c) => c.args.channel === card.args.channel && c.args.ts === tsOf(card));
  const tsByCall = new Map<SlackApiCall, string>();
  const tsOf = (card: SlackApiCall) => tsByCall.get(card)!;
  const dms = (user: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === user && !c.args.blocks?.length).map((c) => String(c.args.text));
  /** What only this person was told after their presses: ephemeral replies through the presses' response URLs, never a new message. */
  const told = (user: string) =>
    slack.responseUrlPosts
      .filter((post) => responseUrls.get(user)?.has(post.url))
      .map((post) => {
        expect(post.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        return String(post.body.text);
      });
  /** The replies once there are at least `count` (the runner replies after it has acknowledged the press). */
  const ephemeralsTo = async (user: string, count: number) => {
    await eventually(() => told(user).length >= count);
    return told(user);
  };
  const requestRow = async (id: string) => (await db.database.db.select().from(accessRequests).where(eq(accessRequests.id, id)))[0]!;
  const decisionsOf = (id: string) => db.database.db.select().from(accessDecisions).where(eq(accessDecisions.requestId, id));
  const auditOf = async (id: string) => (await db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.action);

  /** A pending request of the engineer, filed through the core (the Slack modal is its own test). */
  async function pendingRequest(by: MadePerson = engineer, extra: Partial<{ ticketId: string; durationMinutes: number; reason: string }> = {}) {
    return server.core.execute(requestAccess, await actorOf(server.core, by.id), {
      orgId: acme.id,
      ticketId: extra.ticketId ?? ticket.id,
      reason: extra.reason ?? 'Reports come out empty; need to read the report tables',
      scope: 'reporting database, read only',
      durationMinutes: extra.durationMinutes ?? 60,
    });
  }

  beforeAll(async () => {
    slack = fakeSlackApi();
    // The fake's ts for each post, so edits can be matched to the card they edit.
    slack.answer('chat.postMessage', (args) => {
      const ts = `${1_700_000_000 + slack.calls.length}.000100`;
      tsByCall.set(slack.calls.at(-1)!, ts);
      return { channel: args.channel, ts };
    });
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: slackEnv,
      clock,
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { autoRun: false, paceMs: 0 } },
    });
    door = slackDoorOf(server);
    const core = server.core;
    const provider = core.providerId!;
    acme = await makeClientOrg(core, 'acme');
    beta = await makeClientOrg(core, 'beta');
    gamma = await makeClientOrg(core, 'gamma');
    engineer = await makePerson(core, provider, ['agent'], { name: 'Erik Engineer', slack: engineerSlack });
    approver = await makePerson(core, provider, ['access_approver'], { name: 'Astrid Approver', slack: approverSlack });
    self = await makePerson(core, provider, ['agent', 'access_approver'], { name: 'Sam Self', slack: selfSlack });
    await makePerson(core, provider, ['agent'], { name: 'Nils Notlisted', slack: agentSlack });
    acmeAdmin = await makePerson(core, acme.id, ['contract_admin'], { name: 'Cleo Client', slack: acmeAdminSlack });
    acmeContact = await makePerson(core, acme.id, ['contact'], { name: 'Carl Contact' });
    await makePerson(core, beta.id, ['space_admin'], { name: 'Bert Beta', slack: betaAdminSlack });
    gammaOwner = await makePerson(core, gamma.id, ['contract_owner'], { name: 'Gus Gamma', slack: gammaOwnerSlack });
    for (const person of [engineer, self]) await core.execute(setAccessEligibility, operator(), { personId: person.id, eligible: true });
    await linkSlackChannel(core, acme.id, PROVIDER_TEAM, SHARED, 'client');
    ticket = await core.execute(openTicket, await actorOf(core, acmeContact.id), { orgId: acme.id, title: 'Reports are empty' });
    // Setting up made cards and homes of its own (tickets); the tests look at what comes after.
    await drain();
    slack.calls.length = 0;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it('refuses /access to people not on the list, and to the client, with the reason only they see', async () => {
    const notListed = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(agentSlack, 'DAGENT0001', '/access', ''));
    expect(notListed.json).toMatchObject({
      response_type: 'ephemeral',
      text: 'You may not do that: you are not on the list of people who may request production access; ask a provider admin.',
    });
    const client = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(acmeAdminSlack, SHARED, '/access', ''));
    expect(client.json.text).toBe("You may not do that: production access is requested by the provider's own people.");
    expect(slack.callsTo('views.open')).toHaveLength(0);
  });

  it('takes a request through Slack from /access to two approvals, a grant card, and End now', async () => {
    // Outside a client's channel, the org comes first; then the request for that org.
    const command = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(engineerSlack, 'DENGINEER1', '/access', ''));
    expect(command.status).toBe(200);
    const [open] = slack.callsTo('views.open');
    expect(open!.args.view.callback_id).toBe(CHOOSE_ORG_VIEW);
    const orgOptions = open!.args.view.blocks.find((b: { block_id?: string }) => b.block_id === 'org').element.options;
    expect(orgOptions.map((o: { value: string }) => o.value)).toEqual([acme.id, beta.id, gamma.id]);

    const chosen = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(engineerSlack, { callbackId: CHOOSE_ORG_VIEW, values: { org: selected(acme.id) } }));
    expect(chosen.json.response_action).toBe('update');
    const form = chosen.json.view;
    expect(form.callback_id).toBe(REQUEST_VIEW);
    const ticketOptions = form.blocks.find((b: { block_id?: string }) => b.block_id === 'ticket').element.options;
    expect(ticketOptions.map((o: { value: string }) => o.value)).toEqual([ticket.id]);
    const durations = form.blocks.find((b: { block_id?: string }) => b.block_id === 'duration').element.options;
    // The default policy's maximum is 4 hours.
    expect(durations.map((o: { value: string }) => o.value)).toEqual(['15', '30', '60', '120', '240']);

    // A request with neither a ticket nor another duty goes back to the ticket field, and nothing is filed.
    const incomplete = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(engineerSlack, {
      callbackId: REQUEST_VIEW,
      privateMetadata: form.private_metadata,
      values: requestValues({ reason: 'Reports are empty', scope: 'reporting database' }),
    }));
    expect(incomplete.json).toEqual({
      response_action: 'errors',
      errors: { ticket: 'name the ticket this access serves, or mark it as another contractual duty and justify it in writing' },
    });
    expect(await db.database.db.select().from(accessRequests).where(eq(accessRequests.requesterId, engineer.id))).toHaveLength(0);

    const viewId = 'VACCESS0001';
    const submission = viewSubmission(engineerSlack, {
      id: viewId,
      callbackId: REQUEST_VIEW,
      privateMetadata: form.private_metadata,
      values: requestValues({ ticketId: ticket.id, reason: 'Reports come out empty; need to read the report tables', scope: 'reporting database, read only' }),
    });
    const filed = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, submission);
    expect(filed.status).toBe(200);
    expect(filed.text).toBe('');
    // The same view submitted again (a new delivery) files nothing more and closes the modal.
    const again = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, { ...submission, trigger_id: 'T-again' });
    expect(again.text).toBe('');
    const requests = await db.database.db.select().from(accessRequests).where(eq(accessRequests.requesterId, engineer.id));
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request).toMatchObject({ orgId: acme.id, ticketId: ticket.id, durationMinutes: 60, status: 'PENDING', idempotencyKey: `slack-view:${viewId}` });

    await drain();
    // Each provider approver but the requester gets the card in a DM; the client in its shared channel.
    const approverCard = firstCard(approverSlack.userId, request.id)!;
    expect(buttonsOf(approverCard)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    for (const words of ['Erik Engineer', 'acme Inc', ticket.key, 'Reports come out empty', 'reporting database, read only', '1 h', 'Waiting for approval until', '2026-11-23 10:00 UTC']) {
      expect(shown(approverCard)).toContain(words);
    }
    expect(buttonsOf(firstCard(selfSlack.userId, request.id)!)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    const channelCard = firstCard(SHARED, request.id)!;
    expect(buttonsOf(channelCard)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    const requesterCard = firstCard(engineerSlack.userId, request.id)!;
    expect(buttonsOf(requesterCard)).toEqual([ACCESS_ACTIONS.cancel]);

    // The provider approver approves from the DM; a second press changes nothing.
    expect((await press(approverSlack, approverSlack.userId, ACCESS_ACTIONS.approve, request.id)).status).toBe(200);
    await press(approverSlack, approverSlack.userId, ACCESS_ACTIONS.approve, request.id);
    expect(await ephemeralsTo(approverSlack.userId, 1)).toEqual(['That step is not possible now: the provider side has approved this request already.']);
    expect(await decisionsOf(request.id)).toHaveLength(1);
    await drain();
    expect(dms(engineerSlack.userId)).toEqual([
      `:white_check_mark: Astrid Approver approved your access request to acme Inc (${ticket.key}) for the provider side. Still waiting for the client's approval.`,
    ]);
    const approverNow = updatesOf(approverCard).at(-1)!;
    expect(buttonsOf(approverNow)).toEqual([]);
    expect(shown(approverNow)).toContain('Provider: :white_check_mark: approved by Astrid Approver');
    expect(buttonsOf(updatesOf(channelCard).at(-1)!)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);

    // The client's admin approves in the shared channel: the clock starts now.
    clock.advance(5 * 60_000);
    expect((await press(acmeAdminSlack, SHARED, ACCESS_ACTIONS.approve, request.id)).status).toBe(200);
    expect(await requestRow(request.id)).toMatchObject({ status: 'ACTIVE', expiresAt: new Date('2026-11-23T10:05:00Z') });
    await drain();
    expect(dms(engineerSlack.userId).slice(1)).toEqual([
      `:white_check_mark: Cleo Client approved your access request to acme Inc (${ticket.key}) for the client side.`,
      expect.stringMatching(/^:unlock: Your access to acme Inc \(.+\) is granted until <!date\^\d+\^\{date_short_pretty\} \{time\}\|2026-11-23 10:05 UTC> \(1 h\)/),
    ]);
    const grantInChannel = updatesOf(channelCard).at(-1)!;
    expect(buttonsOf(grantInChannel)).toEqual([ACCESS_ACTIONS.end, ACCESS_ACTIONS.revoke]);
    expect(shown(grantInChannel)).toContain('Access granted until <!date^');
    expect(shown(grantInChannel)).toContain('2026-11-23 10:05 UTC');
    expect(buttonsOf(updatesOf(approverCard).at(-1)!)).toEqual([ACCESS_ACTIONS.revoke]);
    const grantForRequester = updatesOf(requesterCard).at(-1)!;
    expect(buttonsOf(grantForRequester)).toEqual([ACCESS_ACTIONS.end, ACCESS_ACTIONS.extend]);

    // The client's admin cannot end it for the requester: only revoke it.
    await press(acmeAdminSlack, SHARED, ACCESS_ACTIONS.end, request.id);
    expect(await ephemeralsTo(acmeAdminSlack.userId, 1)).toEqual(['You may not do that: only the person holding the access ends it early; approvers and admins revoke it.']);
    expect((await requestRow(request.id)).status).toBe('ACTIVE');

    // The requester ends it from their card: every card is edited in place, nothing posted anew.
    const postsBefore = slack.callsTo('chat.postMessage').filter((c) => c.args.blocks?.length).length;
    expect((await press(engineerSlack, engineerSlack.userId, ACCESS_ACTIONS.end, request.id)).status).toBe(200);
    expect((await requestRow(request.id)).status).toBe('ENDED');
    await drain();
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.blocks?.length)).toHaveLength(postsBefore);
    for (const card of [requesterCard, channelCard, approverCard]) {
      const last = updatesOf(card).at(-1)!;
      expect(last.args.ts).toBe(tsOf(card));
      expect(buttonsOf(last)).toEqual([]);
      expect(shown(last)).toContain('Ended by Erik Engineer');
    }
    // The requester ended it themselves: their card says so, no DM.
    expect(dms(engineerSlack.userId)).toHaveLength(3);
  });

  it('carries a comment with a denial to the requester', async () => {
    const request = await pendingRequest();
    await drain();
    expect((await press(approverSlack, approverSlack.userId, ACCESS_ACTIONS.deny, request.id)).status).toBe(200);
    const modal = slack.callsTo('views.open').at(-1)!;
    expect(modal.args.view).toMatchObject({ callback_id: DENY_VIEW, private_metadata: request.id });
    expect(await decisionsOf(request.id)).toHaveLength(0);

    const denied = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(approverSlack, {
      callbackId: DENY_VIEW,
      privateMetadata: request.id,
      values: { comment: typed('Not during the release freeze; ask again on Monday') },
    }));
    expect(denied.text).toBe('');
    expect(await requestRow(request.id)).toMatchObject({ status: 'DENIED' });
    expect(await decisionsOf(request.id)).toMatchObject([{ decision: 'DENY', side: 'provider', comment: 'Not during the release freeze; ask again on Monday' }]);
    await drain();
    expect(dms(engineerSlack.userId).at(-1)).toBe(
      `:no_entry_sign: Astrid Approver denied your access request to acme Inc (${ticket.key}) for the provider side — “Not during the release freeze; ask again on Monday”.`,
    );
    const channelCard = firstCard(SHARED, request.id)!;
    const last = updatesOf(channelCard).at(-1)!;
    expect(buttonsOf(last)).toEqual([]);
    expect(shown(last)).toContain('Denied by Astrid Approver');
  });

  it('refuses self-approval and another org’s admin, only to them, and writes nothing', async () => {
    const request = await pendingRequest(self);
    await drain();
    // The requester, an approver too, gets no approver card of their own request.
    expect(firstCard(selfSlack.userId, request.id)).toBeDefined();
    expect(buttonsOf(firstCard(selfSlack.userId, request.id)!)).toEqual([ACCESS_ACTIONS.cancel]);
    const before = await auditOf(request.id);

    await press(selfSlack, selfSlack.userId, ACCESS_ACTIONS.approve, request.id);
    expect(await ephemeralsTo(selfSlack.userId, 1)).toEqual(['You may not do that: you cannot decide on your own request; another approver must.']);
    await press(betaAdminSlack, 'CBETASHARED', ACCESS_ACTIONS.approve, request.id);
    await press(betaAdminSlack, 'CBETASHARED', ACCESS_ACTIONS.revoke, request.id);
    await press(betaAdminSlack, 'CBETASHARED', ACCESS_ACTIONS.deny, request.id);
    expect(await ephemeralsTo(betaAdminSlack.userId, 3)).toEqual(Array(3).fill('Not found: access request not found.'));
    // Told through each press's response URL only: never as a message the channel could see.
    expect(slack.callsTo('chat.postEphemeral')).toEqual([]);
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('access request not found'))).toEqual([]);

    expect(await decisionsOf(request.id)).toHaveLength(0);
    expect(await requestRow(request.id)).toMatchObject({ status: 'PENDING', providerApprovedById: null, clientApprovedById: null });
    expect(await auditOf(request.id)).toEqual(before);
  });

  it('warns the requester 15 minutes before expiry, and closes the grant card when it expires', async () => {
    const request = await pendingRequest(engineer, { durationMinutes: 30 });
    await server.core.execute(decideAccess, await actorOf(server.core, approver.id), { requestId: request.id, decision: 'APPROVE' });
    await server.core.execute(decideAccess, await actorOf(server.core, acmeAdmin.id), { requestId: request.id, decision: 'APPROVE' });
    await drain();
    const channelCard = firstCard(SHARED, request.id)!;
    const expiresAt = (await requestRow(request.id)).expiresAt!;
    const at = `${expiresAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    const dmsBefore = dms(engineerSlack.userId).length;

    clock.set(new Date(expiresAt.getTime() - 15 * 60_000));
    await server.core.timers.runDue();
    await drain();
    expect(dms(engineerSlack.userId).slice(dmsBefore)).toEqual([expect.stringMatching(new RegExp(`^:hourglass: Your access to acme Inc \\(${ticket.key}\\) expires at <!date.+\\|${at}>, in 15 minutes\\.`))]);

    clock.set(expiresAt);
    await server.core.timers.runDue();
    expect((await requestRow(request.id)).status).toBe('EXPIRED');
    await drain();
    expect(dms(engineerSlack.userId).slice(dmsBefore + 1)).toEqual([expect.stringMatching(new RegExp(`^:lock: Your access to acme Inc \\(${ticket.key}\\) expired at <!date.+\\|${at}>\\.$`))]);
    const last = updatesOf(channelCard).at(-1)!;
    expect(buttonsOf(last)).toEqual([]);
    expect(shown(last)).toContain(`Expired at <!date^`);
    expect(shown(last)).toContain(at);
    // Running the timers again changes nothing.
    await server.core.timers.runDue();
    expect((await auditOf(request.id)).filter((a) => a === 'access.expired')).toHaveLength(1);
  });

  it('extends a grant from its card: a prefilled request, approved again, that replaces the old grant', async () => {
    const first = await pendingRequest(engineer, { durationMinutes: 60 });
    await server.core.execute(decideAccess, await actorOf(server.core, approver.id), { requestId: first.id, decision: 'APPROVE' });
    await server.core.execute(decideAccess, await actorOf(server.core, acmeAdmin.id), { requestId: first.id, decision: 'APPROVE' });
    await drain();

    // Only the holder may extend: the client's admin is told so, and no modal opens.
    const opened = slack.callsTo('views.open').length;
    const toldBefore = told(acmeAdminSlack.userId).length;
    await press(acmeAdminSlack, SHARED, ACCESS_ACTIONS.extend, first.id);
    expect((await ephemeralsTo(acmeAdminSlack.userId, toldBefore + 1)).at(-1)).toBe("You may not do that: production access is requested by the provider's own people.");
    expect(slack.callsTo('views.open')).toHaveLength(opened);

    expect((await press(engineerSlack, engineerSlack.userId, ACCESS_ACTIONS.extend, first.id)).status).toBe(200);
    const modal = slack.callsTo('views.open').at(-1)!.args.view;
    expect(modal.callback_id).toBe(REQUEST_VIEW);
    expect(JSON.parse(modal.private_metadata)).toEqual({ orgId: acme.id, extendsRequestId: first.id });
    expect(modal.blocks.find((b: { block_id?: string }) => b.block_id === 'ticket').element.initial_option.value).toBe(ticket.id);
    expect(JSON.stringify(modal.blocks)).toContain('An extension');

    clock.advance(40 * 60_000);
    const filed = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, viewSubmission(engineerSlack, {
      callbackId: REQUEST_VIEW,
      privateMetadata: modal.private_metadata,
      values: requestValues({ ticketId: ticket.id, duration: '120', reason: 'Still tracing the empty reports', scope: 'reporting database, read only' }),
    }));
    expect(filed.text).toBe('');
    const [extension] = await db.database.db.select().from(accessRequests).where(eq(accessRequests.extendsRequestId, first.id));
    expect(extension).toMatchObject({ status: 'PENDING', ticketId: ticket.id, durationMinutes: 120 });
    // Approved again, by both sides; when it starts, the old grant ends.
    expect((await requestRow(first.id)).status).toBe('ACTIVE');
    await press(approverSlack, approverSlack.userId, ACCESS_ACTIONS.approve, extension!.id);
    await press(acmeAdminSlack, SHARED, ACCESS_ACTIONS.approve, extension!.id);
    expect((await requestRow(extension!.id)).status).toBe('ACTIVE');
    expect(await requestRow(first.id)).toMatchObject({ status: 'ENDED', closeReason: 'replaced by its extension' });
    await drain();
    expect(shown(updatesOf(firstCard(SHARED, first.id)!).at(-1)!)).toContain('replaced by its extension');
    expect(shown(firstCard(SHARED, extension!.id)!)).toContain('(an extension)');
    await press(engineerSlack, engineerSlack.userId, ACCESS_ACTIONS.end, extension!.id);
    expect((await requestRow(extension!.id)).status).toBe('ENDED');
  });

  it('lists what waits for a decision, and one’s own requests, on App Home with their buttons', async () => {
    const request = await pendingRequest();
    await drain();
    const homeOf = (user: string) => slack.callsTo('views.publish').filter((c) => c.args.user_id === user).at(-1)!;
    const homeText = (user: string) => JSON.stringify(homeOf(user).args.view.blocks);
    const homeButtons = (user: string) =>
      homeOf(user).args.view.blocks.find((b: { block_id?: string }) => b.block_id === `access:${request.id}:home`)?.elements.map((e: { action_id: string }) => e.action_id);
    expect(homeText(approverSlack.userId)).toContain('Access requests waiting for your decision');
    expect(homeButtons(approverSlack.userId)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    expect(homeText(acmeAdminSlack.userId)).toContain('Access requests waiting for your decision');
    expect(homeButtons(acmeAdminSlack.userId)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    expect(homeText(engineerSlack.userId)).toContain('Your production access');
    expect(homeButtons(engineerSlack.userId)).toEqual([ACCESS_ACTIONS.cancel]);

    // A press on App Home has no channel and no response URL: a refusal comes as a DM.
    const fromHome = () => {
      const { channel: _channel, response_url: _url, ...payload } = blockActions(approverSlack, 'UNUSED', { actionId: ACCESS_ACTIONS.approve, value: request.id });
      return { ...payload, container: { type: 'view', view_id: 'VHOME0001' } };
    };
    expect((await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, fromHome())).status).toBe(200);
    expect((await requestRow(request.id)).providerApprovedById).toBe(approver.id);
    const dmsBefore = dms(approverSlack.userId).length;
    await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, fromHome());
    await eventually(() => dms(approverSlack.userId).length > dmsBefore);
    expect(dms(approverSlack.userId).at(-1)).toBe('That step is not possible now: the provider side has approved this request already.');
    await drain();
    expect(homeText(approverSlack.userId)).not.toContain(request.id);
    expect(homeButtons(acmeAdminSlack.userId)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);

    // Cancelled from the requester's card: gone from every Home.
    await press(engineerSlack, engineerSlack.userId, ACCESS_ACTIONS.cancel, request.id);
    expect((await requestRow(request.id)).status).toBe('CANCELLED');
    await drain();
    expect(homeText(engineerSlack.userId)).not.toContain(request.id);
    expect(homeText(acmeAdminSlack.userId)).not.toContain(request.id);
    const publishes = slack.callsTo('views.publish').length;
    expect((await postSlackEvent(server.url, SLACK_SIGNING_SECRET, appHomeOpened(engineerSlack))).status).toBe(200);
    // Events are acknowledged before their listener runs.
    await eventually(() => slack.callsTo('views.publish').length === publishes + 1);
    expect(homeText(engineerSlack.userId)).not.toContain(request.id);
  });

  it('opens the request modal for the channel’s org in a shared channel, and sends an org without a channel to its admins by DM', async () => {
    const inChannel = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(engineerSlack, SHARED, '/access', ''));
    expect(inChannel.status).toBe(200);
    const view = slack.callsTo('views.open').at(-1)!.args.view;
    expect(view.callback_id).toBe(REQUEST_VIEW);
    expect(JSON.parse(view.private_metadata)).toEqual({ orgId: acme.id });

    const request = await server.core.execute(requestAccess, await actorOf(server.core, engineer.id), {
      orgId: gamma.id,
      otherDutyJustification: 'Quarterly restore test the contract requires (appendix B, section 4)',
      reason: 'Verify last night’s backup restores',
      scope: 'backup storage, restore host',
      durationMinutes: 120,
    });
    await drain();
    const card = firstCard(gammaOwnerSlack.userId, request.id)!;
    expect(buttonsOf(card)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
    expect(shown(card)).toContain('Another contractual duty: Quarterly restore test the contract requires');
    await press(gammaOwnerSlack, gammaOwnerSlack.userId, ACCESS_ACTIONS.approve, request.id);
    expect((await requestRow(request.id)).clientApprovedById).toBe(gammaOwner.id);
  });

  it('sends no Slack card to a client admin who chose email alone for access messages, and cards again once they choose both', async () => {
    const asGus = await actorOf(server.core, gammaOwner.id);
    await server.core.execute(setNotificationChoice, asGus, { personId: gammaOwner.id, kind: 'access', channels: 'email' });
    const request = async (reason: string) =>
      server.core.execute(requestAccess, await actorOf(server.core, engineer.id), {
        orgId: gamma.id,
        otherDutyJustification: 'Quarterly restore test the contract requires (appendix B, section 4)',
        reason,
        scope: 'backup storage, restore host',
        durationMinutes: 60,
      });
    const mailed = await request('Check the restore host’s disk');
    await drain();
    expect(firstCard(gammaOwnerSlack.userId, mailed.id)).toBeUndefined();
    // The provider's approvers, who kept the default, still get theirs.
    expect(firstCard(approverSlack.userId, mailed.id)).toBeDefined();

    await server.core.execute(setNotificationChoice, asGus, { personId: gammaOwner.id, kind: 'access', channels: 'both' });
    const carded = await request('Check the restore host’s memory');
    await drain();
    expect(buttonsOf(firstCard(gammaOwnerSlack.userId, carded.id)!)).toEqual([ACCESS_ACTIONS.approve, ACCESS_ACTIONS.deny]);
  });

  it('tells the client at once when its policy let the provider’s approval suffice for an URGENT ticket', async () => {
    await server.core.execute(setAccessPolicy, await actorOf(server.core, acmeAdmin.id), { orgId: acme.id, clientApproval: 'provider_for_urgent' });
    const urgent = await server.core.execute(openTicket, await actorOf(server.core, acmeContact.id), { orgId: acme.id, title: 'Nothing loads', proposedSeverity: 'URGENT' });
    await server.core.execute(acceptSeverity, await actorOf(server.core, engineer.id), { ticketId: urgent.id });
    const request = await pendingRequest(engineer, { ticketId: urgent.id, reason: 'Find why nothing loads' });
    await drain();
    // The client can still refuse, but need not approve.
    expect(buttonsOf(firstCard(SHARED, request.id)!)).toEqual([ACCESS_ACTIONS.deny]);
    const channelPosts = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === SHARED && !c.args.blocks?.length).map((c) => String(c.args.text));
    const before = channelPosts().length;

    await press(approverSlack, approverSlack.userId, ACCESS_ACTIONS.approve, request.id);
    expect(await requestRow(request.id)).toMatchObject({ status: 'ACTIVE', clientApprovedById: null });
    await drain();
    const told = channelPosts().slice(before);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/^:rotating_light: \*Erik Engineer\* now has access to acme Inc's production data for the URGENT ticket \*.+\* Nothing loads, approved by the provider alone as your access policy allows, until <!date/);
    expect(buttonsOf(updatesOf(firstCard(SHARED, request.id)!).at(-1)!)).toEqual([ACCESS_ACTIONS.end, ACCESS_ACTIONS.revoke]);
    // The client's admin revokes it from the channel.
    await press(acmeAdminSlack, SHARED, ACCESS_ACTIONS.revoke, request.id);
    expect((await requestRow(request.id)).status).toBe('REVOKED');
    await drain();
    expect(dms(engineerSlack.userId).at(-1)).toBe(`:no_entry: Cleo Client revoked your access to acme Inc (${urgent.key}).`);
    const rows = await db.database.db.select().from(accessRequests).where(and(eq(accessRequests.orgId, acme.id), eq(accessRequests.status, 'ACTIVE')));
    expect(rows).toHaveLength(0);
  });
});
