/**
 * Public holidays from the `date-holidays` library (a maintained set of holiday rules for about
 * 200 countries, so the calendar does not end with a hand-made list). The library takes about half
 * a second to load, so it is loaded on the first year asked for, never at start-up, and each year
 * is computed once per calendar (warmHolidays can do it off the request path).
 */
import { createRequire } from 'node:module';
import type { PublicHolidaysRule } from './types.ts';

interface LibraryHoliday {
  date: string;
  name: string;
  type: string;
}
interface HolidaysInstance {
  getHolidays(year: number, language?: string): LibraryHoliday[];
}
type HolidaysConstructor = new (country: string, options?: { languages?: string[] }) => HolidaysInstance;

let library: HolidaysConstructor | undefined;
const instances = new Map<string, HolidaysInstance>();

function instanceFor(rule: PublicHolidaysRule): HolidaysInstance {
  const key = `${rule.country}/${rule.language}`;
  let instance = instances.get(key);
  if (!instance) {
    // CommonJS entry, loaded synchronously: the working-time arithmetic is synchronous.
    const loaded = createRequire(import.meta.url)('date-holidays') as HolidaysConstructor | { default: HolidaysConstructor };
    library ??= 'default' in loaded ? loaded.default : loaded;
    instance = new library(rule.country, { languages: [rule.language] });
    instances.set(key, instance);
  }
  return instance;
}

export interface DatedHoliday {
  /** Local date 'YYYY-MM-DD'. */
  date: string;
  name: string;
}

/**
 * The closing days of one year under a rule: the library's public holidays (whole days), and the
 * days the office closes on besides (named in the rule, in the rule's language), whatever type the
 * library gives them.
 */
export function holidaysOfYear(rule: PublicHolidaysRule, year: number): DatedHoliday[] {
  const closing = new Set(rule.officeClosingDays.map((name) => name.toLocaleLowerCase(rule.language)));
  return instanceFor(rule)
    .getHolidays(year, rule.language)
    .filter((h) => (h.type === 'public' && h.date.endsWith('00:00:00')) || closing.has(h.name.toLocaleLowerCase(rule.language)))
    .map((h) => ({ date: h.date.slice(0, 10), name: h.name }));
}
