/**
 * Every button of every capability's Slack part, through the one runner: a signed press runs its
 * command (or opens its modal) as the person who pressed it; a press by someone the policy refuses is
 * told to that person only, and writes nothing; an action id a button once had still works. A button
 * added without a case here fails the first test.
 */
import { count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { partsOf } from '../../../app/capabilities.ts';
import { setAccessEligibility, requestAccess, decideAccess } from '../../../core/access/index.ts';
import { createAndAnnounceRelease } from '../../../core/announcements/index.ts';
import { createSchedule, ingestAlarms } from '../../../core/alarms/index.ts';
import type { Core } from '../../../core/core.ts';
import { changeTicketStatus, openTicket } from '../../../core/tickets/index.ts';
import { auditEvents, domainEvents } from '../../../db/schema.ts';
import type { SlackButton } from '../../../doors/slack/kit/buttons.ts';
import { PROPOSE_SEVERITY_VIEW } from '../../../doors/slack/tickets/presenters.ts';
import { ADD_NOTE_VIEW } from '../../../doors/slack/tickets/internal-presenters.ts';
import { RESOLVE_MODAL } from '../../../doors/slack/alarms/presenters.ts';
import { DENY_VIEW, REQUEST_VIEW } from '../../../doors/slack/access/presenters.ts';
import { UPDATE_CALLBACK } from '../../../doors/slack/incidents/presenters.ts';
import { declareIncident } from '../../../core/incidents/index.ts';
import { createService } from '../../../core/status/index.ts';
import { eventually } from '../../support/clients.ts';
import { operator } from '../../support/core.ts';
import { backends } from '../../support/db.ts';
import { makeAlarmSource } from '../../support/alarms.ts';
import { DAY, releaseInput } from '../../support/announcements.ts';
import { claimWorkspace, makeClientOrg, type MadePerson } from '../../support/server.ts';
import { slackDesk, type SlackDesk } from '../../support/slack-desk.ts';
import { actorOf } from '../../support/tickets.ts';
import { CLIENT_TEAM, PROVIDER_TEAM, type SlackUserRef } from '../../support/slack.ts';

const buttons: SlackButton[] = (await partsOf('slack')).flatMap((part) => [...(part.buttons ?? [])]);

const CHANNEL = 'CBUTTONS1';
const slackUser = (teamId: string, name: string): SlackUserRef => ({ teamId, userId: `U${name.toUpperCase()}` });

/** The people who press: each a person of the directory with a Slack identity. */
interface Cast {
  agent: MadePerson & { slack: SlackUserRef };
  oncall: MadePerson & { slack: SlackUserRef };
  approver: MadePerson & { slack: SlackUserRef };
  engineer: MadePerson & { slack: SlackUserRef };
  contact: MadePerson & { slack: SlackUserRef };
  clientAdmin: MadePerson & { slack: SlackUserRef };
  outsider: MadePerson & { slack: SlackUserRef };
  orgId: string;
}

/** What a press by the allowed person leads to. */
type Effect = { event: string } | { modal: string };

interface ButtonCase {
  /** A fresh subject for the button; returns its value. */
  arrange(core: Core, cast: Cast): Promise<string>;
  allowed: keyof Omit<Cast, 'orgId'>;
  refused: keyof Omit<Cast, 'orgId'>;
  effect: Effect;
  /** What the refused presser is told. */
  refusal: RegExp;
}

async function ticket(core: Core, cast: Cast, status?: 'RESOLVED', proposedSeverity?: 'HIGH') {
  const opened = await core.execute(openTicket, await actorOf(core, cast.contact.id), { orgId: cast.orgId, title: 'Exports are empty', proposedSeverity });
  if (status) await core.execute(changeTicketStatus, await actorOf(core, cast.agent.id), { ticketId: opened.id, status });
  return opened;
}

async function alarm(core: Core) {
  const source = await makeAlarmSource(core);
  const webhook = { ...operator(), id: 'webhook' as const, door: 'webhook' as const };
  const [outcome] = await core.execute(ingestAlarms, webhook, { sourceId: source.id, alarms: [{ fingerprint: `fp-${Math.random()}`, summary: 'Disk full', status: 'firing', severity: 'critical' }] });
  return outcome!.alarmId!;
}

async function pendingAccess(core: Core, cast: Cast) {
  const about = await ticket(core, cast);
  return core.execute(requestAccess, await actorOf(core, cast.engineer.id), {
    orgId: cast.orgId,
    ticketId: about.id,
    reason: 'The export job reads nothing; I need to look at its tables',
    scope: 'reporting database, read only',
    durationMinutes: 60,
  });
}

async function activeGrant(core: Core, cast: Cast) {
  const request = await pendingAccess(core, cast);
  await core.execute(decideAccess, await actorOf(core, cast.approver.id), { requestId: request.id, decision: 'APPROVE' });
  await core.execute(decideAccess, await actorOf(core, cast.clientAdmin.id), { requestId: request.id, decision: 'APPROVE' });
  return request;
}

const CASES: Record<string, ButtonCase> = {
  'ticket:take': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'contact', effect: { event: 'ticket.assigned' }, refusal: /only the provider's support staff can assign tickets/ },
  'ticket:ask_client': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'contact', effect: { event: 'ticket.status_changed' }, refusal: /only the provider's support staff/ },
  'ticket:log_bug': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'contact', effect: { event: 'ticket.status_changed' }, refusal: /only the provider's support staff/ },
  'ticket:resolve': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'contact', effect: { event: 'ticket.status_changed' }, refusal: /only the provider's support staff/ },
  'ticket:approve': { arrange: async (c, k) => (await ticket(c, k, 'RESOLVED')).id, allowed: 'contact', refused: 'agent', effect: { event: 'ticket.closed' }, refusal: /only the person who opened .* can approve the closure/ },
  'ticket:reopen': { arrange: async (c, k) => (await ticket(c, k, 'RESOLVED')).id, allowed: 'contact', refused: 'agent', effect: { event: 'ticket.reopened' }, refusal: /only the person who opened .* can reopen it/ },
  'ticket:accept': {
    arrange: async (c, k) => `${(await ticket(c, k, undefined, 'HIGH')).id}|HIGH`,
    allowed: 'agent',
    refused: 'contact',
    effect: { event: 'ticket.severity_agreed' },
    refusal: /the client proposed HIGH; the provider must accept it/,
  },
  'ticket:add_note': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'contact', effect: { modal: ADD_NOTE_VIEW }, refusal: /only the provider's support staff write internal notes/ },
  'ticket:propose': { arrange: async (c, k) => (await ticket(c, k)).id, allowed: 'agent', refused: 'outsider', effect: { modal: PROPOSE_SEVERITY_VIEW }, refusal: /ticket not found/ },
  'alarm:acknowledge': { arrange: (c) => alarm(c), allowed: 'oncall', refused: 'agent', effect: { event: 'alarm.acknowledged' }, refusal: /only on-call staff and provider admins/ },
  'alarm:escalate': { arrange: (c) => alarm(c), allowed: 'oncall', refused: 'agent', effect: { event: 'alarm.escalated' }, refusal: /only on-call staff and provider admins/ },
  'alarm:resolve': { arrange: (c) => alarm(c), allowed: 'oncall', refused: 'agent', effect: { modal: RESOLVE_MODAL }, refusal: /only on-call staff and provider admins/ },
  'access:approve': { arrange: async (c, k) => (await pendingAccess(c, k)).id, allowed: 'approver', refused: 'engineer', effect: { event: 'access.approved' }, refusal: /you cannot decid/ },
  'access:deny': { arrange: async (c, k) => (await pendingAccess(c, k)).id, allowed: 'approver', refused: 'contact', effect: { modal: DENY_VIEW }, refusal: /access request not found/ },
  'access:cancel': { arrange: async (c, k) => (await pendingAccess(c, k)).id, allowed: 'engineer', refused: 'approver', effect: { event: 'access.cancelled' }, refusal: /only the person who asked can cancel/ },
  'access:end': { arrange: async (c, k) => (await activeGrant(c, k)).id, allowed: 'engineer', refused: 'contact', effect: { event: 'access.ended' }, refusal: /access request not found/ },
  'access:revoke': { arrange: async (c, k) => (await activeGrant(c, k)).id, allowed: 'approver', refused: 'engineer', effect: { event: 'access.revoked' }, refusal: /only access approvers, the provider's admins and the organisation's admins revoke/ },
  'access:extend': { arrange: async (c, k) => (await activeGrant(c, k)).id, allowed: 'engineer', refused: 'approver', effect: { modal: REQUEST_VIEW }, refusal: /you are not on t/ },
  'incident:update': {
    arrange: async (c, k) => {
      const service = await c.execute(createService, operator(), { name: `Reports ${Math.random()}`, orgIds: [k.orgId] });
      return (await c.execute(declareIncident, operator(), { title: 'Reports fail', impact: 'minor', message: 'Looking into it.', serviceIds: [service.id] })).id;
    },
    allowed: 'agent',
    refused: 'contact',
    effect: { modal: UPDATE_CALLBACK },
    refusal: /only provider staff may manage incidents/,
  },
  'announcement:acknowledge': {
    arrange: async (c, k) => {
      const product = await c.execute(createAndAnnounceRelease, operator(), { release: releaseInput(c.clock.now(), 20 * DAY), orgIds: [k.orgId] });
      return product.announcement.id;
    },
    allowed: 'clientAdmin',
    refused: 'agent',
    effect: { event: 'announcement.acknowledged' },
    refusal: /only the announc/,
  },
};

describe('the buttons of every Slack part', () => {
  it('each has a case in this test (its command, who may press it, who may not)', () => {
    expect(buttons.length).toBeGreaterThan(10);
    expect(buttons.map((b) => b.actionId).filter((id) => !CASES[id])).toEqual([]);
  });
});

describe.each(backends)('every Slack button on %s', (backend) => {
  const desk = slackDesk(backend);
  let cast: Cast;

  const as = async (orgId: string, roles: Parameters<SlackDesk['person']>[1], name: string, teamId: string) => {
    const slack = slackUser(teamId, name);
    return { ...(await desk.person(orgId, roles, name, slack)), slack };
  };
  /** Everything written, as counts: a refused press must leave them as they were. */
  const written = async () => {
    const { db } = desk.db.database;
    const [audit] = await db.select({ n: count() }).from(auditEvents);
    const [events] = await db.select({ n: count() }).from(domainEvents);
    return { audit: Number(audit!.n), events: Number(events!.n) };
  };
  const recorded = async (type: string, subjectId: string) => {
    const rows = await desk.db.database.db.select({ type: domainEvents.type, subjectId: domainEvents.subjectId }).from(domainEvents);
    return rows.some((row) => row.type === type && row.subjectId === subjectId);
  };
  const modalsOpened = (callbackId: string) => desk.slack.callsTo('views.open').filter((call) => call.args.view?.callback_id === callbackId).length;

  // After the desk's own beforeAll (hooks run in the order they are registered).
  beforeAll(async () => {
    const core = desk.core;
    const provider = core.providerId!;
    const org = await makeClientOrg(core, `buttons-${backend}`);
    const other = await makeClientOrg(core, `others-${backend}`);
    await claimWorkspace(core, org.id, CLIENT_TEAM);
    await desk.link(org.id, PROVIDER_TEAM, CHANNEL, 'client');
    cast = {
      orgId: org.id,
      agent: await as(provider, ['agent'], 'Agnes', PROVIDER_TEAM),
      oncall: await as(provider, ['oncall'], 'Olle', PROVIDER_TEAM),
      approver: await as(provider, ['access_approver'], 'Astrid', PROVIDER_TEAM),
      engineer: await as(provider, ['agent'], 'Erik', PROVIDER_TEAM),
      contact: await as(org.id, ['contact'], 'Cleo', CLIENT_TEAM),
      clientAdmin: await as(org.id, ['contract_admin'], 'Carl', CLIENT_TEAM),
      outsider: await as(other.id, ['contact'], 'Otto', 'TOTHERS1'),
    };
    await core.execute(setAccessEligibility, operator(), { personId: cast.engineer.id, eligible: true });
    await core.execute(createSchedule, operator(), { name: 'primary', timeZone: 'UTC', startDate: '2026-01-01', members: [cast.oncall.id] });
  });

  describe.each(buttons.map((button) => [button.actionId, button] as const))('%s', (actionId, button) => {
    const spec = CASES[actionId]!;

    it('tells a refused presser why, only them, and writes nothing', async () => {
      const value = await spec.arrange(desk.core, cast);
      const presser = cast[spec.refused];
      const before = await written();
      const modalsBefore = 'modal' in spec.effect ? modalsOpened(spec.effect.modal) : 0;
      const told = desk.toldOnly(presser.slack.userId).length;
      const response = await desk.press(presser.slack, CHANNEL, actionId, value);
      expect(response.status).toBe(200);
      await eventually(() => desk.toldOnly(presser.slack.userId).length > told);
      expect(desk.toldOnly(presser.slack.userId).at(-1)).toMatch(spec.refusal);
      expect(desk.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === CHANNEL && /may not|not found/.test(String(call.args.text)))).toEqual([]);
      expect(await written()).toEqual(before);
      if ('modal' in spec.effect) expect(modalsOpened(spec.effect.modal)).toBe(modalsBefore);
    });

    it('runs its command as the presser (or opens its modal)', async () => {
      const value = await spec.arrange(desk.core, cast);
      const presser = cast[spec.allowed];
      await pressAndCheck(actionId, value, presser.slack);
    });

    it.runIf(button.aliases.length > 0)('answers to the action ids it had before', async () => {
      for (const alias of button.aliases) {
        const value = await spec.arrange(desk.core, cast);
        await pressAndCheck(alias, value, cast[spec.allowed].slack);
      }
    });

    async function pressAndCheck(id: string, value: string, presser: SlackUserRef) {
      const subjectId = value.split('|')[0]!;
      const modalsBefore = 'modal' in spec.effect ? modalsOpened(spec.effect.modal) : 0;
      const told = desk.toldOnly(presser.userId).length;
      const response = await desk.press(presser, CHANNEL, id, value);
      expect(response.status).toBe(200);
      if ('event' in spec.effect) {
        const { event } = spec.effect;
        await eventually(async () => recorded(event, subjectId));
      } else {
        const { modal } = spec.effect;
        await eventually(() => modalsOpened(modal) > modalsBefore);
      }
      // Nothing refused it: the presser was told no error.
      expect(desk.toldOnly(presser.userId).slice(told).filter((text) => /may not|not found|not possible|went wrong/.test(text))).toEqual([]);
    }
  });
});
