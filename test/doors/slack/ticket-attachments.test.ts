/**
 * Files shared in a ticket card's thread: a signed message event with files, the file served by
 * msw at Slack's file host (which checks that opsdesk sent the bot token), the attachment stored as
 * the person who shared it; refusals told to that person only; a file attached in the console
 * announced in the thread.
 */
import { eq } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditEvents, ticketAttachments, ticketComments } from '../../../db/schema.ts';
import { SlackStore } from '../../../doors/slack/store/index.ts';
import { AttachmentEvents, openTicket } from '../../../core/tickets/index.ts';
import { actorOf } from '../../support/core.ts';
import { backends } from '../../support/db.ts';
import { eventually } from '../../support/clients.ts';
import { makeClientOrg } from '../../support/server.ts';
import { slackDesk } from '../../support/slack-desk.ts';
import { CLIENT_TEAM, messageEvent, postSlackEvent, PROVIDER_TEAM, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET } from '../../support/slack.ts';
import { EXECUTABLE, LOG } from '../../support/attachments.ts';

const CLIENT_CHANNEL = 'CFILESHARE';
const LIMIT = 4096;

describe.each(backends)('files shared in a ticket card thread on %s', (backend) => {
  const desk = slackDesk(backend, { env: { ATTACHMENT_MAX_BYTES: String(LIMIT) } });
  const contactSlack = { teamId: CLIENT_TEAM, userId: 'UFILECLIENT' };
  const agentSlack = { teamId: PROVIDER_TEAM, userId: 'UFILEAGENT' };

  /** Slack's file host: each file by id, and the Authorization each download carried. */
  const served = new Map<string, Buffer>();
  const downloads: Array<{ file: string; authorization: string | null }> = [];
  const fileUrl = (id: string, name: string) => `https://files.slack.com/files-pri/${PROVIDER_TEAM}-${id}/download/${name}`;
  const slackFile = (id: string, name: string, content: Buffer) => {
    served.set(id, content);
    return { id, name, title: name, mimetype: 'text/plain', filetype: 'text', size: content.length, mode: 'hosted', url_private: fileUrl(id, name), url_private_download: fileUrl(id, name) };
  };

  /** One org, its people, its channel and one ticket with its card, for both tests. */
  let world: ReturnType<typeof makeWorld> | undefined;
  const setUp = () => (world ??= makeWorld());
  async function makeWorld() {
    desk.slack.use(
      http.get('https://files.slack.com/files-pri/:team/download/:name', ({ request, params }) => {
        const id = String(params.team).split('-')[1]!;
        downloads.push({ file: id, authorization: request.headers.get('authorization') });
        const content = served.get(id);
        if (request.headers.get('authorization') !== `Bearer ${SLACK_BOT_TOKEN}`) return new HttpResponse('<html>sign in</html>', { status: 302 });
        return content ? new HttpResponse(content, { headers: { 'content-type': 'application/octet-stream' } }) : new HttpResponse(null, { status: 404 });
      }),
    );
    const org = await makeClientOrg(desk.core, `files${Date.now() % 100000}`);
    const contact = await desk.person(org.id, ['contact'], 'Cleo Client', contactSlack);
    await desk.person(desk.core.providerId!, ['agent'], 'Arne Agent', agentSlack);
    await desk.link(org.id, PROVIDER_TEAM, CLIENT_CHANNEL, 'client');
    const ticket = await desk.core.execute(openTicket, await actorOf(desk.core, contact.id), { orgId: org.id, title: 'Exports are empty' });
    await eventually(async () => Boolean(await new SlackStore(desk.db.database.db).cards.placeOf(`ticket:${ticket.id}`)));
    const card = (await new SlackStore(desk.db.database.db).cards.placeOf(`ticket:${ticket.id}`))!;
    return { org, contact, ticket, card };
  }

  const shareEvent = (user: typeof contactSlack, threadTs: string, text: string, files: object[]) => {
    const envelope = messageEvent(user, CLIENT_CHANNEL, text, { threadTs });
    return { ...envelope, event: { ...envelope.event, subtype: 'file_share', files } };
  };

  it('attaches a log shared in the thread as the sharer, fetched with the bot token, once however often Slack delivers it; refuses a program and an oversize file to the sharer only', async () => {
    const { contact, ticket, card } = await setUp();
    const share = shareEvent(contactSlack, card.ts, 'The worker log', [slackFile('F0LOG1', 'worker.log', LOG)]);
    expect((await postSlackEvent(desk.server.url, SLACK_SIGNING_SECRET, share)).status).toBe(200);
    const stored = () => desk.db.database.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id));
    await eventually(async () => (await stored()).length === 1);
    expect((await stored())[0]).toMatchObject({ fileName: 'worker.log', contentType: 'text/plain', source: 'slack', uploadedById: contact.id, externalRef: 'slack:F0LOG1' });
    expect((await stored())[0]!.content.equals(LOG)).toBe(true);
    expect(downloads.filter((d) => d.file === 'F0LOG1')).toEqual([{ file: 'F0LOG1', authorization: `Bearer ${SLACK_BOT_TOKEN}` }]);
    await eventually(async () => (await desk.db.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id))).length === 1);
    expect((await desk.db.database.db.select().from(ticketComments).where(eq(ticketComments.ticketId, ticket.id)))[0]).toMatchObject({ body: 'The worker log', door: 'slack' });

    // Slack delivers the same event again: still one file, one upload event.
    expect((await postSlackEvent(desk.server.url, SLACK_SIGNING_SECRET, share, { retryNum: 1 })).status).toBe(200);
    const refused = shareEvent(contactSlack, card.ts, '', [slackFile('F0EXE1', 'notes.txt', EXECUTABLE), { ...slackFile('F0BIG1', 'huge.log', Buffer.alloc(10)), size: LIMIT + 1 }]);
    expect((await postSlackEvent(desk.server.url, SLACK_SIGNING_SECRET, refused)).status).toBe(200);
    await eventually(() => desk.toldOnly(contactSlack.userId).length >= 2);
    const told = desk.toldOnly(contactSlack.userId).join('\n');
    expect(told).toMatch(/notes\.txt" was not attached: its content is application\/x-msdownload/);
    expect(told).toMatch(/huge\.log" was not attached: it is larger than the limit of 4 KB/);
    // The oversize file was refused by its announced size, never downloaded.
    expect(downloads.some((d) => d.file === 'F0BIG1')).toBe(false);
    expect(await stored()).toHaveLength(1);
    const uploads = (await desk.db.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticket.id))).filter((e) => e.action === AttachmentEvents.fileAttached.type);
    expect(uploads.map((e) => [e.door, e.actorId])).toEqual([['slack', contact.id]]);
  });

  it('puts a line in the card thread when a file is attached in the console, and none for a file from the thread itself', async () => {
    const { contact, ticket, card } = await setUp();
    const upload = await fetch(`${desk.server.url}/tickets/${ticket.id}/attachments?name=trace.log`, {
      method: 'POST',
      headers: { authorization: `Bearer ${contact.token}`, 'content-type': 'application/octet-stream' },
      body: LOG,
    });
    expect(upload.status).toBe(201);
    const inThread = () => desk.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === card.ts).map((c) => String(c.args.text));
    await eventually(() => inThread().some((text) => text.includes('attached *trace.log*')));
    expect(inThread().find((text) => text.includes('trace.log'))).toBe(`Cleo Client attached *trace.log* (${LOG.length} bytes) from the console; download it from the ticket in the console.`);
    expect(inThread().some((text) => text.includes('worker.log'))).toBe(false);
  });
});
