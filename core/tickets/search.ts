/**
 * Full-text search over tickets and their comments (never internal notes), for the actor it is run
 * with: a client finds only their own orgs' tickets, provider staff every org's (or the org they
 * filter). Matches come ranked (title and key above description above comments, then newest first),
 * each with a highlight of the field that matched, as plain text parts marked hit or not: no door
 * ever renders markup that came from a user.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { resultRows } from '../../db/client.ts';
import { ticketSearchDocuments, tickets, type TicketRow } from '../../db/schema.ts';
import { cursorCodec, positionSchema } from '../cursor.ts';
import { defineQuery, type QueryContext } from '../query.ts';
import { SEARCH_CONFIG } from './internal/search-index.ts';
import { ticketConditions, ticketFilterFields } from './internal/ticket-filter.ts';

export type SearchField = 'title' | 'description' | 'comment' | 'key';

/** A run of a highlight: text exactly as written, and whether it is a hit of the search. */
export interface HighlightPart {
  text: string;
  hit: boolean;
}

export interface TicketSearchHit {
  ticket: TicketRow;
  /** Higher is better; only meaningful against the other hits of the same search. */
  rank: number;
  /** Which field the highlight shows: the first of title, key, description, comment that matches the whole search. */
  field: SearchField;
  highlight: HighlightPart[];
}

