/**
 * Announcements in an org's back-up: those the org was sent (with their release), each recipient's
 * delivery and acknowledgement, and the org's installations.
 */
import { and, asc, eq, exists, getTableColumns, gt, sql } from 'drizzle-orm';
import { announcementRecipients, announcements, installations, releases } from '../../db/schema.ts';
import { keysetExporter } from '../exporter.ts';

const announcementsExporter = keysetExporter(
  'announcements',
  (db, orgId, after, limit) =>
    db
      .select({
        ...getTableColumns(announcements),
        // The org's own list is not the provider's choice of orgs: that names other clients.
        chosenOrgIds: sql<null>`null`,
        release: {
          version: releases.version,
          title: releases.title,
          changeLog: releases.changeLog,
          windowStart: releases.windowStart,
          windowEnd: releases.windowEnd,
          downtime: releases.downtime,
        },
      })
      .from(announcements)
      .innerJoin(releases, eq(releases.id, announcements.releaseId))
      .where(
        and(
          exists(
            db
              .select({ one: sql`1` })
              .from(announcementRecipients)
              .where(and(eq(announcementRecipients.announcementId, announcements.id), eq(announcementRecipients.orgId, orgId))),
          ),
          after === null ? undefined : gt(announcements.id, after),
        ),
      )
      .orderBy(asc(announcements.id))
      .limit(limit),
  (announcement) => announcement.id,
);

/** Each recipient of the org: delivered when, acknowledged when and how. Keyed by announcement and person. */
const acknowledgementsExporter = keysetExporter(
  'acknowledgements',
  (db, orgId, after, limit) => {
    const [announcementId, personId] = after === null ? [] : after.split('/');
    return db
      .select()
      .from(announcementRecipients)
      .where(
        and(
          eq(announcementRecipients.orgId, orgId),
          after === null ? undefined : sql`(${announcementRecipients.announcementId}, ${announcementRecipients.personId}) > (${announcementId}::uuid, ${personId}::uuid)`,
        ),
      )
      .orderBy(asc(announcementRecipients.announcementId), asc(announcementRecipients.personId))
      .limit(limit);
  },
  (recipient) => `${recipient.announcementId}/${recipient.personId}`,
);

const installationsExporter = keysetExporter(
  'installations',
  (db, orgId, after, limit) =>
    db
      .select()
      .from(installations)
      .where(and(eq(installations.orgId, orgId), after === null ? undefined : gt(installations.id, after)))
      .orderBy(asc(installations.id))
      .limit(limit),
  (installation) => installation.id,
);

export const ANNOUNCEMENT_EXPORTERS = [announcementsExporter, acknowledgementsExporter, installationsExporter];
