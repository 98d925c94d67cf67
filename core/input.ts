/**
 * Rules every door's edge applies to values before they reach a command, and core applies again as
 * its own: text PostgreSQL can store and a reader can trust, JSON of a bounded depth, instants on
 * the calendar between 1970 and 9999. Each problem names where it is, so a door can say which field.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

/** The deepest nesting of objects and arrays opsdesk takes from outside (webhook bodies, JSON inputs). */
export const MAX_JSON_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be taken, or undefined. PostgreSQL refuses NUL in text and jsonb; a lone
 * surrogate is not Unicode text at all (the driver would store U+FFFD in its place, silently).
 */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return undefined;
}

export interface InputProblem {
  /** Where, as a dotted path (`details.host`, `alerts.0.labels`); '' for the value itself. */
  path: string;
  message: string;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/**
 * The first problem in a JSON-like value: a string (or an object key) that breaks `textProblem`,
 * or nesting deeper than `maxDepth`. Walks plain objects and arrays only; stops at the first problem.
 */
export function jsonProblem(value: unknown, path = '', maxDepth = MAX_JSON_DEPTH): InputProblem | undefined {
  const walk = (node: unknown, at: string, depth: number): InputProblem | undefined => {
    if (typeof node === 'string') {
      const message = textProblem(node);
      return message ? { path: at, message } : undefined;
    }
    if (!node || typeof node !== 'object') return undefined;
    const isArray = Array.isArray(node);
    if (!isArray && Object.getPrototypeOf(node) !== Object.prototype && Object.getPrototypeOf(node) !== null) return undefined;
    if (depth >= maxDepth) return { path: at, message: `is nested deeper than ${maxDepth} levels` };
    if (isArray) {
      for (let i = 0; i < node.length; i++) {
        const problem = walk(node[i], join(at, i), depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const [key, child] of Object.entries(node)) {
      const keyMessage = textProblem(key);
      if (keyMessage) return { path: at, message: `has a key that ${keyMessage}` };
      const problem = walk(child, join(at, key), depth + 1);
      if (problem) return problem;
    }
    return undefined;
  };
  return walk(value, path, 0);
}

/** The instants opsdesk keeps: from 1970 to the end of 9999. Beyond that a date is a typo or an attack. */
export const EARLIEST_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_INSTANT = new Date('9999-12-31T23:59:59.999Z');
export const INSTANT_RANGE_MESSAGE = 'must be between 1970-01-01 and 9999-12-31';
export const INSTANT_FORMAT_MESSAGE = 'must be an ISO 8601 date-time, such as 2026-11-23T09:00:00Z';

/**
 * An ISO 8601 string (a date-time, or a date; UTC unless it says its offset), strictly: impossible
 * dates such as 2026-02-30 are refused, where `new Date` would roll them into March.
 */
export function parseInstant(value: string): { instant: Date } | { problem: string } {
  const parsed = DateTime.fromISO(value.trim(), { zone: 'utc', setZone: true });
  if (!parsed.isValid) return { problem: INSTANT_FORMAT_MESSAGE };
  const instant = parsed.toJSDate();
  return inInstantRange(instant) ? { instant } : { problem: INSTANT_RANGE_MESSAGE };
}

export const inInstantRange = (instant: Date) =>
  !Number.isNaN(instant.getTime()) && instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT;

/**
 * The one date schema of core commands and queries, for every door (GraphQL, CLI, Slack, webhooks):
 * a Date, an ISO 8601 string or epoch milliseconds, within 1970-9999.
 */
export const instantSchema = z.union([z.date(), z.string(), z.number()]).transform((value, ctx): Date => {
  if (typeof value === 'string') {
    const parsed = parseInstant(value);
    if ('instant' in parsed) return parsed.instant;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
    return z.NEVER;
  }
  const instant = typeof value === 'number' ? new Date(value) : value;
  if (!inInstantRange(instant)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: Number.isNaN(instant.getTime()) ? INSTANT_FORMAT_MESSAGE : INSTANT_RANGE_MESSAGE });
    return z.NEVER;
  }
  return instant;
});

/** A calendar date as YYYY-MM-DD that exists (no 2026-02-30), within 1970-9999. */
export const calendarDateSchema = z.string().refine((value) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = DateTime.fromISO(value, { zone: 'utc' });
  return date.isValid && inInstantRange(date.toJSDate());
}, 'a date on the calendar as YYYY-MM-DD, between 1970-01-01 and 9999-12-31');
