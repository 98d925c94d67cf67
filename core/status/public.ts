/**
 * The public status: what anyone, signed in or not, is shown at `/status` and `/status.json`.
 *
 * Only public services (never an internal one, whoever asks: the page is the same for everybody),
 * and of each only its name, description, state, 90 days of daily availability and p50/p95 response
 * times over 24 hours, 7 days and 90 days with their charts (internal/page.ts, which also says what
 * it costs). Never a probe's URL, a probe's or heartbeat's id, an alarm's details, or which orgs use
 * a service.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { services } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import type { ServiceState } from './model.ts';
import { STATUS_PAGE_DAYS, statusOfServices, type PublicService } from './internal/page.ts';

export { percentOf, type PublicDay, type PublicResponseTimes, type PublicService, type ResponseTimePoint } from './internal/page.ts';

/** Days of daily availability the status page shows (today, UTC, and the days before it). */
export const PUBLIC_STATUS_DAYS = STATUS_PAGE_DAYS;

/**
 * The availability rule, as the page states it: what counts as down (a failed check, and the time an
 * incident of major or critical impact declared the service down: core/status/outages.ts), and that
 * maintenance (a window announced ahead, core/incidents) is left out (core/status/probes.ts keeps
 * such results as samples only).
 */
export const AVAILABILITY_RULE =
  'Availability is the share of our checks that succeeded, less the time we declared the service down: a check that failed (a wrong status, ' +
  'no answer within its timeout, a refused connection, or an answer without the expected text) counts as down, and so does the time an incident ' +
  'of major or critical impact affects the service, from when it is declared with (or raised to) that impact until it is resolved or lowered; ' +
  'overlapping incidents count once, and incidents of minor or no impact do not count. A day\'s figure is the share of its checks that succeeded ' +
  'times the share of the day (so far, for today) the service was not declared down; a day without checks but with such an incident shows only the latter, ' +
  'and a day with neither has no data. The figure over 90 days weighs each day by its number of checks. ' +
  'Days are UTC days, and percentages are rounded down. Checks during a scheduled maintenance window of the service are not counted, neither as up nor as down.';

export interface PublicStatus {
  generatedAt: Date;
  /** The worst state among the services (unknown only when none has data or there are none). */
  overall: ServiceState;
  availabilityRule: string;
  days: number;
  services: PublicService[];
}

/** The public status now. Anyone may read it (the door runs it as the host for anonymous readers). */
export const publicStatus = defineQuery({
  name: 'publicStatus',
  input: z.object({}).default({}),
  async run({ db, actor, now }): Promise<PublicStatus> {
    const rows = await db
      .select()
      .from(services)
      .where(and(eq(services.isPublic, true), isNull(services.archivedAt)))
      .orderBy(asc(services.name));
    // A public service is everybody's: which orgs use it is not the page's business.
    const page = await statusOfServices(db, actor, rows.map((r) => ({ ...r, orgIds: [] })), now);
    return { generatedAt: now, availabilityRule: AVAILABILITY_RULE, days: STATUS_PAGE_DAYS, ...page };
  },
});
