/**
 * A client org's own back-up: one archive of everything the org owns (each capability's exporters,
 * core/exporter.ts, and the audit trail with a checkpoint signed for it), written as a job that
 * survives restarts, kept for a day behind an authorised link, and audited on the org's chain.
 */
import { defineCapability } from '../capability.ts';
import { EXPORT_EVENTS } from './events.ts';
import { exportTimers } from './timers.ts';

export { startOrgExport, downloadOrgExport } from './commands.ts';
export { exportArchive, getOrgExport, listOrgExports, type ExportArchive } from './queries.ts';
export { exportToCaller, exportsUnderway } from './runner.ts';
export { ExportEvents } from './events.ts';
export type * from './events.ts';
export * from './model.ts';
export { exportPolicy } from './policy.ts';

export const orgExportsCapability = defineCapability({
  name: 'exports',
  events: EXPORT_EVENTS,
  timers: exportTimers,
});

export default orgExportsCapability;
