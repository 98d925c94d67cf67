/**
 * The reports capability: read models across the other capabilities, for clients and the operator.
 * It records nothing and changes nothing; it reads tickets, alarms, access and status tables
 * through its own queries, each with its policy: the SLA and operations report of a client org and
 * month (`slaReport`), and the operator's Prometheus gauges (`operationsGauges`, installed on each
 * core's metrics registry at start).
 */
import { defineCapability } from '../capability.ts';
import { installOperationsGauges } from './gauges.ts';

export { slaReport, slaOutcome, REPORT_SEVERITIES, type AlarmFigures, type BreachView, type ReportSeverity, type SeverityFigures, type SlaReport, type SlaTargetView, type TicketFigures } from './sla.ts';
export { operationsGauges, installOperationsGauges, GAUGE_CACHE_MS, type OperationsGauges } from './gauges.ts';
export { reportPolicy } from './policy.ts';
export { satisfactionReport, satisfactionFigures, type SatisfactionFigures } from './satisfaction.ts';
export { percentileCont } from './internal/percentile.ts';
export { monthOf, monthRange } from './internal/month.ts';

export const reports = defineCapability({
  name: 'reports',
  events: {},
  onStart: async (core) => installOperationsGauges(core),
});

export default reports;
