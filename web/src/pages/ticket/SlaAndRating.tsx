/**
 * A ticket's resolution target with the pauses of its SLA clock (read from the ticket, so they show
 * to the client as to the provider), and the initiator's rating of the support once the ticket is
 * closed: a 1-5 choice and a comment, offered only when the core says this person may rate.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { words } from '../../lib/format.ts';
import { ErrorNote, Relative, Time, useAction } from '../../lib/ui.tsx';

const TicketSlaDocument = graphql(`
  query TicketSla($id: ID!) {
    ticket(id: $id) {
      id
      resolution {
        minutes
        clock
        dueAt
        pausedAt
        pausedMinutes
        warnedAt
        breachedAt
        metAt
      }
      slaPauses {
        pausedAt
        resumedAt
        pausedMinutes
      }
      satisfaction {
        canRate
        rating {
          score
          comment
          ratedAt
        }
      }
    }
  }
`);

const RateTicketDocument = graphql(`
  mutation RateTicket($ticketId: ID!, $score: Int!, $comment: String) {
    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {
      id
      satisfaction {
        canRate
        rating {
          score
          comment
          ratedAt
        }
      }
    }
  }
`);

const SCORE_WORDS = ['', 'Poor', 'Fair', 'Good', 'Very good', 'Excellent'];

/** `changedAt`: the ticket's last change, so a pause or resume seen live is read again. */
export function SlaAndRating({ ticketId, changedAt }: { ticketId: string; changedAt: string }) {
  const [result, refetch] = useQuery({ query: TicketSlaDocument, variables: { id: ticketId } });
  useEffect(() => refetch({ requestPolicy: 'network-only' }), [changedAt, refetch]);
  const ticket = result.data?.ticket;
  if (!ticket) return <ErrorNote error={result.error} />;
  const clock = ticket.resolution;
  return (
    <section aria-labelledby="sla-h" className="panel">
      <h2 id="sla-h">Resolution target</h2>
      {clock ? (
        <p>
          {clock.metAt ? (
            <>Met: resolved <Time value={clock.metAt} /></>
          ) : clock.breachedAt ? (
            <span className="badge breach">Breached <Time value={clock.breachedAt} /></span>
          ) : clock.pausedAt ? (
            <>Paused since <Time value={clock.pausedAt} />, while the ticket awaits the client's reply</>
          ) : (
            <>Due <Time value={clock.dueAt} /> (<Relative value={clock.dueAt} />)</>
          )}
          <span className="small"> {clock.minutes} {words(clock.clock)} minutes; paused so far: {clock.pausedMinutes} minutes</span>
        </p>
      ) : (
        <p className="muted">No resolution target runs for this ticket.</p>
      )}
      {ticket.slaPauses.length > 0 && (
        <>
          <h3>Pauses of the SLA clock</h3>
          <ul>
            {ticket.slaPauses.map((p) => (
              <li key={p.pausedAt}>
                <Time value={p.pausedAt} /> → {p.resumedAt ? <><Time value={p.resumedAt} /> ({p.pausedMinutes} minutes)</> : 'still paused'}
              </li>
            ))}
          </ul>
        </>
      )}
      {ticket.satisfaction.rating ? (
        <p>
          Rated <strong>{ticket.satisfaction.rating.score}/5</strong> ({SCORE_WORDS[ticket.satisfaction.rating.score]})
          {ticket.satisfaction.rating.comment ? `: ${ticket.satisfaction.rating.comment}` : ''}
        </p>
      ) : ticket.satisfaction.canRate ? (
        <RatingForm ticketId={ticketId} />
      ) : null}
    </section>
  );
}

function RatingForm({ ticketId }: { ticketId: string }) {
  const rate = useAction(RateTicketDocument);
  const [score, setScore] = useState<number>();
  const [comment, setComment] = useState('');

  // Once rated, the ticket is read again (the mutation returns a Ticket) and shows the rating instead of this form.
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!score) return;
    await rate.run({ ticketId, score, comment: comment.trim() || null });
  }

  return (
    <form id="rate" className="stack" onSubmit={submit} aria-labelledby="rate-h">
      <h3 id="rate-h">How was the support?</h3>
      <fieldset>
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className="inline">
            <input type="radio" name="score" value={n} checked={score === n} onChange={() => setScore(n)} /> {n} {SCORE_WORDS[n]}
          </label>
        ))}
      </fieldset>
      <label htmlFor="rate-comment">Comment (optional)</label>
      <textarea id="rate-comment" rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      <ErrorNote error={rate.error} />
      <button type="submit" className="primary" disabled={rate.busy || !score}>
        Send rating
      </button>
    </form>
  );
}
