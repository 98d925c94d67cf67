/**
 * The signed-in person's own settings: their mobile number (for SMS pages), how each kind of message
 * reaches them, whether they follow every ticket of their client organisation, and (provider staff)
 * their paging rules. Each section saves on its own.
 */
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { MeDocument, useViewer } from '../lib/me.tsx';
import { Empty, ErrorNote, Loading, Page } from '../lib/ui.tsx';
import { Backup } from './settings/Backup.tsx';
import { FollowTickets } from './settings/FollowTickets.tsx';
import { NotificationChoices } from './settings/NotificationChoices.tsx';
import { PagingRules } from './settings/PagingRules.tsx';
import { PhoneNumber } from './settings/PhoneNumber.tsx';

const SettingsPageDocument = graphql(`
  query SettingsPage($orgId: ID!) {
    people(orgId: $orgId) {
      id
      phone
      notificationChoices {
        kind
        channels
        chosen
      }
    }
  }
`);

export default function Settings() {
  const viewer = useViewer();
  // The person as a member of one of their orgs (the provider's for staff): their phone and choices
  // are the same through every membership.
  const orgId = (viewer.provider ?? viewer.me.memberships[0])?.org.id ?? '';
  const [result, refetch] = useQuery({ query: SettingsPageDocument, variables: { orgId }, pause: !orgId });
  const self = result.data?.people.find((p) => p.id === viewer.id);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  // Who follows what is part of the viewer (their memberships): read it again after a change.
  const [, refetchMe] = useQuery({ query: MeDocument, pause: true });

  return (
    <Page title="Settings">
      {!orgId && <Empty>You belong to no organisation, so there is nothing to set here.</Empty>}
      {result.error && <ErrorNote error={result.error} retry={reload} />}
      {orgId && !result.data && !result.error && <Loading what="Loading your settings" />}
      {result.data && !self && <ErrorNote error="Your own entry was not found in your organisation. Reload the page to try again." retry={reload} />}
      {self && (
        <>
          <PhoneNumber personId={self.id} phone={self.phone ?? null} onSaved={reload} />
          <NotificationChoices personId={self.id} choices={self.notificationChoices ?? []} onSaved={reload} />
        </>
      )}
      <FollowTickets memberships={viewer.clientMemberships} onSaved={() => refetchMe({ requestPolicy: 'network-only' })} />
      {viewer.isStaff && <PagingRules />}
      {viewer.readsAudit && <Backup />}
    </Page>
  );
}
