/**
 * `opsdesk demo` (`npm run demo`): a five-minute first run. A provider team with someone in every
 * provider role, two client orgs with someone in every client role, Slack identities and linked
 * channels, and an API token for each person; an on-call schedule with the on-call person, an
 * escalation policy routed from a demo alarm source, and one triggered alarm; three tickets in each
 * client org (one awaiting the client's reply, one with a severity the client proposed, one resolved
 * awaiting its initiator's approval); and one release announced with its service window three weeks
 * ahead. Then the ids to use and how to try each door with them.
 *
 * Everything is loaded through core commands in ONE transaction: either the whole demo is there or
 * none of it, so "the demo orgs exist" reliably means "the demo is loaded". Each command runs as whoever
 * would run it through a door (the contact opens the ticket, the agent takes it, the product owner
 * announces, the webhook's system actor ingests the alarm), so each passes that person's policy; the
 * audit trail records the operator who loaded it (door `cli`).
 */
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { systemActor, type Actor, type ClientRole, type PersonActor, type ProviderRole, type Role } from '../../core/actor.ts';
import { parseInput, type Command, type CommandContext } from '../../core/command.ts';
import { isOpsdeskError } from '../../core/errors.ts';
import { addPerson, claimSlackWorkspace, createApiToken, createOrg, linkChannel, orgBySlug, providerOrg, type ChannelPurpose } from '../../core/directory/index.ts';
import { setAccessEligibility } from '../../core/access/index.ts';
import {
  createAlarmSource,
  createEscalationPolicy,
  createSchedule,
  ingestAlarms,
  setAlarmRoute,
  setDisasterRecoveryContacts,
} from '../../core/alarms/index.ts';
import {
  acceptSeverity,
  assignTicket,
  changeTicketStatus,
  commentOnTicket,
  openTicket,
  proposeSeverity,
} from '../../core/tickets/index.ts';
import { STATUS_LABELS, agreementState, type Severity, type TicketKind } from '../../core/tickets/index.ts';
import { announceRelease, createRelease } from '../../core/announcements/index.ts';
import { parseFlags } from './kit/args.ts';
import { ensureProvider } from './kit/provider.ts';
import type { CliContext, CliSession } from './kit/command.ts';
import { curlMe, table } from './kit/output.ts';
import { findOrgBySlug } from './directory/people.ts';

export const USAGE = 'opsdesk demo';

/** The provider's own Slack workspace in the demo (set SLACK_PROVIDER_TEAM_ID to it to match). */
export const DEMO_PROVIDER_TEAM = 'T0PROVIDER';

interface DemoPerson<R extends Role> {
  name: string;
  email: string;
  roles: R[];
  slackUser: string;
}

/** A ticket of the demo, and where the demo leaves it. */
interface DemoTicket {
  title: string;
  description: string;
  kind: TicketKind;
  /**
   * - `awaiting_client`: the client proposed `severity`, the agent accepted it, took the ticket, asked
   *   `reply` and set it to "Awaiting your reply";
   * - `awaiting_provider`: the client proposed `severity`; the provider has not answered;
   * - `resolved`: the agent took it, proposed `severity`, the client accepted, the agent answered
   *   `reply` and resolved it: its initiator approves the closure (or reopens it).
   */
  state: 'awaiting_client' | 'awaiting_provider' | 'resolved';
  severity: Severity;
  reply?: string;
}

interface DemoClient {
  name: string;
  slug: string;
  /** The client's own Slack workspace, registered with the org: its people's identities. */
  team: string;
  /** The Slack Connect channel shared with the client; it lives in the provider's workspace. */
  channel: string;
  people: DemoPerson<ClientRole>[];
  /** Opened by the org's contact, in this order (ACME-1, ACME-2, ...). */
  tickets: DemoTicket[];
}

export const DEMO_PROVIDER_CHANNELS: { channel: string; purpose: ChannelPurpose }[] = [
  { channel: 'C0SUPPORT', purpose: 'support' },
  { channel: 'C0ONCALL', purpose: 'oncall' },
  { channel: 'C0ANNOUNCE', purpose: 'announcements' },
];

