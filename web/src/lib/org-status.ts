/**
 * A client org's status page from GraphQL (`orgStatus`), in the shape the public page's components
 * draw (lib/status.ts), and its live source: the `orgStatusChanged` subscription says the page
 * changed, and the page reads `orgStatus` again from the network.
 */
import type { Client } from 'urql';
import { graphql } from '../gql';
import type { OrgStatusQuery } from '../gql/graphql';
import type { PublicStatus, ServiceState, StatusSource } from './status.ts';

export const OrgStatusDocument = graphql(`
  query OrgStatus($orgId: ID!) {
    orgStatus(orgId: $orgId) {
      orgId
      orgName
      generatedAt
      overall
      availabilityRule
      days
      services {
        id
        name
        description
        state
        stateLabel
        availabilityPercent
        availabilityDays {
          date
          percent
        }
        last24Hours {
          ...ResponseTimesFields
        }
        last7Days {
          ...ResponseTimesFields
        }
        last90Days {
          ...ResponseTimesFields
        }
      }
      incidents {
        id
        title
        impact
        impactLabel
        status
        statusLabel
        openedAt
        resolvedAt
        services
        updates {
          status
          statusLabel
          message
          at
        }
      }
      maintenance {
        id
        title
        description
        startsAt
        endsAt
        state
        services
      }
    }
  }
  fragment ResponseTimesFields on ResponseTimes {
    p50Ms
    p95Ms
    chart {
      starts
      p50Ms
      p95Ms
    }
  }
`);

export const OrgStatusChangedDocument = graphql(`
  subscription OrgStatusChanged($orgId: ID!) {
    orgStatusChanged(orgId: $orgId) {
      orgId
      at
    }
  }
`);

const state = (value: string) => value.toLowerCase() as ServiceState;

type Page = OrgStatusQuery['orgStatus'];

/** The GraphQL page in the public page's shape (enums in the JSON's lower case). */
export function asStatus(page: Page): PublicStatus & { orgName: string } {
  return {
    orgName: page.orgName,
    generatedAt: page.generatedAt as string,
    overall: state(page.overall),
    availabilityRule: page.availabilityRule,
    days: page.days,
    services: page.services.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      state: state(s.state),
      stateLabel: s.stateLabel,
      availability: { percent: s.availabilityPercent ?? null, days: s.availabilityDays.map((d) => ({ date: d.date, percent: d.percent ?? null })) },
      responseTimes: { last24Hours: times(s.last24Hours), last7Days: times(s.last7Days), last90Days: times(s.last90Days) },
    })),
    incidents: page.incidents.map((i) => ({
      ...i,
      impact: i.impact.toLowerCase() as PublicStatus['incidents'][number]['impact'],
      status: i.status.toLowerCase(),
      openedAt: i.openedAt as string,
      resolvedAt: (i.resolvedAt as string | null) ?? null,
      updates: i.updates.map((u) => ({ ...u, status: u.status.toLowerCase(), at: u.at as string })),
    })),
    maintenance: page.maintenance.map((w) => ({
      ...w,
      state: w.state.toLowerCase() as PublicStatus['maintenance'][number]['state'],
      startsAt: w.startsAt as string,
      endsAt: w.endsAt as string,
    })),
  };
}

type Times = { p50Ms?: number | null; p95Ms?: number | null; chart: { starts: unknown[]; p50Ms: (number | null)[]; p95Ms: (number | null)[] } };
const times = (t: Times) => ({
  p50Ms: t.p50Ms ?? null,
  p95Ms: t.p95Ms ?? null,
  points: t.chart.starts.map((start, i) => ({ start: start as string, p50Ms: t.chart.p50Ms[i] ?? null, p95Ms: t.chart.p95Ms[i] ?? null })),
});

/** The org's page through the session's client: read from the network, followed by subscription. */
export function orgStatusSource(client: Client, orgId: string): StatusSource {
  return {
    key: `org:${orgId}`,
    async load() {
      const result = await client.query(OrgStatusDocument, { orgId }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) throw new Error(result.error?.graphQLErrors[0]?.message ?? result.error?.message ?? 'no answer');
      return asStatus(result.data.orgStatus);
    },
    follow(changed) {
      const { unsubscribe } = client.subscription(OrgStatusChangedDocument, { orgId }).subscribe((result) => {
        if (result.data) changed();
      });
      return unsubscribe;
    },
  };
}
