/** The incident and maintenance pages' live updates: each incidentEvents event makes them read afresh. */
import { graphql } from '../../gql';
import { useViewer } from '../../lib/me.tsx';
import { useLive } from '../../lib/ui.tsx';

const IncidentsLiveDocument = graphql(`
  subscription IncidentsLive($orgId: ID) {
    incidentEvents(orgId: $orgId) {
      id
      type
    }
  }
`);

/** Whose incident events to follow: staff all of them; a client person their (first) org's. */
export function useIncidentsLive(onEvent: () => void) {
  const viewer = useViewer();
  const orgId = viewer.isStaff ? null : (viewer.clientMemberships[0]?.org.id ?? null);
  return useLive(IncidentsLiveDocument, { orgId }, onEvent, !viewer.isStaff && !orgId);
}
