/** Reads and input shapes shared by the announcement commands, timer handlers and queries. */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../../db/client.ts';
import { announcementRecipients, announcements, memberships, orgs, releases } from '../../../db/schema.ts';
import { isUuid } from '../../directory/index.ts';
import { OpsdeskError } from '../../errors.ts';
import type { Announcement, Release } from '../model.ts';
import type { ReleaseReach } from '../policy.ts';

export const versionSchema = z.string().trim().min(1).max(50).regex(/^[\w.+-]+$/, 'letters, digits, dots, dashes, plus');

export async function lockRelease(db: Queryable, releaseId: string): Promise<Release> {
  const [release] = isUuid(releaseId)
    ? await db.select().from(releases).where(eq(releases.id, releaseId)).for('update')
    : [];
  if (!release) throw new OpsdeskError('NOT_FOUND', 'release not found');
  return release;
}

export async function announcementOfRelease(db: Queryable, releaseId: string): Promise<Announcement | undefined> {
  const [row] = await db.select().from(announcements).where(eq(announcements.releaseId, releaseId));
  return row;
}

export async function announcementById(db: Queryable, id: string): Promise<Announcement | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(announcements).where(eq(announcements.id, id));
  return row;
}

export async function releaseById(db: Queryable, id: string): Promise<Release | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(releases).where(eq(releases.id, id));
  return row;
}

/** The client orgs each announcement reached (those with recipients), by announcement id. */
export async function orgsReached(db: Queryable, announcementIds: readonly string[]): Promise<Map<string, string[]>> {
  const reached = new Map<string, string[]>(announcementIds.map((id) => [id, []]));
  if (announcementIds.length === 0) return reached;
  const rows = await db
    .selectDistinct({ announcementId: announcementRecipients.announcementId, orgId: announcementRecipients.orgId })
    .from(announcementRecipients)
    .where(inArray(announcementRecipients.announcementId, [...announcementIds]));
  for (const row of rows) reached.get(row.announcementId)?.push(row.orgId);
  return reached;
}

/** An announcement as far as it reached, for the policy; `recipientIds` are those given (the actor's own rows). */
export async function reachOfAnnouncement(db: Queryable, announcementId: string, recipientIds: readonly string[] = []): Promise<ReleaseReach> {
  const orgIds = (await orgsReached(db, [announcementId])).get(announcementId) ?? [];
  return { kind: 'announcement', orgIds, recipientIds };
}

/** A release as far as its announcement reached (nowhere while it is not announced). */
export async function reachOfRelease(db: Queryable, releaseId: string): Promise<ReleaseReach> {
  const announcement = await announcementOfRelease(db, releaseId);
  const orgIds = announcement ? ((await orgsReached(db, [announcement.id])).get(announcement.id) ?? []) : [];
  return { kind: 'release', orgIds, recipientIds: [] };
}

/** Announcement ids that reached at least one of these orgs. */
export async function announcementIdsReaching(db: Queryable, orgIds: readonly string[]): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const rows = await db
    .selectDistinct({ id: announcementRecipients.announcementId })
    .from(announcementRecipients)
    .where(inArray(announcementRecipients.orgId, [...orgIds]));
  return rows.map((r) => r.id);
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
