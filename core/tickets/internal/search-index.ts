/**
 * Keeps each ticket's search document (ticket_search_documents) in step with the ticket, in the
 * transaction of the command that writes it: a ticket is findable the moment its opening commits,
 * a comment the moment it is written, and a rolled-back write leaves nothing behind.
 *
 * The text is read from the rows just written, not from the event's payload, so the document is
 * made of exactly what the ticket holds. Internal notes are never folded in.
 */
import { sql } from 'drizzle-orm';
import { reactTo, type Reaction } from '../../capability.ts';
import { TicketEvents } from '../events.ts';

/**
 * 'simple': lower-cased words, no stemming and no stop words. Clients write English and Swedish in
 * the same tickets and nothing says which; an English stemmer would mangle Swedish words (and drop
 * "all", "under", "i" as stop words), so words are matched as written in either language.
 */
export const SEARCH_CONFIG = sql.raw(`'simple'::regconfig`);

/**
 * A tsvector holds at most 1 MB of lexemes; comments beyond this much text are no longer folded in,
 * so a huge thread can never make a comment fail to commit. The ticket stays findable by all that came before.
 */
export const MAX_INDEXED_BYTES = 800_000;

/** The ticket's own fields: key and title above description. */
const onOpened = reactTo(TicketEvents.opened, async (ctx, change) => {
  await ctx.tx.execute(sql`
    insert into ticket_search_documents (ticket_id, document, indexed_bytes)
    select id,
      setweight(to_tsvector(${SEARCH_CONFIG}, key), 'A')
        || setweight(to_tsvector(${SEARCH_CONFIG}, title), 'A')
        || setweight(to_tsvector(${SEARCH_CONFIG}, description), 'B'),
      octet_length(key) + octet_length(title) + octet_length(description)
    from tickets where id = ${change.subjectId}
    on conflict (ticket_id) do nothing`);
});

/** A comment joins its ticket's document below the ticket's own fields. */
const onCommented = reactTo(TicketEvents.commented, async (ctx, change) => {
  await ctx.tx.execute(sql`
    update ticket_search_documents d
    set document = d.document || setweight(to_tsvector(${SEARCH_CONFIG}, c.body), 'C'),
        indexed_bytes = d.indexed_bytes + octet_length(c.body)
    from ticket_comments c
    where c.id = ${change.data.commentId} and d.ticket_id = c.ticket_id
      and d.indexed_bytes + octet_length(c.body) <= ${MAX_INDEXED_BYTES}`);
});

export const searchIndexReactions: readonly Reaction[] = [onOpened, onCommented];
