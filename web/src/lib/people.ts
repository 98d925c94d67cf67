import { useQuery } from 'urql';
import { graphql } from '../gql';
import { useViewer } from './me.tsx';

export const StaffDocument = graphql(`
  query Staff($orgId: ID!) {
    people(orgId: $orgId) {
      id
      name
      roles
    }
  }
`);

/** The provider's staff (members with a role), for names and assignee pickers; empty for client people. */
export function useStaff() {
  const viewer = useViewer();
  const orgId = viewer.provider?.org.id ?? '';
  const [result] = useQuery({ query: StaffDocument, variables: { orgId }, pause: !viewer.isStaff });
  const staff = (result.data?.people ?? []).filter((p) => p.roles.length > 0);
  return { staff, nameOf: (id: string | null | undefined) => (id ? (staff.find((p) => p.id === id)?.name ?? 'someone') : '—') };
}
