/**
 * A client org's status page, for signed-in people (`/org-status`): the public page's content over the
 * services the org sees (public ones and its own), updated live through `orgStatusChanged`. A client
 * person sees their org's (choosing when they belong to several); provider staff pick a client org.
 */
import { useMemo, useState } from 'react';
import { useClient } from 'urql';
import { orgStatusSource } from '../lib/org-status.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { useStatusFeed } from '../lib/status.ts';
import { Empty, Loading, Page } from '../lib/ui.tsx';
import { StatusBody } from './status/StatusBody.tsx';

function OrgPage({ orgId }: { orgId: string }) {
  const client = useClient();
  const source = useMemo(() => orgStatusSource(client, orgId), [client, orgId]);
  const feed = useStatusFeed(source);
  return <StatusBody feed={feed} noServices="This organisation uses no listed service yet." />;
}

export default function OrgStatus() {
  const viewer = useViewer();
  const { clientOrgs, fetching } = useOrgs(!viewer.isStaff);
  const choices = viewer.isStaff ? clientOrgs : viewer.clientMemberships.map((m) => m.org);
  const [orgId, setOrgId] = useState('');
  const chosen = orgId || choices[0]?.id || '';
  const name = choices.find((o) => o.id === chosen)?.name;
  return (
    <Page title={name ? `Service status for ${name}` : 'Service status for your organisation'}>
      {choices.length > 1 && (
        <form className="filters" aria-label="Choose the organisation" onSubmit={(e) => e.preventDefault()}>
          <div>
            <label htmlFor="os-org">Organisation</label>
            <select id="os-org" value={chosen} onChange={(e) => setOrgId(e.target.value)}>
              {choices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        </form>
      )}
      {chosen ? (
        <OrgPage key={chosen} orgId={chosen} />
      ) : fetching ? (
        <Loading what="Loading the organisations" />
      ) : (
        <Empty>There is no client organisation whose status to show.</Empty>
      )}
    </Page>
  );
}