export const DEMO_PROVIDER_PEOPLE: DemoPerson<ProviderRole>[] = [
  { name: 'Petra Lund', email: 'petra.lund@provider.example', roles: ['agent'], slackUser: 'U0PAGENT' },
  { name: 'Olle Strand', email: 'olle.strand@provider.example', roles: ['oncall'], slackUser: 'U0PONCALL' },
  { name: 'Vera Sjoberg', email: 'vera.sjoberg@provider.example', roles: ['access_approver'], slackUser: 'U0PAPPROVER' },
  { name: 'Maja Kvist', email: 'maja.kvist@provider.example', roles: ['product_owner'], slackUser: 'U0POWNER' },
  { name: 'Hugo Alm', email: 'hugo.alm@provider.example', roles: ['admin'], slackUser: 'U0PADMIN' },
];

const clientPeople = (domain: string, prefix: string, names: string[]): DemoPerson<ClientRole>[] =>
  (['contact', 'space_admin', 'space_owner', 'contract_admin', 'contract_owner'] as const).map((role, i) => ({
    name: names[i]!,
    email: `${names[i]!.split(' ')[0]!.toLowerCase()}@${domain}`,
    roles: [role],
    slackUser: `U0${prefix}${i + 1}`,
  }));

export const DEMO_CLIENTS: DemoClient[] = [
  {
    name: 'Acme Logistics',
    slug: 'acme',
    team: 'T0ACME',
    channel: 'C0ACMESUPPORT',
    people: clientPeople('acme.example', 'ACME', ['Alice Andersson', 'Anton Berg', 'Amira Dahl', 'Arvid Ek', 'Agnes Falk']),
    tickets: [
      {
        title: 'Delivery report export is empty',
        description: 'Since Monday the daily delivery report has its column headers but no rows.',
        kind: 'incident',
        state: 'awaiting_client',
        severity: 'MEDIUM',
        reply: 'Which depot and date range do you export? A screenshot of the export settings would help us reproduce it.',
      },
      {
        title: 'Tracking page times out for some customers',
        description: 'Customers in Norway get a timeout on the parcel tracking page; the others do not.',
        kind: 'incident',
        state: 'awaiting_provider',
        severity: 'HIGH',
      },
      {
        title: 'How do we add a user to the driver app?',
        description: 'We have three new drivers starting next week.',
        kind: 'question',
        state: 'resolved',
        severity: 'LOW',
        reply: 'Settings, then Users, then Invite: each driver gets an email with a sign-in link. Approve the closure if that works for you.',
      },
    ],
  },
  {
    name: 'Borealis Health',
    slug: 'borealis',
    team: 'T0BOREALIS',
    channel: 'C0BOREALISSUPPORT',
    people: clientPeople('borealis.example', 'BORE', ['Bo Lind', 'Britt Nord', 'Bengt Holm', 'Beata Sund', 'Birger Ahl']),
    tickets: [
      {
        title: 'Lab results import skips rows',
        description: 'The nightly import reports 120 rows read and 97 stored.',
        kind: 'incident',
        state: 'awaiting_client',
        severity: 'MEDIUM',
        reply: 'Could you send one of the files whose rows were skipped, with test data only?',
      },
      {
        title: 'Appointment reminders are sent twice',
        description: 'Patients get each SMS reminder twice, a minute apart, since this morning.',
        kind: 'incident',
        state: 'awaiting_provider',
        severity: 'HIGH',
      },
      {
        title: 'A training sandbox for the new clinic',
        description: 'A sandbox with anonymised data for 20 users, from the first of next month.',
        kind: 'service_order',
        state: 'resolved',
        severity: 'LOW',
        reply: 'The sandbox is ready; its address and sign-in are with your contract admin.',
      },
    ],
  },
];

/** The on-call side of the demo: a weekly rotation, its escalation policy, an alarm source routed to it. */
export const DEMO_ONCALL = {
  schedule: 'Demo primary on-call',
  timeZone: 'Europe/Stockholm',
  policy: 'Demo escalation',
  source: 'demo-monitoring',
  alarm: {
    fingerprint: 'api-5xx-eu-1',
    summary: 'API 5xx above 5% on eu-1',
    severity: 'critical' as const,
    service: 'api',
    details: { region: 'eu-1', errorRate: 0.07, dashboard: 'https://grafana.example/d/api' },
  },
};

