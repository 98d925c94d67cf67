/**
 * Incidents through the doors: declared by `/incident` in Slack (signed requests into the real Bolt
 * app) and over GraphQL, updated and resolved over GraphQL; each notice reaches the affected org's
 * shared Slack channel (a card with the updates in its thread), its admins' and owners' email (a
 * real SMTP server), and its subscribers; an org that does not use the service gets nothing, and a
 * client of another org can neither read the incident nor follow it. A maintenance window's notices
 * (scheduled, started, ended) reach the same people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.ts';
import { createService, setServiceAlarmMatches } from '../../../core/status/index.ts';
import { firing, ingest, makeAlarmSource } from '../../support/alarms.ts';
import type { EmailDoor } from '../../../doors/email/index.ts';
import { DECLARE_CALLBACK, UPDATE_ACTION, UPDATE_CALLBACK } from '../../../doors/slack/incidents/presenters.ts';
import { operator } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { collect, eventually, gql, wsClient } from '../../support/clients.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import {
  blockActions,
  CLIENT_TEAM,
  fakeSlackApi,
  postSlackCommand,
  postSlackInteraction,
  PROVIDER_TEAM,
  SLACK_SIGNING_SECRET,
  slackEnv,
  slashCommand,
  viewSubmission,
  type FakeSlackApi,
} from '../../support/slack.ts';
import { fakeSmtp, type FakeSmtp } from '../../support/smtp.ts';

describe.each(backends)('incidents in Slack, email and GraphQL on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let smtp: FakeSmtp;
  let door: EmailDoor;
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENT001' };
  const contactSlack = { teamId: CLIENT_TEAM, userId: 'UACMECON1' };
  let agent: MadePerson;
  let acmeAdmin: MadePerson;
  let acmeContact: MadePerson;
  let betaAdmin: MadePerson;
  let acme: { id: string };
  let beta: { id: string };
  let reporting: string;
  const clock = new ManualClock(new Date());

  const postsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  const mailsTo = async (address: string, count: number) => {
    await eventually(async () => {
      await door.sender.runDue();
      return smtp.to(address).length >= count;
    });
    return smtp.to(address);
  };

  beforeAll(async () => {
    slack = fakeSlackApi();
    smtp = await fakeSmtp();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { ...slackEnv, SMTP_URL: smtp.url, MAIL_FROM: 'opsdesk <ops@vendor.example>', PUBLIC_URL: 'https://ops.vendor.example' },
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
      email: { sender: { autoRun: false } },
      clock,
    });
    door = server.doors.find((d) => d.name === 'email') as EmailDoor;
    agent = await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Arne Agent', slack: agentSlack });
    acme = await makeClientOrg(server.core, 'acme');
    beta = await makeClientOrg(server.core, 'beta');
    acmeAdmin = await makePerson(server.core, acme.id, ['space_admin'], { name: 'Ada Acme' });
    acmeContact = await makePerson(server.core, acme.id, ['contact'], { name: 'Cleo Contact', slack: contactSlack });
    betaAdmin = await makePerson(server.core, beta.id, ['contract_owner'], { name: 'Bo Beta' });
    await linkSlackChannel(server.core, acme.id, PROVIDER_TEAM, 'CACMESHR1', 'client');
    await linkSlackChannel(server.core, beta.id, PROVIDER_TEAM, 'CBETASHR1', 'client');
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, 'CSUPPORT1', 'support');
    await linkSlackChannel(server.core, server.core.providerId!, PROVIDER_TEAM, 'CONCALL01', 'oncall');
    reporting = (await server.core.execute(createService, operator(), { name: 'Acme reporting', orgIds: [acme.id] })).id;
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
    await smtp?.close();
  });

  it('/incident opens the declare form for staff only; submitting it tells Acme’s channel and admins, and Beta nothing', async () => {
    const refused = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(contactSlack, 'CACMESHR1', '/incident', ''));
    expect(refused.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('only provider staff') });
    const opened = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(agentSlack, 'CAGENTS01', '/incident', ''));
    expect(opened.status).toBe(200);
    await eventually(() => slack.callsTo('views.open').length === 1);
    const view = slack.callsTo('views.open')[0]!.args.view as { callback_id: string; blocks: Array<{ block_id: string; element?: { options?: Array<{ value: string }> } }> };
    expect(view.callback_id).toBe(DECLARE_CALLBACK);
    expect(view.blocks.find((b) => b.block_id === 'services')!.element!.options!.map((o) => o.value)).toContain(reporting);

    const submitted = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(agentSlack, {
        callbackId: DECLARE_CALLBACK,
        values: {
          title: { value: { type: 'plain_text_input', value: 'Reports do not load' } },
          services: { value: { type: 'multi_static_select', selected_options: [{ value: reporting }] } },
          impact: { value: { type: 'static_select', selected_option: { value: 'major' } } },
          message: { value: { type: 'plain_text_input', value: 'We are looking into failing report exports.' } },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe('');
    await eventually(() => postsTo('CACMESHR1').length >= 2);
    expect(postsTo('CACMESHR1')[0]!.args.text).toContain('Reports do not load');
    expect(String(postsTo('CACMESHR1')[1]!.args.text)).toContain('We are looking into failing report exports.');
    const mails = await mailsTo(acmeAdmin.email, 1);
    expect(mails[0]!.parsed.subject).toBe('[Investigating] Reports do not load');
    expect(mails[0]!.parsed.text).toContain('We are looking into failing report exports.');
    expect(postsTo('CBETASHR1')).toEqual([]);
    expect(smtp.to(betaAdmin.email)).toEqual([]);
    expect(smtp.to(acmeContact.email)).toEqual([]); // contacts follow it in the channel; admins and owners are mailed

    // Staff see it in the support channel, with a button that opens the update form.
    await eventually(() => postsTo('CSUPPORT1').length >= 2);
    const card = postsTo('CSUPPORT1')[0]!.args as { text: string; blocks: Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }> };
    expect(card.text).toContain('Reports do not load');
    const incidentId = card.blocks.find((b) => b.type === 'actions')!.elements![0]!.value;
    const byClient = await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(contactSlack, 'CSUPPORT1', { actionId: UPDATE_ACTION, value: incidentId }));
    expect(byClient.status).toBe(200);
    await eventually(() => slack.toldOnly(contactSlack.userId).some((t) => t.includes('only provider staff')));
    await postSlackInteraction(server.url, SLACK_SIGNING_SECRET, blockActions(agentSlack, 'CSUPPORT1', { actionId: UPDATE_ACTION, value: incidentId }));
    await eventually(() => slack.callsTo('views.open').length === 2);
    expect(slack.callsTo('views.open')[1]!.args.view).toMatchObject({ callback_id: UPDATE_CALLBACK, private_metadata: incidentId });
    const posted = await postSlackInteraction(
      server.url,
      SLACK_SIGNING_SECRET,
      viewSubmission(agentSlack, {
        callbackId: UPDATE_CALLBACK,
        privateMetadata: incidentId,
        values: {
          status: { value: { type: 'static_select', selected_option: { value: 'identified' } } },
          message: { value: { type: 'plain_text_input', value: 'A full disk on the export host.' } },
          impact: { value: { type: 'static_select', selected_option: { value: 'major' } } },
        },
      }),
    );
    expect(posted.text).toBe('');
    await eventually(() => postsTo('CACMESHR1').some((c) => String(c.args.text).includes('A full disk on the export host.')));
    expect((await mailsTo(acmeAdmin.email, 2))[1]!.parsed.subject).toBe('[Identified] Reports do not load');
    expect(postsTo('CBETASHR1')).toEqual([]);
  });

  it('declared, updated and resolved over GraphQL: Acme’s channel, email and subscription get each update; Beta can neither see nor follow it', async () => {
    const acmeWs = wsClient(server.url, acmeContact.token);
    const betaWs = wsClient(server.url, betaAdmin.token);
    const acmeStream = collect(acmeWs, 'subscription($org: ID) { incidentEvents(orgId: $org) { type payload } }', { org: acme.id });
    const betaStream = collect(betaWs, 'subscription { incidentEvents { type subjectId } }');
    const betaOnAcme = collect(betaWs, 'subscription($org: ID) { incidentEvents(orgId: $org) { type } }', { org: acme.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = postsTo('CACMESHR1').length;
    const mailsBefore = smtp.to(acmeAdmin.email).length;

    const declared = await gql(server.url, agent.token, 'mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id status impact services { name } updates { status message } } }', {
      input: { title: 'Exports are slow', impact: 'MINOR', message: 'Exports take minutes.', serviceIds: [reporting] },
    });
    expect(declared.errors).toBeUndefined();
    const incident = declared.data!.declareIncident;
    expect(incident).toMatchObject({ status: 'INVESTIGATING', impact: 'MINOR', services: [{ name: 'Acme reporting' }], updates: [{ status: 'INVESTIGATING', message: 'Exports take minutes.' }] });
    const update = (status: string, message: string) =>
      gql(server.url, agent.token, 'mutation($input: PostIncidentUpdateInput!) { postIncidentUpdate(input: $input) { status resolvedAt } }', { input: { incidentId: incident.id, status, message } });
    expect((await update('IDENTIFIED', 'A full queue.')).data!.postIncidentUpdate.status).toBe('IDENTIFIED');
    const resolved = await update('RESOLVED', 'Exports are fast again.');
    expect(resolved.data!.postIncidentUpdate.resolvedAt).not.toBeNull();

    await acmeStream.until(() => acmeStream.received.length >= 3);
    expect(acmeStream.received.map((r) => [r.incidentEvents.type, r.incidentEvents.payload.notice])).toEqual([
      ['incident_notice.sent', 'opened'],
      ['incident_notice.sent', 'updated'],
      ['incident_notice.sent', 'resolved'],
    ]);
    await eventually(() => postsTo('CACMESHR1').length >= before + 4); // the card, then each update in its thread (the card itself is edited, not posted again)
    const threadTexts = postsTo('CACMESHR1').slice(before).map((c) => String(c.args.text));
    expect(threadTexts.some((t) => t.includes('A full queue.'))).toBe(true);
    expect(threadTexts.some((t) => t.includes('Exports are fast again.'))).toBe(true);
    const mails = (await mailsTo(acmeAdmin.email, mailsBefore + 3)).slice(mailsBefore);
    expect(mails.map((m) => m.parsed.subject)).toEqual(['[Investigating] Exports are slow', '[Identified] Exports are slow', '[Resolved] Exports are slow']);

    expect(postsTo('CBETASHR1')).toEqual([]);
    expect(smtp.to(betaAdmin.email)).toEqual([]);
    const seen = await gql(server.url, betaAdmin.token, 'query($id: ID!) { incident(id: $id) { title } }', { id: incident.id });
    expect(seen.errors?.[0]).toMatchObject({ message: 'incident not found', extensions: { code: 'NOT_FOUND' } });
    expect((await gql(server.url, betaAdmin.token, '{ incidents { id } }')).data!.incidents).toEqual([]);
    await betaOnAcme.until(() => betaOnAcme.errors.length > 0);
    expect(betaOnAcme.errors[0]).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(betaStream.received).toEqual([]);
    expect((await gql(server.url, acmeContact.token, 'query($id: ID!) { incident(id: $id) { title alarmIds } }', { id: incident.id })).data!.incident).toEqual({
      title: 'Exports are slow',
      alarmIds: [],
    });
    await acmeWs.dispose();
    await betaWs.dispose();
  });

  it('a maintenance window by hand is told to Acme’s channel and admins when scheduled, when it starts and when it ends; Beta hears nothing', async () => {
    const before = postsTo('CACMESHR1').length;
    const mailsBefore = smtp.to(acmeAdmin.email).length;
    const start = new Date(clock.now().getTime() + 60 * 60_000);
    const scheduled = await gql(server.url, agent.token, 'mutation($input: ScheduleMaintenanceInput!) { scheduleMaintenance(input: $input) { id state services { name } } }', {
      input: { title: 'Reporting database move', startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 2 * 60 * 60_000).toISOString(), serviceIds: [reporting] },
    });
    expect(scheduled.data!.scheduleMaintenance).toMatchObject({ state: 'SCHEDULED', services: [{ name: 'Acme reporting' }] });
    clock.advance(60 * 60_000);
    await server.core.timers.runDue();
    // An alarm of the service during the window: its card says paging is held, and nobody is paged.
    const source = await makeAlarmSource(server.core);
    await server.core.execute(setServiceAlarmMatches, operator(), { serviceId: reporting, matches: [{ sourceName: source.name }] });
    const [held] = await ingest(server.core, source, firing('export-queue', { summary: 'Export queue stuck', service: null }));
    const alarm = await gql(server.url, server.adminToken, 'query($id: ID!) { alarm(id: $id) { pagingHeldBy pages { channel } } }', { id: held!.alarmId });
    expect(alarm.data!.alarm).toEqual({ pagingHeldBy: scheduled.data!.scheduleMaintenance.id, pages: [] });
    await eventually(() => postsTo('CONCALL01').some((c) => JSON.stringify(c.args.blocks).includes('Paging held by maintenance')));
    clock.advance(2 * 60 * 60_000);
    await server.core.timers.runDue();
    const window = await gql(server.url, acmeContact.token, 'query($id: ID!) { maintenanceWindow(id: $id) { state } }', { id: scheduled.data!.scheduleMaintenance.id });
    expect(window.data!.maintenanceWindow.state).toBe('COMPLETED');
    await eventually(() => postsTo('CACMESHR1').length >= before + 3);
    expect(postsTo('CACMESHR1').slice(before).map((c) => String(c.args.text).match(/Maintenance \w+/)?.[0])).toEqual(['Maintenance scheduled', 'Maintenance started', 'Maintenance completed']);
    const mails = (await mailsTo(acmeAdmin.email, mailsBefore + 3)).slice(mailsBefore);
    expect(mails.map((m) => m.parsed.subject)).toEqual([
      'Maintenance scheduled: Reporting database move',
      'Maintenance started: Reporting database move',
      'Maintenance completed: Reporting database move',
    ]);
    expect(postsTo('CBETASHR1')).toEqual([]);
    expect(smtp.to(betaAdmin.email)).toEqual([]);
  });
});
