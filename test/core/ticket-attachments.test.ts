import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, domainEvents, ticketAttachments } from '../../db/schema.ts';
import { systemActor } from '../../core/actor.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import {
  AttachmentEvents,
  attachFileToTicket,
  changeTicketStatus,
  approveClosure,
  downloadLinkGrant,
  listAttachments,
  openTicket,
  recordAttachmentDownload,
  useAttachmentLimit,
  DEFAULT_ATTACHMENT_MAX_BYTES,
} from '../../core/tickets/index.ts';
import { backends, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startCore } from '../support/core.ts';
import { actorOf, makeTicketCast } from '../support/tickets.ts';
import { EXECUTABLE, HTML_PAGE, LOG, PNG, textOfSize } from '../support/attachments.ts';

describe.each(backends)('ticket attachments on %s', (backend) => {
  let db: TestDatabase;
  let core: Core;
  let cast: Awaited<ReturnType<typeof makeTicketCast>>;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const as = (p: { id: string }) => actorOf(core, p.id);
  const open = async () => core.execute(openTicket, await as(cast.aContact), { orgId: cast.a.id, title: 'Reports are empty' });
  const stored = async (ticketId: string) => core.database.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId));
  const trail = async (ticketId: string) => core.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ticketId));

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    core = await startCore(db.database, { clock });
    cast = await makeTicketCast(core);
  });
  afterEach(() => useAttachmentLimit(DEFAULT_ATTACHMENT_MAX_BYTES));
  afterAll(async () => {
    await core?.stop();
    await db?.dispose();
  });

  it('keeps a log file with its detected type, size and hash, and audits the upload on the org chain', async () => {
    const ticket = await open();
    const attached = await core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'worker.log', content: LOG, source: 'console' });
    expect(attached).toMatchObject({ fileName: 'worker.log', contentType: 'text/plain', size: LOG.length, source: 'console', orgId: cast.a.id });
    expect(attached).not.toHaveProperty('content');
    const [row] = await stored(ticket.id);
    expect(Buffer.compare(row!.content, LOG)).toBe(0);
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const events = await trail(ticket.id);
    const upload = events.find((e) => e.action === AttachmentEvents.fileAttached.type);
    expect(upload).toMatchObject({ chainId: cast.a.id, orgId: cast.a.id, actorId: cast.aContact.id });
    expect(upload!.data).toMatchObject({ attachmentId: row!.id, fileName: 'worker.log', sha256: row!.sha256, source: 'console' });
    expect(JSON.stringify(upload!.data)).not.toContain('report query timed out');
  });

  it('lets provider staff attach an image, detected as PNG', async () => {
    const ticket = await open();
    const attached = await core.execute(attachFileToTicket, await as(cast.providerAgent), { ticketId: ticket.id, fileName: 'graph.png', content: PNG, source: 'slack' });
    expect(attached.contentType).toBe('image/png');
  });

  it.each([
    ['an executable renamed .txt', 'notes.txt', EXECUTABLE, /application\/x-msdownload/],
    ['an HTML page renamed .png', 'chart.png', HTML_PAGE, /HTML/],
    ['an HTML page named .txt', 'page.txt', HTML_PAGE, /HTML/],
    ['a PNG renamed .pdf', 'report.pdf', PNG, /says \.pdf but its content is image\/png/],
    ['binary that is no known kind', 'data.txt', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]), /not a kind of file/],
  ])('refuses %s, saying why, and stores and audits nothing', async (_what, fileName, content, why) => {
    const ticket = await open();
    const before = await trail(ticket.id);
    const attempt = core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName, content, source: 'console' });
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(why) });
    expect(await stored(ticket.id)).toEqual([]);
    expect(await trail(ticket.id)).toHaveLength(before.length);
  });

  it('refuses a file over the size limit and stores nothing', async () => {
    useAttachmentLimit(2048);
    const ticket = await open();
    await expect(
      core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'big.log', content: textOfSize(2049), source: 'email' }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('larger than the limit of 2 KB') });
    expect(await stored(ticket.id)).toEqual([]);
    const exact = await core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'ok.log', content: textOfSize(2048), source: 'email' });
    expect(exact.size).toBe(2048);
  });

  it("tells another org's person the ticket does not exist, and refuses files on a closed ticket", async () => {
    const ticket = await open();
    await expect(
      core.execute(attachFileToTicket, await as(cast.bContact), { ticketId: ticket.id, fileName: 'x.log', content: LOG, source: 'console' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      core.execute(attachFileToTicket, systemActor('email', 'email', 'r1'), { ticketId: ticket.id, fileName: 'x.log', content: LOG, source: 'email' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await core.execute(changeTicketStatus, await as(cast.providerAgent), { ticketId: ticket.id, status: 'RESOLVED' });
    await core.execute(approveClosure, await as(cast.aContact), { ticketId: ticket.id });
    await expect(
      core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'late.log', content: LOG, source: 'console' }),
    ).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    expect(await stored(ticket.id)).toEqual([]);
  });

  it('takes the same external file once', async () => {
    const ticket = await open();
    const attach = async () =>
      core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'a.log', content: LOG, source: 'slack', externalRef: 'F123' });
    await attach();
    await expect(attach()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await stored(ticket.id)).toHaveLength(1);
  });

  it('lists files with a link bound to the asker that expires in minutes, and audits each download', async () => {
    const ticket = await open();
    const attached = await core.execute(attachFileToTicket, await as(cast.aContact), { ticketId: ticket.id, fileName: 'worker.log', content: LOG, source: 'console' });
    const [listed] = await core.read(listAttachments, await as(cast.providerAgent), { ticketId: ticket.id });
    expect(listed).toMatchObject({ id: attached.id, uploadedByName: cast.aContact.name, source: 'console' });
    const token = new URL(listed!.downloadPath!, 'http://x').searchParams.get('token')!;
    const host = systemActor('host', 'web', 'r2');
    expect(await core.read(downloadLinkGrant, host, { token })).toMatchObject({ attachmentId: attached.id, personId: cast.providerAgent.id });
    await expect(core.read(downloadLinkGrant, host, { token: `${token.slice(0, -2)}xx` })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(core.read(downloadLinkGrant, await as(cast.providerAgent), { token })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const file = await core.execute(recordAttachmentDownload, await as(cast.providerAgent), { attachmentId: attached.id });
    expect(Buffer.compare(file.content, LOG)).toBe(0);
    const downloads = (await trail(ticket.id)).filter((e) => e.action === AttachmentEvents.attachmentDownloaded.type);
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({ chainId: cast.a.id, actorId: cast.providerAgent.id });
    await expect(core.execute(recordAttachmentDownload, await as(cast.bAdmin), { attachmentId: attached.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const outbox = await core.database.db.select().from(domainEvents).where(eq(domainEvents.subjectId, ticket.id));
    expect(outbox.filter((e) => e.type === AttachmentEvents.attachmentDownloaded.type)).toHaveLength(1);

    clock.advance(5 * 60_000);
    await expect(core.read(downloadLinkGrant, host, { token })).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('expired') });
  });

  it("does not list another org's files", async () => {
    const ticket = await open();
    await expect(core.read(listAttachments, await as(cast.bContact), { ticketId: ticket.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
