import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { OrgsQuery } from '../gql/graphql';

export const OrgsDocument = graphql(`
  query Orgs {
    orgs {
      id
      kind
      name
      slug
    }
  }
`);

export type OrgSummary = OrgsQuery['orgs'][number];

/** The orgs the person may see, by name (provider staff: every org). */
export function useOrgs(pause = false) {
  const [result] = useQuery({ query: OrgsDocument, pause });
  const orgs = result.data?.orgs ?? [];
  return {
    orgs,
    clientOrgs: orgs.filter((o) => o.kind === 'CLIENT'),
    nameOf: (id: string | null | undefined) => orgs.find((o) => o.id === id)?.name ?? id ?? '—',
    fetching: result.fetching,
    error: result.error,
  };
}
