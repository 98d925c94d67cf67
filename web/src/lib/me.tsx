/**
 * Who is signed in, and what their memberships say about which parts of the console to show.
 * For display only: the server decides every read and every action.
 */
import { createContext, useContext } from 'react';
import { graphql } from '../gql';
import type { MeQuery, Role } from '../gql/graphql';
import type { Session } from './session.ts';

export const MeDocument = graphql(`
  query Me {
    me {
      id
      name
      email
      slack {
        teamId
        userId
      }
      memberships {
        roles
        followsTickets
        org {
          id
          kind
          name
          slug
        }
      }
    }
  }
`);

export type Me = MeQuery['me'];
export type Membership = Me['memberships'][number];

const CLIENT_ADMIN: Role[] = ['SPACE_ADMIN', 'CONTRACT_ADMIN', 'CONTRACT_OWNER'];
const ANNOUNCEMENT_ROLES: Role[] = ['SPACE_ADMIN', 'SPACE_OWNER', 'CONTRACT_ADMIN', 'CONTRACT_OWNER'];

export class Viewer {
  constructor(
    readonly me: Me,
    readonly session: Session,
  ) {}

  get id(): string {
    return this.me.id;
  }
  get provider(): Membership | undefined {
    return this.me.memberships.find((m) => m.org.kind === 'PROVIDER');
  }
  /** Provider staff: a member of the provider org with at least one role. */
  get isStaff(): boolean {
    return (this.provider?.roles.length ?? 0) > 0;
  }
  get side(): 'PROVIDER' | 'CLIENT' {
    return this.isStaff ? 'PROVIDER' : 'CLIENT';
  }
  hasProviderRole(...roles: Role[]): boolean {
    return this.provider?.roles.some((r) => roles.includes(r)) ?? false;
  }
  get isProviderAdmin(): boolean {
    return this.hasProviderRole('ADMIN');
  }
  /** Client orgs where the person holds a role. */
  get clientMemberships(): Membership[] {
    return this.me.memberships.filter((m) => m.org.kind === 'CLIENT' && m.roles.length > 0);
  }
  /** Client orgs the person administers (space admin, contract admin, contract owner). */
  get clientAdminOrgs(): Membership['org'][] {
    return this.clientMemberships.filter((m) => m.roles.some((r) => CLIENT_ADMIN.includes(r))).map((m) => m.org);
  }
  isClientAdminOf(orgId: string): boolean {
    return this.clientAdminOrgs.some((o) => o.id === orgId);
  }
  get receivesAnnouncements(): boolean {
    return this.clientMemberships.some((m) => m.roles.some((r) => ANNOUNCEMENT_ROLES.includes(r)));
  }
  /** Whose people and tokens the person may manage (display only). */
  get managesPeople(): boolean {
    return this.isProviderAdmin || this.clientAdminOrgs.length > 0;
  }
  get readsAudit(): boolean {
    return this.isProviderAdmin || this.clientAdminOrgs.length > 0;
  }
  /** Whether the mail quarantine is theirs to triage: provider support staff (agents) and admins. */
  get triagesMail(): boolean {
    return this.hasProviderRole('AGENT', 'ADMIN');
  }
  /** SLA reports: provider staff (every client org) and client admins (their own). */
  get readsReports(): boolean {
    return this.isStaff || this.clientAdminOrgs.length > 0;
  }
  /** Services, their probes and heartbeats: provider staff read them, provider admins change them. */
  get managesServices(): boolean {
    return this.isProviderAdmin;
  }
  /** Declaring incidents, posting their updates and scheduling maintenance: any provider staff. */
  get managesIncidents(): boolean {
    return this.isStaff;
  }
  get seesAccess(): boolean {
    return this.isStaff || this.clientAdminOrgs.length > 0;
  }
}

export const ViewerContext = createContext<Viewer | null>(null);

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer outside the signed-in console');
  return viewer;
}
