/**
 * The provider's services, for provider staff: each one's state, whether it is public, which client
 * orgs use it. Provider admins add one here; the rest (orgs, alarm matches, probes, heartbeats,
 * archiving) is on the service's own page.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link, useLocation } from 'wouter';
import { graphql } from '../gql';
import { FRESH } from '../lib/fresh.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Dialog, Empty, ErrorNote, Loading, Page, useAction } from '../lib/ui.tsx';
import { OrgsChoice, orgIdsOf, type OrgsValue } from './services/OrgsChoice.tsx';
import { ServiceStateBadge } from './services/labels.tsx';

const ServicesPageDocument = graphql(`
  query ServicesPage {
    services {
      id
      name
      description
      isPublic
      allOrgs
      orgIds
      state
    }
  }
`);

const CreateServiceDocument = graphql(`
  mutation CreateService($input: CreateServiceInput!) {
    createService(input: $input) {
      id
      name
    }
  }
`);

export default function Services() {
  const viewer = useViewer();
  const [result, refetch] = useQuery({ query: ServicesPageDocument, pause: !viewer.isStaff, requestPolicy: FRESH });
  const { nameOf } = useOrgs(!viewer.isStaff);

  if (!viewer.isStaff) {
    return (
      <Page title="Services">
        <Empty>
          Services are managed by the provider's staff. See the <Link href="/status">status page</Link> for how they are doing.
        </Empty>
      </Page>
    );
  }
  const services = result.data?.services;
  return (
    <Page title="Services" aside={viewer.managesServices && <NewService />}>
      <p className="hint">What the service is made of, and whether each part is up. Open a service for its probes, heartbeats and availability.</p>
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {!services && !result.error && <Loading what="Loading the services" />}
      {services &&
        (services.length === 0 ? (
          <Empty>No services yet.</Empty>
        ) : (
          <div className="scroll">
            <table className="cards">
              <caption className="sr-only">Services, by name</caption>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">State</th>
                  <th scope="col">Shown</th>
                  <th scope="col">Used by</th>
                </tr>
              </thead>
              <tbody>
                {services.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link href={`/services/${s.id}`}>{s.name}</Link>
                      {s.description && <div className="small">{s.description}</div>}
                    </th>
                    <td data-label="State">
                      <ServiceStateBadge state={s.state} />
                    </td>
                    <td data-label="Shown">{s.isPublic ? 'Public' : 'Internal'}</td>
                    <td data-label="Used by">{s.allOrgs ? 'Every client' : s.orgIds.map(nameOf).join(', ') || 'Nobody yet'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </Page>
  );
}

/** Provider admins: a new service; its page opens once it exists. */
function NewService() {
  const { clientOrgs } = useOrgs();
  const create = useAction(CreateServiceDocument);
  const [, navigate] = useLocation();
  const [open, setOpen] = useState(false);
  const [orgs, setOrgs] = useState<OrgsValue>({ all: true });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data = await create.run({
      input: {
        name: String(form.get('name')).trim(),
        description: String(form.get('description')).trim(),
        isPublic: form.get('isPublic') === 'on',
        orgIds: orgIdsOf(orgs),
      },
    });
    if (data) navigate(`/services/${data.createService.id}`);
  }

  return (
    <>
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        New service
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="New service">
        <form className="stack" onSubmit={submit} aria-busy={create.busy}>
          <label htmlFor="svc-name">Name</label>
          <input id="svc-name" name="name" required maxLength={100} />
          <label htmlFor="svc-description">Description</label>
          <input id="svc-description" name="description" maxLength={500} />
          <label className="choice" htmlFor="svc-public">
            <input id="svc-public" name="isPublic" type="checkbox" /> Public: shown on the status page to everyone
          </label>
          <OrgsChoice id="svc-new" value={orgs} onChange={setOrgs} clientOrgs={clientOrgs} />
          <ErrorNote error={create.error} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={create.busy}>
              {create.busy ? 'Creating…' : 'Create service'}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
