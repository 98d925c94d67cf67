/** The announcements' resolvers: releases, announcements and acknowledgements, installations and compliance. */
import {
  acknowledgeAnnouncement,
  announceRelease,
  cancelRelease,
  createRelease,
  reportInstallation,
  rescheduleRelease,
} from '../../../core/announcements/index.ts';
import { listInstallations, upgradeCompliance } from '../../../core/announcements/installations.ts';
import { announcementById } from '../../../core/announcements/lookups.ts';
import { seesAllOrgs } from '../../../core/announcements/policy.ts';
import {
  acknowledgementsByOrg,
  announcementRecipientsOf,
  awaitingAcknowledgement,
  getAnnouncement,
  getRelease,
  listAnnouncements,
  listReleases,
} from '../../../core/announcements/queries.ts';
import { followOrg } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { announcementOfRelease, releaseById } from '../../../core/announcements/lookups.ts';
import type { PersonActor } from '../../../core/actor.ts';
import { ANNOUNCEMENT_EVENT_TYPES } from '../../../core/announcements/events.ts';
import { liveSubscription } from '../kit/live.ts';
import { announcementStatusEnum, installationKindEnum, releaseKindEnum, releaseStatusEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';

function soleClientOrg(actor: PersonActor): string {
  const clientOrgs = actor.memberships.filter((m) => m.orgKind === 'client');
  if (clientOrgs.length !== 1) throw new OpsdeskError('INVALID_INPUT', 'say which org to follow (orgId)', { fields: { orgId: 'required' } });
  return clientOrgs[0]!.orgId;
}

const pageOf = <T>(page: { nodes: T[]; hasNextPage: boolean; endCursor: string | null }) => ({
  nodes: page.nodes,
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
});

export const announcementResolvers: Resolvers = {
  ReleaseKind: releaseKindEnum,
  ReleaseStatus: releaseStatusEnum,
  AnnouncementStatus: announcementStatusEnum,
  InstallationKind: installationKindEnum,

  Query: {
    releases: async (_root, { first, after }, { core, actor }) =>
      pageOf(await listReleases(core.database.db, actor, first ?? 50, after ?? undefined)),
    release: (_root, { id }, { core, actor }) => getRelease(core.database.db, actor, id),
    announcements: async (_root, { filter, first, after }, { core, actor }) =>
      pageOf(
        await listAnnouncements(
          core.database.db,
          actor,
          { releaseId: filter?.releaseId ?? undefined, orgId: filter?.orgId ?? undefined, status: filter?.status ?? undefined },
          first ?? 50,
          after ?? undefined,
        ),
      ),
    announcement: (_root, { id }, { core, actor }) => getAnnouncement(core.database.db, actor, id),
    myPendingAnnouncements: async (_root, _args, { core, actor }) => {
      const pending = await awaitingAcknowledgement(core.database.db, actor.id);
      const rows = await Promise.all(pending.map((p) => announcementById(core.database.db, p.announcementId)));
      return rows.filter((r) => r !== undefined);
    },
    installations: (_root, { orgId }, { core, actor }) => listInstallations(core.database.db, actor, orgId),
    upgradeCompliance: (_root, { orgId }, { core, actor }) => upgradeCompliance(core.database.db, actor, orgId, core.clock.now()),
  },

  Release: {
    preview: (release) =>
      release.previewStart && release.previewEnd && release.previewUrl
        ? { start: release.previewStart, end: release.previewEnd, url: release.previewUrl }
        : null,
    // Visible to whoever sees the release: the release is only visible to client people through its announcement.
    announcement: async (release, _args, { core }) => (await announcementOfRelease(core.database.db, release.id)) ?? null,
  },

  Announcement: {
    release: async (announcement, _args, { core }) => {
      const release = await releaseById(core.database.db, announcement.releaseId);
      if (!release) throw new OpsdeskError('NOT_FOUND', 'release not found');
      return release;
    },
    recipients: (announcement, _args, { core, actor }) => announcementRecipientsOf(core.database.db, actor, announcement.id),
    acknowledgementsByOrg: (announcement, _args, { core, actor }) => acknowledgementsByOrg(core.database.db, actor, announcement.id),
  },

  AnnouncementRecipient: {
    roles: (recipient) => recipient.roles as never,
  },

  Mutation: {
    createRelease: (_root, { input }, { core, actor }) =>
      core.execute(createRelease, actor, {
        version: input.version,
        title: input.title,
        changeLog: input.changeLog,
        downtime: input.downtime ?? undefined,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        preview: input.preview ?? undefined,
        kind: input.kind ?? undefined,
        urgentReason: input.urgentReason ?? undefined,
        releasedAt: input.releasedAt ?? undefined,
      }),
    announceRelease: (_root, { input }, { core, actor }) =>
      core.execute(announceRelease, actor, {
        releaseId: input.releaseId,
        orgIds: input.orgIds ?? undefined,
        reminderOffsets: input.reminderOffsets ?? undefined,
      }),
    rescheduleRelease: (_root, { input }, { core, actor }) =>
      core.execute(rescheduleRelease, actor, {
        releaseId: input.releaseId,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        preview: input.preview,
        reason: input.reason ?? undefined,
      }),
    cancelRelease: (_root, { releaseId, reason }, { core, actor }) =>
      core.execute(cancelRelease, actor, { releaseId, reason: reason ?? undefined }),
    acknowledgeAnnouncement: (_root, { announcementId }, { core, actor }) =>
      core.execute(acknowledgeAnnouncement, actor, { announcementId }),
    reportInstallation: (_root, { input }, { core, actor }) =>
      core.execute(reportInstallation, actor, { ...input, orgId: input.orgId ?? undefined }),
  },

  Subscription: {
    announcementEvents: {
      subscribe: async (_root, { orgId }, ctx) => {
        // One org's announcements, or (for provider staff) every org's; a client person of one org needs not say which.
        const scope = orgId ?? (seesAllOrgs(ctx.actor) ? undefined : soleClientOrg(ctx.actor));
        return liveSubscription(ctx, {
          subject: async (actor) => {
            if (scope) return (await ctx.core.read(followOrg, actor, { orgId: scope })).stillAllowed;
            return (now) => {
              if (!seesAllOrgs(now)) throw new OpsdeskError('FORBIDDEN', "only the provider's staff follow every org's announcements");
            };
          },
          topic: (event) => ANNOUNCEMENT_EVENT_TYPES.has(event.type) && (scope === undefined || event.orgId === scope),
        });
      },
      resolve: (event: unknown) => event as never,
    },
  },
};
