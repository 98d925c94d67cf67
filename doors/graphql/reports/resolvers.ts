/** The SLA report over GraphQL: one core query. */
import { slaReport } from '../../../core/reports/index.ts';
import type { Resolvers } from '../generated.ts';

export const reportsResolvers: Resolvers = {
  Query: {
    slaReport: (_root, { orgId, month }, { core, actor }) => core.read(slaReport, actor, { orgId, month }),
  },
  SlaReport: {
    since: (report) => report.from,
    until: (report) => report.to,
  },
  SeverityFigures: {
    figures: (entry) => entry,
  },
};
