/** An org's back-up over GraphQL: start the job, follow it; the archive itself is a download (doors/web). */
import { getOrgExport, listOrgExports, startOrgExport } from '../../../core/exports/index.ts';
import type { Resolvers } from '../generated.ts';
import { orgExportStateEnum } from './models.ts';

export const exportsResolvers: Resolvers = {
  OrgExportState: orgExportStateEnum,
  Query: {
    orgExport: (_root, { id }, { core, actor }) => core.read(getOrgExport, actor, { id }),
    orgExports: (_root, { orgId }, { core, actor }) => core.read(listOrgExports, actor, { orgId }),
  },
  Mutation: {
    startOrgExport: (_root, { orgId }, { core, actor }) => core.execute(startOrgExport, actor, { orgId }),
  },
  OrgExport: {
    downloadUrl: (job) => job.downloadPath,
  },
};
