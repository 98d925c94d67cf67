/** The announcements' resolvers: releases, announcements and acknowledgements, installations and compliance. */
import {
  acknowledgeAnnouncement,
  acknowledgementsByOrg,
  announceRelease,
  announcementsOfReleases,
  cancelRelease,
  createRelease,
  followAnnouncements,
  getAnnouncement,
  getRelease,
  listAnnouncements,
  listInstallations,
  listReleases,
  pendingAcknowledgements,
  previewOf,
  recipientsOfAnnouncements,
  releasesByIds,
  reportInstallation,
  rescheduleRelease,
  UPGRADE_FAMILIES,
  upgradeCompliance,
  type Page,
} from '../../../core/announcements/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { liveSubscription } from '../kit/live.ts';
import { batchLoader } from '../kit/loaders.ts';
import { announcementStatusEnum, installationKindEnum, releaseKindEnum, releaseStatusEnum } from '../kit/enums.ts';
import type { Resolvers } from '../generated.ts';

const pageOf = <T>(page: Page<T>) => ({ nodes: page.nodes, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } });

/** Per-node fields of a list: one query for every node of the operation. */
const loadAnnouncementOfRelease = batchLoader(({ core, actor }, releaseIds) => core.read(announcementsOfReleases, actor, { releaseIds: [...releaseIds] }));
const loadRelease = batchLoader(({ core, actor }, releaseIds) => core.read(releasesByIds, actor, { releaseIds: [...releaseIds] }));
const loadRecipients = batchLoader(({ core, actor }, announcementIds) =>
  core.read(recipientsOfAnnouncements, actor, { announcementIds: [...announcementIds] }),
);

/** Every event of the capability: releases, announcements, installations, the compliance digest. */
const isUpgradeEvent = (event: DomainEvent) => UPGRADE_FAMILIES.some((family) => family.has(event));

export const announcementResolvers: Resolvers = {
  ReleaseKind: releaseKindEnum,
  ReleaseStatus: releaseStatusEnum,
  AnnouncementStatus: announcementStatusEnum,
  InstallationKind: installationKindEnum,

  Query: {
    releases: async (_root, { first, after }, { core, actor }) =>
      pageOf(await core.read(listReleases, actor, { first: first ?? undefined, after: after ?? undefined })),
    release: (_root, { id }, { core, actor }) => core.read(getRelease, actor, { releaseId: id }),
    announcements: async (_root, { filter, first, after }, { core, actor }) =>
      pageOf(
        await core.read(listAnnouncements, actor, {
          filter: { releaseId: filter?.releaseId ?? undefined, orgId: filter?.orgId ?? undefined, status: filter?.status ?? undefined },
          first: first ?? undefined,
          after: after ?? undefined,
        }),
      ),
    announcement: (_root, { id }, { core, actor }) => core.read(getAnnouncement, actor, { announcementId: id }),
    myPendingAnnouncements: async (_root, _args, { core, actor }) =>
      (await core.read(pendingAcknowledgements, actor, {})).map((pending) => pending.announcement),
    installations: (_root, { orgId }, { core, actor }) => core.read(listInstallations, actor, { orgId }),
    upgradeCompliance: (_root, { orgId }, { core, actor }) => core.read(upgradeCompliance, actor, { orgId }),
  },

  Release: {
    preview: (release) => previewOf(release),
    // Visible to whoever sees the release: client people see a release only through its announcement.
    announcement: async (release, _args, ctx) => (await loadAnnouncementOfRelease(ctx, release.id)) ?? null,
  },

  Announcement: {
    release: async (announcement, _args, ctx) => {
      const release = await loadRelease(ctx, announcement.releaseId);
      if (!release) throw new OpsdeskError('NOT_FOUND', 'release not found');
      return release;
    },
    recipients: async (announcement, _args, ctx) => (await loadRecipients(ctx, announcement.id)) ?? [],
    acknowledgementsByOrg: async (announcement, _args, ctx) => acknowledgementsByOrg((await loadRecipients(ctx, announcement.id)) ?? []),
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
      // One org's announcement events, or (provider staff) every org's; the core decides which and for how long.
      subscribe: async (_root, { orgId }, ctx) => {
        const followed = await ctx.core.read(followAnnouncements, ctx.actor, { orgId: orgId ?? undefined });
        const scope = followed.subject.orgId;
        return liveSubscription(ctx, {
          subject: () => followed.stillAllowed,
          topic: (event) => isUpgradeEvent(event) && (scope === null || event.orgId === scope),
        });
      },
      // Each event as it was recorded: the schema's DomainEvent.
      resolve: (event: DomainEvent): DomainEvent => event,
    },
  },
};
