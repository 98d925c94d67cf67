/** Reads and input shapes shared by the announcement commands, timer handlers and queries. */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import {
  announcementRecipients,
  announcements,
  memberships,
  orgs,
  releases,
  type AnnouncementRow,
  type ReleaseRow,
} from '../../db/schema.ts';
import { isUuid } from '../directory/lookups.ts';
import { OpsdeskError } from '../errors.ts';

export const DAY_MS = 86_400_000;
/** The seed's "usually at least two weeks prior to the scheduled upgrade". */
export const MINIMUM_NOTICE_MS = 14 * DAY_MS;
/** Minutes before the window: 7 days, 1 day, 1 hour. */
export const DEFAULT_REMINDER_OFFSETS = [7 * 24 * 60, 24 * 60, 60];
/** Those who have not acknowledged are reminded this long after the announcement. */
export const ACKNOWLEDGEMENT_NUDGE_MS = 7 * DAY_MS;

export const versionSchema = z.string().trim().min(1).max(50).regex(/^[\w.+-]+$/, 'letters, digits, dots, dashes, plus');

export async function lockRelease(db: Queryable, releaseId: string): Promise<ReleaseRow> {
  const [release] = isUuid(releaseId)
    ? await db.select().from(releases).where(eq(releases.id, releaseId)).for('update')
    : [];
  if (!release) throw new OpsdeskError('NOT_FOUND', 'release not found');
  return release;
}

export async function announcementOfRelease(db: Queryable, releaseId: string): Promise<AnnouncementRow | undefined> {
  const [row] = await db.select().from(announcements).where(eq(announcements.releaseId, releaseId));
  return row;
}

export async function announcementById(db: Queryable, id: string): Promise<AnnouncementRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(announcements).where(eq(announcements.id, id));
  return row;
}

export async function releaseById(db: Queryable, id: string): Promise<ReleaseRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(releases).where(eq(releases.id, id));
  return row;
}

/** Recipient person ids per org, in a stable order. */
export async function recipientsByOrg(db: Queryable, announcementId: string, onlyUnacknowledged = false) {
  const rows = await db
    .select({ orgId: announcementRecipients.orgId, personId: announcementRecipients.personId, acknowledgedAt: announcementRecipients.acknowledgedAt })
    .from(announcementRecipients)
    .where(eq(announcementRecipients.announcementId, announcementId))
    .orderBy(announcementRecipients.orgId, announcementRecipients.personId);
  const byOrg = new Map<string, string[]>();
  for (const row of rows) {
    if (onlyUnacknowledged && row.acknowledgedAt) continue;
    byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), row.personId]);
  }
  return byOrg;
}

/** The orgs an announcement was delivered to (those with recipients). */
export async function deliveredOrgIds(db: Queryable, announcementId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ orgId: announcementRecipients.orgId })
    .from(announcementRecipients)
    .where(eq(announcementRecipients.announcementId, announcementId));
  return rows.map((r) => r.orgId);
}

/** Members of client orgs (all, or the chosen ones) with one of the audience roles. */
export async function audienceOf(db: Queryable, roles: readonly string[], chosenOrgIds?: string[]) {
  const clientOrgs = await db
    .select({ id: orgs.id })
    .from(orgs)
    .where(chosenOrgIds ? and(eq(orgs.kind, 'client'), inArray(orgs.id, chosenOrgIds)) : eq(orgs.kind, 'client'));
  if (chosenOrgIds) {
    const found = new Set(clientOrgs.map((o) => o.id));
    // A provider org or an unknown id among the chosen: the same words as a missing org.
    if (chosenOrgIds.some((id) => !found.has(id))) throw new OpsdeskError('NOT_FOUND', 'organisation not found');
  }
  if (clientOrgs.length === 0) return [];
  const members = await db
    .select({ orgId: memberships.orgId, personId: memberships.personId, roles: memberships.roles })
    .from(memberships)
    .where(inArray(memberships.orgId, clientOrgs.map((o) => o.id)));
  return members
    .map((m) => ({ ...m, roles: m.roles.filter((r) => roles.includes(r)) }))
    .filter((m) => m.roles.length > 0)
    // Code-unit order, which for lower-case uuids is the database's uuid order (chains lock in this order).
    .sort((a, b) => compare(a.orgId, b.orgId) || compare(a.personId, b.personId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "7d", "1d", "1h", "90m": how a reminder offset is named in timer keys and messages. */
export function offsetLabel(minutes: number): string {
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
