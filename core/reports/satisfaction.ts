/**
 * Satisfaction in the SLA report: the ratings initiators gave when they approved a closure, for
 * one client org and one month (in the SLA calendar's time zone). A rating counts in the month of
 * the closure it rates, so a month's figure settles as its tickets are closed and rated.
 * Figures: how many, the average score (two decimals are the caller's to round), and how many of
 * each score from 1 to 5.
 */
import { and, eq, gte, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { orgs, ticketRatings } from '../../db/schema.ts';
import { defineQuery } from '../query.ts';
import { RATING_SCORES, slaCalendar } from '../tickets/index.ts';
import { MONTH_PATTERN, monthRange } from './internal/month.ts';
import { reportPolicy } from './policy.ts';

export interface SatisfactionFigures {
  readonly ratings: number;
  /** The mean score, 1–5; null without ratings. */
  readonly average: number | null;
  /** How many ratings gave each score, from 1 to 5 (index 0 is score 1). */
  readonly distribution: readonly number[];
}

/** Figures over a list of scores (the rule above, also used by the CSV and tests). */
export function satisfactionFigures(scores: readonly number[]): SatisfactionFigures {
  const distribution = RATING_SCORES.map((score) => scores.filter((s) => s === score).length);
  return {
    ratings: scores.length,
    average: scores.length === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / scores.length,
    distribution,
  };
}

/** The scores of an org's closures in [from, to). */
export async function scoresOf(db: Queryable, orgId: string, from: Date, to: Date): Promise<number[]> {
  const rows = await db
    .select({ score: ticketRatings.score })
    .from(ticketRatings)
    .where(and(eq(ticketRatings.orgId, orgId), gte(ticketRatings.closedAt, from), lt(ticketRatings.closedAt, to)));
  return rows.map((r) => r.score);
}

export const satisfactionReport = defineQuery({
  name: 'satisfactionReport',
  input: z.object({
    orgId: z.string().max(100),
    month: z.string().regex(MONTH_PATTERN, 'must be a month as YYYY-MM, such as 2026-11'),
  }),
  async run({ db, actor }, { orgId, month }): Promise<SatisfactionFigures> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(orgId);
    const [org] = uuid ? await db.select().from(orgs).where(eq(orgs.id, orgId)) : [];
    if (!org || org.kind !== 'client') throw reportPolicy.notFound();
    reportPolicy.authorize(actor, 'report.read', { id: org.id, kind: org.kind });
    const range = monthRange(month, slaCalendar().timeZone);
    return satisfactionFigures(await scoresOf(db, org.id, range.from, range.to));
  },
});
