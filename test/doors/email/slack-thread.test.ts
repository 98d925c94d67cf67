import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { addPerson } from '../../../core/directory/index.ts';
import { eventually } from '../../support/clients.ts';
import { backends } from '../../support/db.ts';
import { AUTHSERV, SUPPORT, makeMailSource, rawMail } from '../../support/mail.ts';
import { makeClientOrg } from '../../support/server.ts';
import { PROVIDER_TEAM } from '../../support/slack.ts';
import { slackDesk } from '../../support/slack-desk.ts';

const CLIENT_CHANNEL = 'CACMEMAIL';

describe.each(backends)('a ticket by mail in Slack on %s', (backend) => {
  const desk = slackDesk(backend, { env: { EMAIL_AUTHSERV_ID: AUTHSERV, SUPPORT_ADDRESS: SUPPORT } });

  it("posts a mailed ticket's card in its org's channel, and a reply by mail in the card's thread", async () => {
    const { core, server, slack } = desk;
    const { secret } = await makeMailSource(core, 'mailgun');
    const acme = await makeClientOrg(core, 'acme');
    await desk.link(acme.id, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
    await core.execute(addPerson, systemActor('cli', 'cli', `test-${randomUUID()}`), { orgId: acme.id, name: 'Alice Andersson', email: 'alice@acme.example', roles: ['contact'] });
    const post = (raw: string) =>
      fetch(`${server.url}/hooks/email/mailgun`, { method: 'POST', headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${secret}` }, body: raw });

    const opened = rawMail({ from: 'alice@acme.example', subject: 'Invoices are missing' });
    expect((await post(opened.raw)).status).toBe(202);
    const cards = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === CLIENT_CHANNEL && !c.args.thread_ts);
    await eventually(() => cards().some((c) => String(c.args.text).includes('Invoices are missing')), 10_000);

    const reply = rawMail({ from: 'alice@acme.example', subject: 'Re: Invoices are missing', inReplyTo: opened.messageId, text: 'The March ones too.\n\n> earlier mail' });
    expect(await (await post(reply.raw)).json()).toMatchObject({ outcome: 'comment', ticketKey: 'ACME-1' });
    const threaded = () => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === CLIENT_CHANNEL && c.args.thread_ts && JSON.stringify(c.args).includes('The March ones too.'));
    await eventually(() => threaded().length === 1, 10_000);
    expect(threaded()[0]!.args.thread_ts).toEqual(expect.any(String));
    expect(JSON.stringify(threaded()[0]!.args)).not.toContain('earlier mail');
  });
});
