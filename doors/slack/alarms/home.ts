/**
 * The alarms' part of App Home, for the people who answer alarms (roles oncall and admin): the
 * open alarms paging them now, and the resolved alarms still waiting for a root cause.
 */
import { and, arrayContains, desc, eq, isNull, ne } from 'drizzle-orm';
import { alarms } from '../../../db/schema.ts';
import { ALARM_POLICY } from '../../../core/alarms/policy.ts';
import type { HomeSection } from '../home.ts';
import { homeAlarmLines } from './presenters.ts';

const SHOWN = 15;

export const alarmsHomeSection: HomeSection = async (deps, actor) => {
  if (!ALARM_POLICY['alarm.respond'](actor)) return [];
  const { db } = deps.core.database;
  const [paging, followUps] = await Promise.all([
    db
      .select()
      .from(alarms)
      .where(and(ne(alarms.state, 'RESOLVED'), arrayContains(alarms.paged, [actor.id])))
      .orderBy(desc(alarms.triggeredAt))
      .limit(SHOWN),
    db
      .select()
      .from(alarms)
      .where(and(eq(alarms.state, 'RESOLVED'), isNull(alarms.rootCause)))
      .orderBy(desc(alarms.resolvedAt))
      .limit(SHOWN),
  ]);
  return [
    ...homeAlarmLines('Alarms paging you', paging, deps.core.clock.now()),
    ...homeAlarmLines('Resolved alarms waiting for a root cause', followUps, deps.core.clock.now()),
  ];
};
