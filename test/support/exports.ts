/**
 * Org exports in tests: a world (test/support/world.ts) with a row of every exported kind for client
 * A and client B, an archive unpacked with the system's own `unzip`, and the counts of A's rows
 * read straight from the database, to compare the archive against.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { resultRows } from '../../db/client.ts';
import { accessRequests, announcementRecipients, installations, ticketAttachments, ticketComments, ticketRatings, ticketSlaPauses, tickets } from '../../db/schema.ts';
import type { Core } from '../../core/core.ts';
import { recordAccessUse } from '../../core/access/index.ts';
import { acknowledgeAnnouncement, reportInstallation } from '../../core/announcements/index.ts';
import { exportsUnderway } from '../../core/exports/index.ts';
import { addTicketNote, approveClosure, attachFileToTicket, changeTicketStatus, commentOnTicket, openTicket, rateTicket } from '../../core/tickets/index.ts';
import { actorOf } from './core.ts';
import { buildWorld, type World } from './world.ts';

export interface ExportWorld extends World {
  /** Words only B's rows hold, that A's archive must not contain. */
  wordsOfB: string[];
  /** Ids of B's rows (and B itself). */
  idsOfB: string[];
  /** The text of an internal note on A's ticket: the provider's, never in A's back-up. */
  noteOfA: string;
}

/**
 * The world, plus a comment, a file, a use of access, an acknowledgement and an installation of each
 * client, a closed and rated ticket of A, and an internal note on A's ticket.
 */
export async function buildExportWorld(core: Core): Promise<ExportWorld> {
  const world = await buildWorld(core);
  // The world's own exports are written first: one export of an org runs at a time.
  await core.timers.runDue();
  await exportsUnderway(core);
  const { aContact, aAdmin, bContact, bAdmin } = world.tenants;
  const engineer = await actorOf(core, world.engineer.id);
  await core.execute(commentOnTicket, await actorOf(core, aContact.id), { ticketId: world.own.ticket, body: 'the invoices of alpha are late' });
  await core.execute(commentOnTicket, engineer, { ticketId: world.own.ticket, body: 'looking into the alpha invoices' });
  await core.execute(commentOnTicket, await actorOf(core, bContact.id), { ticketId: world.other.ticket, body: 'the secret beta ledger is wrong' });
  await core.execute(recordAccessUse, engineer, { grantId: world.own.grant, action: 'read', target: 'alpha invoices table' });
  await core.execute(recordAccessUse, engineer, { grantId: world.other.grant, action: 'read', target: 'beta ledger table, secret beta' });
  await core.execute(acknowledgeAnnouncement, await actorOf(core, aAdmin.id), { announcementId: world.own.announcement });
  await core.execute(acknowledgeAnnouncement, await actorOf(core, bAdmin.id), { announcementId: world.other.announcement });
  await core.execute(reportInstallation, await actorOf(core, aContact.id), { kind: 'server', name: 'alpha-app-01', version: '4.1.0' });
  await core.execute(reportInstallation, await actorOf(core, bContact.id), { kind: 'server', name: 'beta-secret-app-01', version: '4.2.0' });
  const file = (text: string) => ({ fileName: 'notes.txt', content: Buffer.from(text), source: 'console' as const });
  await core.execute(attachFileToTicket, await actorOf(core, aContact.id), { ticketId: world.own.ticket, ...file('alpha log line 1\n') });
  await core.execute(attachFileToTicket, await actorOf(core, bContact.id), { ticketId: world.other.ticket, ...file('secret beta log line\n') });
  const noteOfA = 'alpha customer is difficult, internal only';
  await core.execute(addTicketNote, engineer, { ticketId: world.own.ticket, body: noteOfA });
  const rated = await core.execute(openTicket, await actorOf(core, aContact.id), { orgId: world.own.org, title: 'Alpha question, answered' });
  await core.execute(changeTicketStatus, engineer, { ticketId: rated.id, status: 'RESOLVED' });
  await core.execute(approveClosure, await actorOf(core, aContact.id), { ticketId: rated.id });
  await core.execute(rateTicket, await actorOf(core, aContact.id), { ticketId: rated.id, score: 5, comment: 'alpha is happy' });
  const { other } = world;
  return {
    ...world,
    wordsOfB: [...world.secretsOfB, 'beta ledger', 'beta-secret-app-01'],
    noteOfA,
    idsOfB: [other.org, other.person, other.staff, other.token, other.ticket, other.pendingRequest, other.grant, other.release, other.announcement, other.orgExport],
  };
}