/** The release the product owner announces, with its window this far ahead (at least the 14 days' notice). */
export const DEMO_RELEASE = {
  version: '5.1.0',
  title: 'Faster exports',
  changeLog: '- Exports run in the background and are up to five times faster\n- A new audit view for client admins\n- The tracking page loads in half the time',
  windowInDays: 21,
  windowHours: 2,
};

interface LoadedPerson {
  id: string;
  orgId: string;
  orgKind: 'provider' | 'client';
  org: string;
  name: string;
  email: string;
  roles: Role[];
  slack: string;
  token: string;
}

interface LoadedTicket {
  org: string;
  ticket: Awaited<ReturnType<(typeof openTicket)['run']>>;
}

/** Whether an org of that slug exists (the operator sees every org). */
async function orgExists(read: (slug: string) => Promise<unknown>, slug: string): Promise<boolean> {
  try {
    await read(slug);
    return true;
  } catch (error) {
    if (isOpsdeskError(error) && error.code === 'NOT_FOUND') return false;
    throw error;
  }
}

/** A curl of one GraphQL operation with a bearer token. The body is JSON in single quotes: no single quote may be in it. */
function curlGraphql(url: string, token: string, query: string, variables?: Record<string, unknown>): string {
  const body = JSON.stringify(variables ? { query, variables } : { query });
  if (body.includes("'")) throw new Error('a demo hint would break its own quoting');
  return `curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '${body}'`;
}

