/**
 * `opsdesk demo` (`npm run demo`): a provider team with someone in every provider role, two client
 * orgs with someone in every client role, Slack identities and linked channels, and an API token
 * for each person; then how to try each door with them.
 *
 * Everything is loaded through core commands, as the CLI operator, in ONE transaction: either the
 * whole demo is there or none of it, so "the demo orgs exist" reliably means "the demo is loaded".
 */
import type { z } from 'zod';
import type { ClientRole, ProviderRole, Role } from '../../core/actor.ts';
import { parseInput, type Command } from '../../core/command.ts';
import {
  addPerson,
  claimSlackWorkspace,
  createApiToken,
  createOrg,
  linkChannel,
  providerOrg,
  type ChannelPurpose,
} from '../../core/directory/index.ts';
import { setAccessEligibility } from '../../core/access/index.ts';
import { parseFlags } from './args.ts';
import { ensureProvider, withCli } from './context.ts';
import { curlMe, table } from './output.ts';
import { findOrgBySlug } from './people.ts';

export const USAGE = 'opsdesk demo';

/** The provider's own Slack workspace in the demo (set SLACK_PROVIDER_TEAM_ID to it to match). */
export const DEMO_PROVIDER_TEAM = 'T0PROVIDER';

interface DemoPerson<R extends Role> {
  name: string;
  email: string;
  roles: R[];
  slackUser: string;
}

interface DemoClient {
  name: string;
  slug: string;
  /** The client's own Slack workspace, registered with the org: its people's identities. */
  team: string;
  /** The Slack Connect channel shared with the client; it lives in the provider's workspace. */
  channel: string;
  people: DemoPerson<ClientRole>[];
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
  },
  {
    name: 'Borealis Health',
    slug: 'borealis',
    team: 'T0BOREALIS',
    channel: 'C0BOREALISSUPPORT',
    people: clientPeople('borealis.example', 'BORE', ['Bo Lind', 'Britt Nord', 'Bengt Holm', 'Beata Sund', 'Birger Ahl']),
  },
];

interface LoadedPerson {
  id: string;
  org: string;
  name: string;
  email: string;
  roles: Role[];
  slack: string;
  token: string;
}

export async function demo(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  parseFlags(args, {}, USAGE);
  return withCli(env, async (ctx) => {
    const { core, config } = ctx;
    const existing = [];
    for (const client of DEMO_CLIENTS) if (await findOrgBySlug(ctx, client.slug)) existing.push(client.slug);
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
      const run = <S extends z.ZodTypeAny, R>(command: Command<S, R>, input: z.input<S>): Promise<R> =>
        command.run(tx, parseInput(command.input, input));
      const people: LoadedPerson[] = [];
      const add = async (orgId: string, orgSlug: string, team: string, person: DemoPerson<Role>) => {
        const added = await run(addPerson, {
          orgId,
          name: person.name,
          email: person.email,
          roles: person.roles,
          slack: { teamId: team, userId: person.slackUser },
        });
        const { token } = await run(createApiToken, { personId: added.id, label: 'demo' });
        people.push({ id: added.id, org: orgSlug, name: person.name, email: person.email, roles: person.roles, slack: `${team}/${person.slackUser}`, token });
      };
      for (const person of DEMO_PROVIDER_PEOPLE) await add(provider.id, provider.slug, DEMO_PROVIDER_TEAM, person);
      // The agent may request production access (the approver approves it), so /access works at once.
      await run(setAccessEligibility, { personId: people.find((p) => p.roles.includes('agent'))!.id, eligible: true });
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
        for (const person of client.people) await add(org.id, client.slug, client.team, person);
      }
      return { people, orgIds };
    });

    const url = `http://localhost:${config.PORT}`;
    const ws = url.replace(/^http/, 'ws');
    const acmeId = loaded.orgIds.acme!;
    const pick = (org: string, role: Role) => loaded.people.find((p) => p.org === org && p.roles.includes(role))!;
    const contact = pick('acme', 'contact');
    const acmeAdmin = pick('acme', 'contract_admin');
    const agent = pick(provider.slug, 'agent');
    const admin = pick(provider.slug, 'admin');
    const linkMutation = JSON.stringify({
      query: 'mutation($input: LinkChannelInput!) { linkChannel(input: $input) { teamId channelId purpose } }',
      variables: { input: { orgId: acmeId, teamId: DEMO_PROVIDER_TEAM, channelId: 'C0ACMEOPS' } },
    });

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
    out.push(`Tokens are shown only now: only their hashes are stored.

Try each door (start the server first: npm start; it listens on ${url}):

  GraphQL over HTTP, as ${contact.name} (acme contact):
    ${curlMe(url, contact.token)}

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
    curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${admin.token}' -d '${linkMutation}'

  Slack: connect the app (README, "Connecting a Slack app"), set SLACK_PROVIDER_TEAM_ID to your
  workspace, link a channel with /opsdesk link acme, and type /opsdesk whoami.
`);
    process.stdout.write(out.join('\n'));
    return 0;
  });
}
