/**
 * `/ticket search` through the real Bolt app: the answer goes to the person alone, holds only
 * tickets of their own org (another org's words find nothing), links each hit to the console, and
 * shows what people wrote escaped with the hits in bold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentOnTicket, openTicket } from '../../../core/tickets/index.ts';
import { actorOf } from '../../support/core.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { linkSlackChannel, makeClientOrg, makePerson, startTestServer, type MadePerson, type TestServer } from '../../support/server.ts';
import { CLIENT_TEAM, fakeSlackApi, postSlackCommand, PROVIDER_TEAM, SLACK_SIGNING_SECRET, slackEnv, slashCommand, type FakeSlackApi } from '../../support/slack.ts';

const ACME_CHANNEL = 'CACMESEARCH';
const BETA_CHANNEL = 'CBETASEARCH';

describe.each(backends)('/ticket search on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let slack: FakeSlackApi;
  let acmeContact: MadePerson;
  let betaContact: MadePerson;
  let acmeOrgId: string;
  const acmeSlack = { teamId: CLIENT_TEAM, userId: 'UACMESRCH' };
  const betaSlack = { teamId: CLIENT_TEAM, userId: 'UBETASRCH' };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UAGENTSRCH' };
  const searchAs = async (who: { teamId: string; userId: string }, channel: string, text: string) => {
    const response = await postSlackCommand(server.url, SLACK_SIGNING_SECRET, slashCommand(who, channel, '/ticket', text));
    expect(response.status).toBe(200);
    return response.json as { response_type: string; text: string; blocks?: Array<{ text?: { text: string } }> };
  };
  const shown = (reply: { text: string; blocks?: Array<{ text?: { text: string } }> }) => [reply.text, ...(reply.blocks ?? []).map((b) => b.text?.text ?? '')].join('\n');

  beforeAll(async () => {
    slack = fakeSlackApi();
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database, {
      env: { ...slackEnv, PUBLIC_URL: 'https://desk.example.test' },
      slack: { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { paceMs: 0, pollMs: 100 } },
    });
    const acme = await makeClientOrg(server.core, 'acmesearch');
    const beta = await makeClientOrg(server.core, 'betasearch');
    acmeOrgId = acme.id;
    acmeContact = await makePerson(server.core, acme.id, ['contact'], { name: 'Ada Acme', slack: acmeSlack });
    betaContact = await makePerson(server.core, beta.id, ['contact'], { name: 'Bo Beta', slack: betaSlack });
    await makePerson(server.core, server.core.providerId!, ['agent'], { name: 'Sam Support', slack: agentSlack });
    await linkSlackChannel(server.core, acme.id, PROVIDER_TEAM, ACME_CHANNEL, 'client');
    await linkSlackChannel(server.core, beta.id, PROVIDER_TEAM, BETA_CHANNEL, 'client');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
    slack?.close();
  });

  it("answers only the person, with their org's tickets linked to the console, and nothing of another org", async () => {
    const acmeActor = await actorOf(server.core, acmeContact.id, 'slack');
    const ticket = await server.core.execute(openTicket, acmeActor, { orgId: acmeOrgId, title: 'Ocelot sync fails', description: 'every night' });
    await server.core.execute(commentOnTicket, acmeActor, { ticketId: ticket.id, body: 'the ocelot <b>job</b> & the tapir job <@U123> both' });

    const forAcme = await searchAs(acmeSlack, ACME_CHANNEL, 'search tapir');
    expect(forAcme.response_type).toBe('ephemeral');
    const text = shown(forAcme);
    expect(text).toContain(`<https://desk.example.test/tickets/${ticket.key}|${ticket.key}>`);
    expect(text).toContain('ocelot &lt;b&gt;job&lt;/b&gt; &amp; the *tapir* job &lt;@U123&gt; both');
    expect(text).not.toContain('<@U123>');

    for (const words of ['search tapir', 'search ocelot', 'search "ocelot sync"', `search ${ticket.key}`]) {
      const forBeta = await searchAs(betaSlack, BETA_CHANNEL, words);
      expect(forBeta.response_type).toBe('ephemeral');
      // The answer repeats the words asked, and holds no hit.
      expect(forBeta.text).toMatch(/^No ticket you can see matches/);
      expect(forBeta.blocks ?? []).toEqual([]);
    }
    // In Acme's channel, Beta's person still finds only what Beta may see.
    expect(shown(await searchAs(betaSlack, ACME_CHANNEL, 'search ocelot'))).not.toContain(ticket.key);
    expect(shown(await searchAs(agentSlack, ACME_CHANNEL, 'search ocelot'))).toContain(ticket.key);
    // The results went back in the command's answer only: nothing was posted in a channel for them.
    expect(slack.callsTo('chat.postMessage').filter((call) => /matching|No ticket you can see/.test(String(call.args.text)))).toEqual([]);
  });

  it('asks for words when there are none, and still opens the modal for plain /ticket', async () => {
    expect((await searchAs(acmeSlack, ACME_CHANNEL, 'search')).text).toMatch(/Say what to look for/);
    await searchAs(acmeSlack, ACME_CHANNEL, '');
    expect(slack.callsTo('views.open').length).toBeGreaterThan(0);
  });
});
