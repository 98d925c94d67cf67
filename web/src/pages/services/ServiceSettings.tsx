/** A service's name, description, public flag and the orgs that use it: read by staff, changed by provider admins. */
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import type { ServicePageQuery } from '../../gql/graphql';
import type { OrgSummary } from '../../lib/orgs.ts';
import { ErrorNote, useAction } from '../../lib/ui.tsx';
import { OrgsChoice, orgIdsOf, type OrgsValue } from './OrgsChoice.tsx';

const UpdateServiceDocument = graphql(`
  mutation UpdateService($input: UpdateServiceInput!) {
    updateService(input: $input) {
      id
    }
  }
`);

const SetServiceOrgsDocument = graphql(`
  mutation SetServiceOrgs($id: ID!, $orgIds: [ID!]) {
    setServiceOrgs(serviceId: $id, orgIds: $orgIds) {
      id
    }
  }
`);

type Service = ServicePageQuery['service'];

export function ServiceSettings({ service, clientOrgs, manage, onDone }: { service: Service; clientOrgs: OrgSummary[]; manage: boolean; onDone: (what: string) => void }) {
  const update = useAction(UpdateServiceDocument);
  const setOrgs = useAction(SetServiceOrgsDocument);
  const [orgs, setOrgsValue] = useState<OrgsValue>(service.allOrgs ? { all: true } : { all: false, ids: service.orgIds });
  const nameOf = (id: string) => clientOrgs.find((o) => o.id === id)?.name ?? id;

  if (!manage) {
    return (
      <section aria-labelledby="svc-orgs">
        <h2 id="svc-orgs">Used by</h2>
        <p>{service.allOrgs ? 'Every client organisation.' : service.orgIds.map(nameOf).join(', ') || 'No client organisation yet.'}</p>
      </section>
    );
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data = await update.run({
      input: { serviceId: service.id, name: String(form.get('name')).trim(), description: String(form.get('description')).trim(), isPublic: form.get('isPublic') === 'on' },
    });
    if (data) onDone('Service saved.');
  }

  async function saveOrgs(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!orgs.all && orgs.ids.length === 0) return;
    const data = await setOrgs.run({ id: service.id, orgIds: orgIdsOf(orgs) });
    if (data) onDone('Who uses the service saved.');
  }

  return (
    <div className="ticket-grid">
      <section aria-labelledby="svc-settings">
        <h2 id="svc-settings">Settings</h2>
        <form className="stack" onSubmit={save} aria-busy={update.busy}>
          <label htmlFor="svc-edit-name">Name</label>
          <input id="svc-edit-name" name="name" defaultValue={service.name} required maxLength={100} />
          <label htmlFor="svc-edit-description">Description</label>
          <input id="svc-edit-description" name="description" defaultValue={service.description} maxLength={500} />
          <label className="choice" htmlFor="svc-edit-public">
            <input id="svc-edit-public" name="isPublic" type="checkbox" defaultChecked={service.isPublic} /> Public: shown on the status page to everyone
          </label>
          <ErrorNote error={update.error} />
          <button type="submit" disabled={update.busy}>
            {update.busy ? 'Saving…' : 'Save settings'}
          </button>
        </form>
      </section>
      <section aria-labelledby="svc-orgs">
        <h2 id="svc-orgs">Used by</h2>
        <form className="stack" onSubmit={saveOrgs} aria-busy={setOrgs.busy}>
          <OrgsChoice id="svc-edit" value={orgs} onChange={setOrgsValue} clientOrgs={clientOrgs} legend="Client organisations" />
          {!orgs.all && orgs.ids.length === 0 && <p className="hint">Tick at least one organisation, or choose every one.</p>}
          <ErrorNote error={setOrgs.error} />
          <button type="submit" disabled={setOrgs.busy || (!orgs.all && orgs.ids.length === 0)}>
            {setOrgs.busy ? 'Saving…' : 'Save who uses it'}
          </button>
        </form>
      </section>
    </div>
  );
}