export interface TicketSearchPage {
  nodes: TicketSearchHit[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Hits are ordered by rank, then newest first: the position is the last hit's rank and sequence number. */
const searchCursor = cursorCodec('ticketSearch', z.object({ rank: z.number().min(0).max(1e6), seq: positionSchema }).strict());

/** ts_headline wraps hits in these two control characters, removed from the text beforehand, then split on in code. */
const HIT_START = '\u0002';
const HIT_END = '\u0003';
/**
 * ts_headline drops whatever its parser takes for markup (`<b>`, `&amp;`, a whole `<script>` element's
 * tags) from an excerpt. So `<`, `>` and `&` stand in as three private-use characters (removed from the
 * text first) while it cuts the excerpt, and are put back in code: the highlight is the text as written.
 */
const STAND_INS: ReadonlyArray<[string, string]> = [
  ['<', '\uE001'],
  ['>', '\uE002'],
  ['&', '\uE003'],
];
const RESERVED = HIT_START + HIT_END + STAND_INS.map(([, standIn]) => standIn).join('');
const HEADLINE_OPTIONS = `StartSel="${HIT_START}", StopSel="${HIT_END}"`;
const SHORT_FIELD = `${HEADLINE_OPTIONS}, HighlightAll=true`;
const LONG_FIELD = `${HEADLINE_OPTIONS}, MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=" … "`;

export const searchTickets = defineQuery({
  name: 'searchTickets',
  input: z.object({
    /** Web-search syntax: words (all must match), "a phrase", or, -excluded. */
    search: z.string().trim().min(1, 'search for at least one word').max(200, 'keep the search under 200 characters'),
    ...ticketFilterFields,
    first: z.number().int().min(1, 'first must be between 1 and 50').max(50, 'first must be between 1 and 50').default(20),
    after: z.string().max(500).optional(),
  }),
  async run(ctx, filter): Promise<TicketSearchPage> {
    // Checked before anything else, so a bad cursor is refused whoever asks.
    const after = filter.after ? searchCursor.decode(filter.after) : undefined;
    const empty: TicketSearchPage = { nodes: [], hasNextPage: false, endCursor: null };
    const where = ticketConditions(ctx.actor, filter);
    if (!where) return empty;
    const query = sql`websearch_to_tsquery(${SEARCH_CONFIG}, ${filter.search})`;
    const rank = sql<number>`ts_rank(${ticketSearchDocuments.document}, ${query})`;
    where.push(sql`${ticketSearchDocuments.document} @@ ${query}`);
    if (after) where.push(sql`(${rank}, ${tickets.seq}) < (${after.rank}::real, ${after.seq}::bigint)`);
    const rows = await ctx.db
      .select({ ticket: tickets, rank })
      .from(ticketSearchDocuments)
      .innerJoin(tickets, eq(tickets.id, ticketSearchDocuments.ticketId))
      .where(and(...where))
      .orderBy(sql`${rank} desc`, sql`${tickets.seq} desc`)
      .limit(filter.first + 1);
    const page = rows.slice(0, filter.first);
    const highlights = await highlightsOf(ctx, page.map((row) => row.ticket.id), query);
    const nodes = page.map(({ ticket, rank }) => ({ ticket, rank: Number(rank), ...highlights.get(ticket.id)! }));
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage: rows.length > filter.first, endCursor: last ? searchCursor.encode({ rank: last.rank, seq: last.ticket.seq }) : null };
  },
});

interface HeadlineRow {
  ticket_id: string;
  key: string;
  title_matches: boolean;
  key_matches: boolean;
  description_matches: boolean;
  title: string;
  description: string;
  comment: string | null;
}

/**
 * The highlight of each hit, for one page only: the title when it matches the whole search, else the key,
 * else the description, else the first comment that does; a search matched only across fields shows the
 * title with whichever of its words it holds. Comments are re-parsed here for the page's tickets
 * alone, which is cheaper than keeping a vector per comment for all of them.
 */
async function highlightsOf(ctx: QueryContext, ticketIds: string[], query: SQL): Promise<Map<string, Pick<TicketSearchHit, 'field' | 'highlight'>>> {
  const found = new Map<string, Pick<TicketSearchHit, 'field' | 'highlight'>>();
  if (ticketIds.length === 0) return found;
  const clean = (column: SQL) =>
    sql`translate(translate(${column}, ${RESERVED}, ''), ${STAND_INS.map(([char]) => char).join('')}, ${STAND_INS.map(([, standIn]) => standIn).join('')})`;
  const ids = sql.join(ticketIds.map((id) => sql`${id}::uuid`), sql`, `);
  const rows = resultRows<HeadlineRow>(
    await ctx.db.execute(sql`
      select t.id as ticket_id,
        t.key,
        to_tsvector(${SEARCH_CONFIG}, t.title) @@ ${query} as title_matches,
        to_tsvector(${SEARCH_CONFIG}, t.key) @@ ${query} as key_matches,
        to_tsvector(${SEARCH_CONFIG}, t.description) @@ ${query} as description_matches,
        ts_headline(${SEARCH_CONFIG}, ${clean(sql`t.title`)}, ${query}, ${SHORT_FIELD}) as title,
        ts_headline(${SEARCH_CONFIG}, ${clean(sql`t.description`)}, ${query}, ${LONG_FIELD}) as description,
        (select ts_headline(${SEARCH_CONFIG}, ${clean(sql`c.body`)}, ${query}, ${LONG_FIELD})
           from ticket_comments c
          where c.ticket_id = t.id and to_tsvector(${SEARCH_CONFIG}, c.body) @@ ${query}
          order by c.created_at, c.id limit 1) as comment
      from tickets t where t.id in (${ids})`),
  );
  for (const row of rows) {
    if (row.key_matches && !row.title_matches) {
      found.set(row.ticket_id, { field: 'key', highlight: [{ text: row.key, hit: true }] });
      continue;
    }
    const [field, headline]: [SearchField, string] = row.title_matches
      ? ['title', row.title]
      : row.description_matches
        ? ['description', row.description]
        : row.comment !== null
          ? ['comment', row.comment]
          : ['title', row.title];
    found.set(row.ticket_id, { field, highlight: partsOf(headline) });
  }
  return found;
}

/** Splits a headline on its markers into runs of text, hit or not. */
export function partsOf(headline: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  for (const [index, piece] of headline.split(HIT_START).entries()) {
    const [hit, rest] = index === 0 ? [undefined, piece] : splitOnce(piece, HIT_END);
    if (hit) parts.push({ text: restored(hit), hit: true });
    if (rest) parts.push({ text: restored(rest), hit: false });
  }
  return parts;
}

function restored(text: string): string {
  return STAND_INS.reduce((result, [char, standIn]) => result.replaceAll(standIn, char), text);
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A highlight as HTML that is safe to render: every character of the text escaped, hits in <mark>. */
export function highlightHtml(parts: readonly HighlightPart[]): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
  return parts.map((part) => (part.hit ? `<mark>${escape(part.text)}</mark>` : escape(part.text))).join('');
}
