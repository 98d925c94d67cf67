/**
 * Upgrade announcements: the provider's releases, their announcement to client orgs, the
 * recipients resolved at announce time (so acknowledgement tracking and later notices reach
 * exactly those told), and the installations whose versions the maintenance policy checks.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const releases = pgTable(
  'releases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    /** Markdown, shown as is in Slack (mrkdwn is close enough) and returned raw through GraphQL. */
    changeLog: text('change_log').notNull(),
    downtime: boolean('downtime').notNull(),
    windowStart: at('window_start').notNull(),
    windowEnd: at('window_end').notNull(),
    previewStart: at('preview_start'),
    previewEnd: at('preview_end'),
    previewUrl: text('preview_url'),
    kind: text('kind', { enum: ['regular', 'urgent'] }).notNull(),
    urgentReason: text('urgent_reason'),
    /** The release date the maintenance policy counts from (defaults to the window's start). */
    releasedAt: at('released_at').notNull(),
    status: text('status', { enum: ['planned', 'announced', 'in_window', 'completed', 'cancelled'] })
      .notNull()
      .default('planned'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('releases_version_key').on(t.version)],
);

/** One announcement per release; reschedule and cancel act on it rather than making another. */
export const announcements = pgTable(
  'announcements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    releaseId: uuid('release_id')
      .notNull()
      .references(() => releases.id),
    announcedBy: text('announced_by').notNull(),
    announcedAt: at('announced_at').notNull(),
    /** Less than 14 days before the window (only for urgent maintenance): the message says so. */
    shortNotice: boolean('short_notice').notNull(),
    /** Minutes before the window start at which reminders go out. */
    reminderOffsets: integer('reminder_offsets').array().notNull(),
    /** The orgs chosen when announcing; null means every client org. */
    chosenOrgIds: uuid('chosen_org_ids').array(),
    status: text('status', { enum: ['active', 'cancelled', 'completed'] }).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('announcements_release_key').on(t.releaseId)],
);

export const announcementRecipients = pgTable(
  'announcement_recipients',
  {
    announcementId: uuid('announcement_id')
      .notNull()
      .references(() => announcements.id),
    orgId: uuid('org_id').notNull(),
    personId: uuid('person_id').notNull(),
    /** The roles that made the person a recipient, as they were when announced. */
    roles: text('roles').array().notNull(),
    deliveredAt: at('delivered_at').notNull(),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedVia: text('acknowledged_via'),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.orgId, t.personId] }),
    index('announcement_recipients_person_idx').on(t.personId).where(sql`${t.acknowledgedAt} is null`),
  ],
);

export const installations = pgTable(
  'installations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    kind: text('kind', { enum: ['server', 'client', 'cloud'] }).notNull(),
    name: text('name').notNull(),
    version: text('version').notNull(),
    lastReportAt: at('last_report_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('installations_org_kind_name_key').on(t.orgId, t.kind, t.name)],
);

export type ReleaseRow = typeof releases.$inferSelect;
export type AnnouncementRow = typeof announcements.$inferSelect;
export type AnnouncementRecipientRow = typeof announcementRecipients.$inferSelect;
export type InstallationRow = typeof installations.$inferSelect;