export async function demo(args: string[], cli: CliSession): Promise<number> {
  parseFlags(args, {}, USAGE);
  return cli.withCore(async (ctx) => {
    const { core, config } = ctx;
    const existing = [];
    for (const client of DEMO_CLIENTS) {
      if (await orgExists((slug) => core.read(orgBySlug, ctx.actor, { slug }), client.slug)) existing.push(client.slug);
    }
    if (existing.length > 0) {
      process.stdout.write(
        `The demo is already loaded (org${existing.length === 1 ? '' : 's'} ${existing.join(', ')} exist${existing.length === 1 ? 's' : ''}); nothing was changed.\n` +
          `Tokens are shown only when created; make a new one with: npx opsdesk token create --email ${DEMO_CLIENTS[0]!.people[0]!.email} --org ${DEMO_CLIENTS[0]!.slug}\n`,
      );
      return 0;
    }
    const bootstrap = await ensureProvider(ctx, { announce: false });
    const provider = await core.read(providerOrg, ctx.actor, {});

    const loaded = await core.transact(ctx.actor, async (tx) => {
      /** The command as `actor` would run it from a door, in this one transaction. */
      const run = <S extends z.ZodTypeAny, R>(command: Command<S, R>, input: z.input<S>, actor: Actor = tx.actor): Promise<R> => {
        const as: CommandContext = actor === tx.actor ? tx : { ...tx, actor };
        return command.run(as, parseInput(command.input, input));
      };
      /** A person as a door builds them after authenticating: their one org and its roles. */
      const actorOf = (person: LoadedPerson): PersonActor => ({
        type: 'person',
        id: person.id,
        name: person.name,
        door: 'cli',
        requestId: ctx.actor.requestId,
        memberships: [{ orgId: person.orgId, orgKind: person.orgKind, roles: person.roles }],
      });

      const people: LoadedPerson[] = [];
      const add = async (org: { id: string; slug: string; kind: 'provider' | 'client' }, team: string, person: DemoPerson<Role>) => {
        const added = await run(addPerson, {
          orgId: org.id,
          name: person.name,
          email: person.email,
          roles: person.roles,
          slack: { teamId: team, userId: person.slackUser },
        });
        const { token } = await run(createApiToken, { personId: added.id, label: 'demo' });
        people.push({
          id: added.id,
          orgId: org.id,
          orgKind: org.kind,
          org: org.slug,
          name: person.name,
          email: person.email,
          roles: person.roles,
          slack: `${team}/${person.slackUser}`,
          token,
        });
      };
      const pick = (org: string, role: Role) => people.find((p) => p.org === org && p.roles.includes(role))!;

      for (const person of DEMO_PROVIDER_PEOPLE) await add(provider, DEMO_PROVIDER_TEAM, person);
      const agent = pick(provider.slug, 'agent');
      const onCall = pick(provider.slug, 'oncall');
      const admin = pick(provider.slug, 'admin');
      const productOwner = pick(provider.slug, 'product_owner');
      // The agent may request production access (the approver approves it), so /access works at once.
      await run(setAccessEligibility, { personId: agent.id, eligible: true });
      for (const { channel, purpose } of DEMO_PROVIDER_CHANNELS) {
        await run(linkChannel, { orgId: provider.id, teamId: DEMO_PROVIDER_TEAM, channelId: channel, purpose });
      }
      const orgIds: Record<string, string> = {};
      for (const client of DEMO_CLIENTS) {
        const org = await run(createOrg, { name: client.name, slug: client.slug });
        orgIds[client.slug] = org.id;
        await run(linkChannel, { orgId: org.id, teamId: DEMO_PROVIDER_TEAM, channelId: client.channel, purpose: 'client' });
        // The client's own workspace: its other users become contacts when they first act in the channel.
        await run(claimSlackWorkspace, { orgId: org.id, teamId: client.team });
        for (const person of client.people) await add(org, client.team, person);
      }

      // On call: a weekly rotation that started a week ago (so someone is on call now, whatever the
      // hour), the policy that pages it and then the on-call channel, routed from the demo source.
      const startDate = DateTime.fromJSDate(tx.now, { zone: DEMO_ONCALL.timeZone }).minus({ days: 7 }).toISODate()!;
      const schedule = await run(createSchedule, { name: DEMO_ONCALL.schedule, timeZone: DEMO_ONCALL.timeZone, startDate, members: [onCall.id] });
      const policy = await run(createEscalationPolicy, {
        name: DEMO_ONCALL.policy,
        steps: [{ target: { type: 'schedule', scheduleId: schedule.id }, waitMinutes: 5 }, { target: { type: 'channel' }, waitMinutes: 5 }],
      });
      const source = await run(createAlarmSource, { name: DEMO_ONCALL.source });
      await run(setAlarmRoute, { sourceName: source.name, policyId: policy.id });
      await run(setDisasterRecoveryContacts, { personIds: [admin.id] });
      // As the webhook door ingests a delivery from the source it authenticated.
      const webhook = systemActor('webhook', 'webhook', ctx.actor.requestId);
      const [ingested] = await run(ingestAlarms, { sourceId: source.id, alarms: [{ ...DEMO_ONCALL.alarm, status: 'firing' }] }, webhook);

      // Tickets, each opened by the org's contact and moved by the provider's agent.
      const tickets: LoadedTicket[] = [];
      for (const client of DEMO_CLIENTS) {
        const contact = actorOf(pick(client.slug, 'contact'));
        const staff = actorOf(agent);
        for (const demoTicket of client.tickets) {
          const { title, description, kind, state, severity, reply } = demoTicket;
          const clientProposes = state !== 'resolved';
          let ticket = await run(
            openTicket,
            { orgId: orgIds[client.slug]!, title, description, kind, proposedSeverity: clientProposes ? severity : undefined },
            contact,
          );
          if (state === 'awaiting_client') {
            await run(acceptSeverity, { ticketId: ticket.id, severity }, staff);
            await run(assignTicket, { ticketId: ticket.id }, staff);
            await run(commentOnTicket, { ticketId: ticket.id, body: reply! }, staff);
            ticket = await run(changeTicketStatus, { ticketId: ticket.id, status: 'AWAITING_CLIENT' }, staff);
          }
          if (state === 'resolved') {
            await run(assignTicket, { ticketId: ticket.id }, staff);
            await run(proposeSeverity, { ticketId: ticket.id, severity }, staff);
            await run(acceptSeverity, { ticketId: ticket.id, severity }, contact);
            await run(commentOnTicket, { ticketId: ticket.id, body: reply! }, staff);
            ticket = await run(changeTicketStatus, { ticketId: ticket.id, status: 'RESOLVED' }, staff);
          }
          tickets.push({ org: client.slug, ticket });
        }
      }

      // The release, announced to the demo orgs' admins and owners with the two weeks' notice and more.
      const windowStart = DateTime.fromJSDate(tx.now, { zone: 'Europe/Stockholm' })
        .plus({ days: DEMO_RELEASE.windowInDays })
        .set({ hour: 22, minute: 0, second: 0, millisecond: 0 });
      const release = await run(
        createRelease,
        {
          version: DEMO_RELEASE.version,
          title: DEMO_RELEASE.title,
          changeLog: DEMO_RELEASE.changeLog,
          downtime: true,
          windowStart: windowStart.toJSDate(),
          windowEnd: windowStart.plus({ hours: DEMO_RELEASE.windowHours }).toJSDate(),
        },
        actorOf(productOwner),
      );
      const announced = await run(
        announceRelease,
        { releaseId: release.id, orgIds: DEMO_CLIENTS.map((c) => orgIds[c.slug]!) },
        actorOf(productOwner),
      );

      return { people, orgIds, schedule, source, alarmId: ingested!.alarmId!, tickets, release, announced };
    });

    const url = `http://localhost:${config.PORT}`;
    const ws = url.replace(/^http/, 'ws');
    const acmeId = loaded.orgIds.acme!;
    const pick = (org: string, role: Role) => loaded.people.find((p) => p.org === org && p.roles.includes(role))!;
    const contact = pick('acme', 'contact');
    const acmeAdmin = pick('acme', 'contract_admin');
    const agent = pick(provider.slug, 'agent');
    const onCall = pick(provider.slug, 'oncall');
    const admin = pick(provider.slug, 'admin');
    const productOwner = pick(provider.slug, 'product_owner');
    const awaitingApproval = loaded.tickets.find((t) => t.org === 'acme' && t.ticket.status === 'RESOLVED')!.ticket;
    const { release, announced } = loaded;
    const at = (d: Date) => d.toISOString().replace(/:00\.000Z$/, 'Z');

    const out: string[] = [];
    out.push(`Demo loaded: the provider team, ${DEMO_CLIENTS.map((c) => `${c.name} (${c.slug})`).join(' and ')}.`);
    out.push(`${agent.name} (provider agent) may request production access (/access in Slack, requestAccess in GraphQL); ${pick(provider.slug, 'access_approver').name} approves it.`);
    out.push(`Every change is on the audit trail with door "cli" and request id ${ctx.actor.requestId}.`);
    if (bootstrap) out.push(`The database was empty: the bootstrap admin's one-time token is ${bootstrap.token}`);
    out.push('');
    out.push(
      table(
        ['ORG', 'NAME', 'ROLES', 'EMAIL', 'SLACK', 'TOKEN'],
        loaded.people.map((p) => [p.org, p.name, p.roles.join(','), p.email, p.slack, p.token]),
      ),
    );
    out.push('Slack channels (placeholder ids; link your real ones with /opsdesk link <org-slug>):');
    out.push(
      table(
        ['TEAM/CHANNEL', 'ORG', 'PURPOSE'],
        [
          ...DEMO_PROVIDER_CHANNELS.map((c) => [`${DEMO_PROVIDER_TEAM}/${c.channel}`, provider.slug, c.purpose]),
          ...DEMO_CLIENTS.map((c) => [`${DEMO_PROVIDER_TEAM}/${c.channel}`, c.slug, 'client (Slack Connect, shared with the client)']),
        ],
      ),
    );
    out.push('Slack workspaces of the clients (only their users become contacts in the clients\' channels):');
    out.push(table(['TEAM', 'ORG'], DEMO_CLIENTS.map((c) => [c.team, c.slug])));
    out.push('Tickets (opened by each org\'s contact, moved by the provider\'s agent):');
    out.push(
      table(
        ['KEY', 'ORG', 'STATUS', 'AGREEMENT', 'ID', 'TITLE'],
        loaded.tickets.map(({ org, ticket }) => [ticket.key, org, STATUS_LABELS[ticket.status], agreementState(ticket), ticket.id, ticket.title]),
      ),
    );
    out.push(`On call: schedule "${loaded.schedule.name}" (${loaded.schedule.id}), ${loaded.schedule.shiftDays}-day shifts from ${loaded.schedule.handoffTime} ${loaded.schedule.timeZone}, with ${onCall.name} in it, so ${onCall.name} is on call now;`);
    out.push(`  escalation "${DEMO_ONCALL.policy}": whoever is on call, then the on-call channel after 5 minutes; disaster-recovery contact: ${admin.name}.`);
    out.push(`Triggered alarm ${loaded.alarmId}: "${DEMO_ONCALL.alarm.summary}" (critical, source ${loaded.source.name}), paging ${onCall.name}.`);
    out.push(`  It escalates to the on-call channel 5 minutes after the server starts unless someone acknowledges it.`);
    out.push(`Alarm source ${loaded.source.name}: its webhook secret, shown only now: ${loaded.source.secret}`);
    out.push(`Release ${release.version} "${release.title}" announced (announcement ${announced.announcement.id}) to ${announced.recipients} admins and owners of ${announced.orgs} orgs;`);
    out.push(`  service window ${at(release.windowStart)} to ${at(release.windowEnd)} (downtime), by ${productOwner.name}.`);
    out.push(`Tokens and the secret are shown only now: only their hashes are stored.

Try each door (start the server first: npm start; it listens on ${url}):

  GraphQL over HTTP, as ${contact.name} (acme contact): who am I, and Acme's tickets:
    ${curlMe(url, contact.token)}
    ${curlGraphql(url, contact.token, '{ tickets(first: 5) { nodes { key statusLabel agreement } } }')}

  Approve the resolution of ${awaitingApproval.key}, as ${contact.name} (its initiator):
    ${curlGraphql(url, contact.token, `mutation { approveClosure(ticketId: "${awaitingApproval.id}") { key statusLabel } }`)}

  Every org, as ${agent.name} (provider agent, who sees them all):
    ${curlGraphql(url, agent.token, '{ orgs { id slug } }')}

  Who is on call, and acknowledge the alarm, as ${onCall.name} (provider on-call):
    ${curlGraphql(url, onCall.token, '{ onCall { schedule { name } now { personId until } } }')}
    ${curlGraphql(url, onCall.token, `mutation { acknowledgeAlarm(id: "${loaded.alarmId}") { state acknowledgedBy } }`)}
    or: npx opsdesk schedule list (with the server stopped, on the embedded database)

  The monitoring resolves the alarm (the same fingerprint, status resolved):
    curl -s ${url}/hooks/alarms/${loaded.source.name} -H 'content-type: application/json' -H 'authorization: Bearer ${loaded.source.secret}' -d '${JSON.stringify({ fingerprint: DEMO_ONCALL.alarm.fingerprint, summary: DEMO_ONCALL.alarm.summary, severity: DEMO_ONCALL.alarm.severity, service: DEMO_ONCALL.alarm.service, status: 'resolved' })}'

  Acknowledge the announcement of ${release.version}, as ${acmeAdmin.name} (acme contract admin):
    ${curlGraphql(url, acmeAdmin.token, `mutation { acknowledgeAnnouncement(announcementId: "${announced.announcement.id}") { acknowledgedAt } }`)}

  Live events of Acme over graphql-ws (subscription events(orgId)), as ${acmeAdmin.name} (acme contract admin):
    node --input-type=module -e 'import { createClient } from "graphql-ws"; import WebSocket from "ws";
      const client = createClient({ url: "${ws}/graphql", webSocketImpl: WebSocket,
        connectionParams: { authorization: "Bearer ${acmeAdmin.token}" } });
      client.subscribe({ query: "subscription($org: ID!) { events(orgId: $org) { type subjectId actorId at } }",
        variables: { org: "${acmeId}" } }, { next: (r) => console.log(JSON.stringify(r.data)), error: console.error, complete: () => {} });'

  socket.io room of Acme (namespace /collab), as ${agent.name} (provider agent):
    node --input-type=module -e 'import { io } from "socket.io-client";
      const socket = io("${url}/collab", { auth: { token: "${agent.token}" }, transports: ["websocket"] });
      socket.on("connect", async () => console.log(await socket.emitWithAck("org:join", { orgId: "${acmeId}" })));
      socket.on("event", (event) => console.log(event));'

  Make something happen for them to see: link another channel to Acme as ${admin.name} (provider admin):
    ${curlGraphql(url, admin.token, 'mutation($input: LinkChannelInput!) { linkChannel(input: $input) { teamId channelId purpose } }', {
      input: { orgId: acmeId, teamId: DEMO_PROVIDER_TEAM, channelId: 'C0ACMEOPS' },
    })}

  Slack: connect the app (README, "Connecting a Slack app"), set SLACK_PROVIDER_TEAM_ID to your
  workspace, link a channel with /opsdesk link acme, and type /opsdesk whoami. App Home shows each
  person what waits for them (the on-call person's alarm, the severity proposals awaiting the
  provider, the admins' announcement), and /oncall who is on call now and next.
`);
    process.stdout.write(out.join('\n'));
    return 0;
  });
}