/** How many rows of the org each kind has, read from the tables themselves. */
export async function rowCountsOf(core: Core, orgId: string): Promise<Record<string, number>> {
  const db = core.database.db;
  const count = async (query: Promise<{ n: number }[]>) => Number((await query)[0]!.n);
  const n = sql<number>`count(*)`;
  const ofRequests = (table: 'access_decisions' | 'access_uses') =>
    db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} x join access_requests r on r.id = x.request_id where r.org_id = ${orgId}`);
  const rows = async (result: Promise<unknown>) => Number(resultRows<{ n: number }>(await result)[0]!.n);
  return {
    tickets: await count(db.select({ n }).from(tickets).where(eq(tickets.orgId, orgId))),
    comments: await count(db.select({ n }).from(ticketComments).innerJoin(tickets, eq(tickets.id, ticketComments.ticketId)).where(eq(tickets.orgId, orgId))),
    access_requests: await count(db.select({ n }).from(accessRequests).where(eq(accessRequests.orgId, orgId))),
    access_decisions: await rows(ofRequests('access_decisions')),
    access_grants: await count(db.select({ n }).from(accessRequests).where(sql`${accessRequests.orgId} = ${orgId} and ${accessRequests.startedAt} is not null`)),
    access_uses: await rows(ofRequests('access_uses')),
    announcements: await count(db.select({ n: sql<number>`count(distinct ${announcementRecipients.announcementId})` }).from(announcementRecipients).where(eq(announcementRecipients.orgId, orgId))),
    acknowledgements: await count(db.select({ n }).from(announcementRecipients).where(eq(announcementRecipients.orgId, orgId))),
    installations: await count(db.select({ n }).from(installations).where(eq(installations.orgId, orgId))),
    attachments: await count(db.select({ n }).from(ticketAttachments).where(eq(ticketAttachments.orgId, orgId))),
    sla_pauses: await count(db.select({ n }).from(ticketSlaPauses).innerJoin(tickets, eq(tickets.id, ticketSlaPauses.ticketId)).where(eq(tickets.orgId, orgId))),
    ratings: await count(db.select({ n }).from(ticketRatings).where(eq(ticketRatings.orgId, orgId))),
    audit: await rows(db.execute(sql`select count(*)::int as n from audit_events where chain_id = ${orgId}`)),
  };
}

export interface Unpacked {
  files: Record<string, string>;
  /** A file's lines, parsed. */
  lines(file: string): Record<string, unknown>[];
  sha256(file: string): string;
}

/** Unpack a zip with the system's `unzip`, as a client's administrator would. */
export function unpack(archive: Buffer): Unpacked {
  const dir = mkdtempSync(join(tmpdir(), 'opsdesk-export-'));
  try {
    const zipPath = join(dir, 'archive.zip');
    execFileSync('sh', ['-c', 'cat > "$1"', 'sh', zipPath], { input: archive });
    execFileSync('unzip', ['-q', zipPath, '-d', join(dir, 'out')]);
    const raw: Record<string, Buffer> = {};
    for (const name of readdirSync(join(dir, 'out'))) raw[name] = readFileSync(join(dir, 'out', name));
    const files = Object.fromEntries(Object.entries(raw).map(([name, bytes]) => [name, bytes.toString('utf8')]));
    return {
      files,
      lines: (file) => files[file]!.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>),
      sha256: (file) => createHash('sha256').update(raw[file]!).digest('hex'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
