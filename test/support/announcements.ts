/** Fixtures for the announcement suites: actors for made people, and a release a given time ahead. */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Core } from '../../core/core.ts';
import type { PersonActor } from '../../core/actor.ts';
import { auditEvents } from '../../db/schema.ts';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export { actorOf } from './core.ts';

let versions = 0;

/** A release input whose window starts `aheadMs` after `now` and lasts two hours. */
export function releaseInput(now: Date, aheadMs: number, extra: Record<string, unknown> = {}) {
  const windowStart = new Date(now.getTime() + aheadMs);
  return {
    version: `9.${++versions}.0`,
    title: 'Faster search',
    changeLog: '## New\n- search is *faster*',
    downtime: true,
    windowStart,
    windowEnd: new Date(windowStart.getTime() + 2 * HOUR),
    ...extra,
  };
}

export async function eventsOf(core: Core, action: string, subjectId?: string) {
  const rows = await core.database.db
    .select()
    .from(auditEvents)
    .where(subjectId ? and(eq(auditEvents.action, action), eq(auditEvents.subjectId, subjectId)) : eq(auditEvents.action, action))
    .orderBy(auditEvents.at, auditEvents.seq);
  return rows.map((row) => ({ ...row, data: row.data as Record<string, any> }));
}

/**
 * The state of the /announce modal (block id → its one element, action id `value`) for a release
 * whose window starts `aheadMs` from `now`.
 */
export function announceModalValues(now: Date, aheadMs: number, extra: Record<string, Record<string, unknown>> = {}) {
  const start = Math.floor((now.getTime() + aheadMs) / 1000);
  const elements: Record<string, Record<string, unknown>> = {
    version: { type: 'plain_text_input', value: `8.${++versions}.0` },
    title: { type: 'plain_text_input', value: 'Dashboards' },
    changeLog: { type: 'plain_text_input', value: '## New\n- **dashboards** for everyone' },
    windowStart: { type: 'datetimepicker', selected_date_time: start },
    windowEnd: { type: 'datetimepicker', selected_date_time: start + 7200 },
    downtime: { type: 'checkboxes', selected_options: [{ value: 'yes' }] },
    kind: { type: 'static_select', selected_option: { value: 'regular' } },
    urgentReason: { type: 'plain_text_input', value: null },
    previewStart: { type: 'datetimepicker', selected_date_time: null },
    previewEnd: { type: 'datetimepicker', selected_date_time: null },
    previewUrl: { type: 'url_text_input', value: null },
    ...extra,
  };
  return Object.fromEntries(Object.entries(elements).map(([block, element]) => [block, { value: element }]));
}
