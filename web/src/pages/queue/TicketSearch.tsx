/**
 * The queue's search box: full text over the tickets the person may see and their comments, with
 * the queue's filters and a range of when the ticket was opened. Hits show the field that matched;
 * the excerpt is rendered as text with the hits in <mark>, never as HTML from the server.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link } from 'wouter';
import { graphql } from '../../gql';
import type { TicketFilter, TicketSearchField } from '../../gql/graphql';
import { Empty, ErrorNote, Loading } from '../../lib/ui.tsx';

const SearchTicketsDocument = graphql(`
  query SearchTickets($search: String!, $filter: TicketFilter, $openedFrom: DateTime, $openedBefore: DateTime, $first: Int, $after: String) {
    searchTickets(search: $search, filter: $filter, openedFrom: $openedFrom, openedBefore: $openedBefore, first: $first, after: $after) {
      nodes {
        ticket {
          id
          key
          title
          statusLabel
          org {
            id
            name
          }
        }
        field
        highlight {
          text
          hit
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const FIELD_LABELS: Record<TicketSearchField, string> = { TITLE: 'title', KEY: 'key', DESCRIPTION: 'description', COMMENT: 'a comment' };

/** The start of a day in the browser's time zone, as an instant. */
const startOfDay = (date: string, plusDays = 0) => {
  const day = new Date(`${date}T00:00:00`);
  day.setDate(day.getDate() + plusDays);
  return day.toISOString();
};

export function TicketSearch({ filter, showOrg }: { filter: TicketFilter; showOrg: boolean }) {
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [asked, setAsked] = useState<{ search: string; from: string; to: string }>();
  const [after, setAfter] = useState<string[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAfter([]);
    setAsked(text.trim() ? { search: text.trim(), from, to } : undefined);
  };

  return (
    <section aria-label="Search tickets">
      <form className="filters" role="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="s-words">Search</label>
          <input id="s-words" type="search" value={text} maxLength={200} placeholder='words or "a phrase"' onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="s-from">Opened from</label>
          <input id="s-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="s-to">Opened until</label>
          <input id="s-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <button type="submit">Search</button>
        {asked && (
          <button type="button" onClick={() => (setAsked(undefined), setText(''))}>
            Clear search
          </button>
        )}
      </form>
      {asked && (
        <div className="search-results">
          {[undefined, ...after].map((cursor, index) => (
            <SearchPage
              key={cursor ?? 'first'}
              variables={{
                search: asked.search,
                filter,
                openedFrom: asked.from ? startOfDay(asked.from) : undefined,
                openedBefore: asked.to ? startOfDay(asked.to, 1) : undefined,
                first: 20,
                after: cursor,
              }}
              showOrg={showOrg}
              onMore={index === after.length ? (next) => setAfter((pages) => [...pages, next]) : undefined}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function SearchPage({
  variables,
  showOrg,
  onMore,
}: {
  variables: { search: string; filter: TicketFilter; openedFrom?: string; openedBefore?: string; first: number; after?: string };
  showOrg: boolean;
  onMore?: (after: string) => void;
}) {
  const [result, refetch] = useQuery({ query: SearchTicketsDocument, variables });
  if (result.error) return <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />;
  if (!result.data) return <Loading what="Searching" />;
  const { nodes, pageInfo } = result.data.searchTickets;
  if (nodes.length === 0 && !variables.after) return <Empty>No ticket you can see matches this search with these filters.</Empty>;
  return (
    <>
      <ol className="search-hits">
        {nodes.map((hit) => (
          <li key={hit.ticket.id}>
            <Link href={`/tickets/${encodeURIComponent(hit.ticket.key)}`}>{hit.ticket.key}</Link>{' '}
            {hit.field === 'TITLE' ? <Highlight parts={hit.highlight} /> : hit.ticket.title}
            {showOrg && <span className="muted"> · {hit.ticket.org.name}</span>}
            <span className="muted"> · {hit.ticket.statusLabel}</span>
            {hit.field !== 'TITLE' && (
              <p className="excerpt">
                <span className="muted">In {FIELD_LABELS[hit.field]}: </span>
                <Highlight parts={hit.highlight} />
              </p>
            )}
          </li>
        ))}
      </ol>
      {onMore && pageInfo.hasNextPage && pageInfo.endCursor && (
        <button type="button" onClick={() => onMore(pageInfo.endCursor!)}>
          Show more matches
        </button>
      )}
    </>
  );
}

/** Text as React text (escaped by React), the search's hits in <mark>. */
function Highlight({ parts }: { parts: ReadonlyArray<{ text: string; hit: boolean }> }) {
  return (
    <>
      {parts.map((part, index) => (part.hit ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
    </>
  );
}
