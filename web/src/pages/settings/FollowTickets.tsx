/**
 * Following every ticket of one's client organisation, not only one's own: a follower is told of
 * each ticket as its initiator is, on their channel for ticket updates (by email when Slack does not
 * reach them). One switch per client organisation the person belongs to.
 */
import { useEffect, useState } from 'react';
import { graphql } from '../../gql';
import { Done, ErrorNote, useAction } from '../../lib/ui.tsx';
import type { Membership } from '../../lib/me.tsx';

const FollowTicketsDocument = graphql(`
  mutation FollowTickets($input: FollowTicketsInput!) {
    followTickets(input: $input) {
      orgId
      follows
    }
  }
`);

export function FollowTickets({ memberships, onSaved }: { memberships: Membership[]; onSaved: () => void }) {
  if (memberships.length === 0) return null;
  return (
    <section aria-labelledby="follow-h">
      <h2 id="follow-h">Your organisation’s tickets</h2>
      <p className="hint">Follow every ticket of your organisation, not only the ones you opened: you are told of each as if it were yours, the way you chose for ticket updates.</p>
      {memberships.map((m) => (
        <FollowOrg key={m.org.id} membership={m} onSaved={onSaved} />
      ))}
    </section>
  );
}

function FollowOrg({ membership, onSaved }: { membership: Membership; onSaved: () => void }) {
  const save = useAction(FollowTicketsDocument);
  const [done, setDone] = useState<string>();
  // Shown at once; put back if the server refuses.
  const [checked, setChecked] = useState(membership.followsTickets);
  useEffect(() => setChecked(membership.followsTickets), [membership.followsTickets]);
  const id = `follow-${membership.org.id}`;
  return (
    <form aria-busy={save.busy} onSubmit={(e) => e.preventDefault()}>
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={save.busy}
          onChange={(e) => {
            const follows = e.target.checked;
            setChecked(follows);
            setDone(undefined);
            void save.run({ input: { orgId: membership.org.id, follows } }).then((data) => {
              if (!data) return setChecked(!follows);
              setDone(follows ? `You follow every ticket of ${membership.org.name}.` : `You no longer follow ${membership.org.name}’s tickets.`);
              onSaved();
            });
          }}
        />{' '}
        Follow every ticket of {membership.org.name}
      </label>
      <ErrorNote error={save.error} />
      <Done>{done}</Done>
    </form>
  );
}
