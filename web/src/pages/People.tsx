/**
 * People of the orgs the person administers: add a person, set roles, remove; each person's API
 * tokens: create (the secret is shown once), revoke. Live through the org's events.
 */
import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { PeoplePageQuery, Role } from '../gql/graphql';
import { words } from '../lib/format.ts';
import { useViewer } from '../lib/me.tsx';
import { useOrgs } from '../lib/orgs.ts';
import { Dialog, Done, Empty, ErrorNote, LiveNote, Loading, Page, Time, useAction, useLive, useThrottled } from '../lib/ui.tsx';

const PeoplePageDocument = graphql(`
  query PeoplePage($orgId: ID!) {
    people(orgId: $orgId) {
      id
      name
      email
      roles
      emailBouncing {
        address
        since
        reason
      }
      tokens {
        id
        label
        createdAt
        expiresAt
        revokedAt
      }
    }
  }
`);

const OrgLiveDocument = graphql(`
  subscription PeopleLive($orgId: ID!) {
    events(orgId: $orgId) {
      id
      type
    }
  }
`);

const AddPersonDocument = graphql(`
  mutation AddPerson($input: AddPersonInput!) {
    addPerson(input: $input) {
      id
      name
    }
  }
`);
const SetRolesDocument = graphql(`
  mutation SetRoles($input: SetRolesInput!) {
    setRoles(input: $input) {
      id
      roles
    }
  }
`);
const RemovePersonDocument = graphql(`
  mutation RemovePerson($input: RemovePersonInput!) {
    removePerson(input: $input) {
      personId
    }
  }
`);
const CreateTokenDocument = graphql(`
  mutation CreateApiToken($input: CreateApiTokenInput!) {
    createApiToken(input: $input) {
      token
      apiToken {
        id
        label
      }
    }
  }
`);
const RevokeTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

const ClearEmailBounceDocument = graphql(`
  mutation ClearEmailBounce($personId: ID!) {
    clearEmailBounce(personId: $personId)
  }
`);

const PROVIDER_ROLES: Role[] = ['AGENT', 'ONCALL', 'ACCESS_APPROVER', 'PRODUCT_OWNER', 'ADMIN'];
const CLIENT_ROLES: Role[] = ['CONTACT', 'SPACE_ADMIN', 'SPACE_OWNER', 'CONTRACT_ADMIN', 'CONTRACT_OWNER'];

type Person = PeoplePageQuery['people'][number];

export default function People() {
  const viewer = useViewer();
  const { orgs } = useOrgs(!viewer.isProviderAdmin);
  const choices = viewer.isProviderAdmin ? orgs : viewer.clientAdminOrgs;
  const [picked, setPicked] = useState('');
  const orgId = picked || choices[0]?.id || '';
  const org = choices.find((o) => o.id === orgId);
  const roles = org?.kind === 'PROVIDER' ? PROVIDER_ROLES : CLIENT_ROLES;
  const [result, refetch] = useQuery({ query: PeoplePageDocument, variables: { orgId }, pause: !orgId });
  const reload = useThrottled(() => refetch({ requestPolicy: 'network-only' }));
  const live = useLive(OrgLiveDocument, { orgId }, reload, !orgId);

  if (!viewer.managesPeople) {
    return (
      <Page title="People">
        <Empty>People and tokens are managed by your organisation's admins. Your own session is on the Your session page.</Empty>
      </Page>
    );
  }
  return (
    <Page title="People">
      {choices.length > 1 && (
        <div className="filters">
          <div className="field">
            <label htmlFor="p-org">Organisation</label>
            <select id="p-org" value={orgId} onChange={(e) => setPicked(e.target.value)}>
              {choices.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {org && <h2>{org.name}</h2>}
      {orgId && <LiveNote states={[live]} />}
      {result.error && <ErrorNote error={result.error} retry={() => refetch({ requestPolicy: 'network-only' })} />}
      {orgId && !result.data && !result.error && <Loading what="Loading people" />}
      {result.data &&
        (result.data.people.length === 0 ? (
          <Empty>Nobody is in this organisation yet. Add the first person below.</Empty>
        ) : (
          <ul className="cards-list">
            {result.data.people.map((p) => (
              <PersonCard key={p.id} person={p} orgId={orgId} roles={roles} onChange={reload} />
            ))}
          </ul>
        ))}
      {orgId && <AddPerson orgId={orgId} roles={roles} onAdded={reload} />}
    </Page>
  );
}

function RoleBoxes({ roles, checked, idPrefix, onToggle }: { roles: Role[]; checked: Role[]; idPrefix: string; onToggle?: (role: Role, on: boolean) => void }) {
  return (
    <>
      {roles.map((r) => (
        <label key={r} className="choice" htmlFor={`${idPrefix}-${r}`}>
          <input
            id={`${idPrefix}-${r}`}
            type="checkbox"
            name="roles"
            value={r}
            {...(onToggle ? { checked: checked.includes(r), onChange: (e) => onToggle(r, e.target.checked) } : { defaultChecked: checked.includes(r) })}
          />{' '}
          {words(r)}
        </label>
      ))}
    </>
  );
}

function PersonCard({ person, orgId, roles, onChange }: { person: Person; orgId: string; roles: Role[]; onChange: () => void }) {
  const viewer = useViewer();
  const setRoles = useAction(SetRolesDocument);
  const remove = useAction(RemovePersonDocument);
  const [chosen, setChosen] = useState<Role[]>(person.roles);
  const [removing, setRemoving] = useState(false);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string>();
  const changed = chosen.length !== person.roles.length || chosen.some((r) => !person.roles.includes(r));
  const h = `person-${person.id}`;

  return (
    <li className="card" aria-labelledby={h}>
      <h3 id={h}>
        {person.name}
        {person.id === viewer.id ? ' (you)' : ''}
      </h3>
      {person.email && <p className="small">{person.email}</p>}
      {person.emailBouncing && (
        <Bouncing
          person={person}
          bounce={person.emailBouncing}
          onCleared={() => {
            setDone(`Bounce cleared: mail to ${person.name} is sent again.`);
            onChange();
          }}
        />
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void setRoles.run({ input: { orgId, personId: person.id, roles: chosen } }).then((d) => d && setDone('Roles saved.'));
        }}
      >
        <fieldset>
          <legend>Roles of {person.name}</legend>
          <RoleBoxes roles={roles} checked={chosen} idPrefix={`roles-${person.id}`} onToggle={(r, on) => setChosen((list) => (on ? [...list, r] : list.filter((x) => x !== r)))} />
        </fieldset>
        <Done>{done}</Done>
        <ErrorNote error={setRoles.error} />
        <div className="buttons">
          <button type="submit" disabled={setRoles.busy || !changed}>
            Save roles
          </button>
          <button type="button" className="danger" onClick={() => setRemoving(true)}>
            Remove
          </button>
        </div>
      </form>
      <Tokens person={person} />
      <Dialog open={removing} onClose={() => setRemoving(false)} title={`Remove ${person.name}?`}>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void remove.run({ input: { orgId, personId: person.id, reason: reason.trim() || undefined } }).then((d) => {
              if (d) {
                setRemoving(false);
                onChange();
              }
            });
          }}
        >
          <p>Their membership ends; with their last membership their tokens are revoked and their connections end. Their history keeps their name.</p>
          <label htmlFor={`rm-${person.id}`}>Reason (for the audit trail)</label>
          <input id={`rm-${person.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <ErrorNote error={remove.error} />
          <div className="buttons">
            <button type="submit" className="danger" disabled={remove.busy}>
              Remove person
            </button>
            <button type="button" onClick={() => setRemoving(false)}>
              Cancel
            </button>
          </div>
        </form>
      </Dialog>
    </li>
  );
}

/** A bouncing address: nothing is mailed to it until an admin clears it (after the mailbox was fixed). */
function Bouncing({ person, bounce, onCleared }: { person: Person; bounce: NonNullable<Person['emailBouncing']>; onCleared: () => void }) {
  const clear = useAction(ClearEmailBounceDocument);
  return (
    <div className="notice">
      <p>
        <strong>Mail bounces</strong>: {bounce.address ?? 'their address'} has refused mail since <Time value={bounce.since} />, so nothing is mailed to it. The
        receiving server said: <q>{bounce.reason}</q>
      </p>
      <button
        type="button"
        aria-label={`Clear bounce of ${person.name}`}
        disabled={clear.busy}
        onClick={() =>
          void clear.run({ personId: person.id }).then((d) => d && onCleared())
        }
      >
        {clear.busy ? 'Clearing…' : 'Clear bounce'}
      </button>
      <ErrorNote error={clear.error} />
    </div>
  );
}

function Tokens({ person }: { person: Person }) {
  const create = useAction(CreateTokenDocument);
  const revoke = useAction(RevokeTokenDocument);
  const [secret, setSecret] = useState<{ label: string; token: string }>();
  const id = `tok-${person.id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const label = String(f.get('label') ?? '').trim() || undefined;
    const expires = String(f.get('expiresAt') ?? '');
    const data = await create.run({ input: { personId: person.id, label, expiresAt: expires ? new Date(expires).toISOString() : undefined } });
    if (data) {
      form.reset();
      setSecret({ label: data.createApiToken.apiToken.label, token: data.createApiToken.token });
    }
  }

  return (
    <details>
      <summary>API tokens ({person.tokens.filter((t) => !t.revokedAt).length} active)</summary>
      {person.tokens.length === 0 ? (
        <p className="muted">No tokens.</p>
      ) : (
        <ul>
          {person.tokens.map((t) => (
            <li key={t.id}>
              <strong>{t.label}</strong>, created <Time value={t.createdAt} />
              {t.expiresAt && (
                <>
                  , expires <Time value={t.expiresAt} />
                </>
              )}
              {t.revokedAt ? (
                <>
                  {' '}
                  <span className="badge">revoked <Time value={t.revokedAt} /></span>
                </>
              ) : (
                <>
                  {' '}
                  <button type="button" className="danger" aria-label={`Revoke token ${t.label}`} disabled={revoke.busy} onClick={() => void revoke.run({ id: t.id })}>
                    Revoke
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={revoke.error} />
      {secret && (
        <div className="notice" role="status">
          <p>
            The new token <strong>{secret.label}</strong>, shown this once (only its hash is kept): copy it now.
          </p>
          <label htmlFor={`${id}-secret`}>Token secret</label>
          <input id={`${id}-secret`} readOnly value={secret.token} className="mono" onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => setSecret(undefined)}>
            I have copied it
          </button>
        </div>
      )}
      <form className="inline" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-label`}>Token label</label>
          <input id={`${id}-label`} name="label" placeholder="api" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-exp`}>Expires (optional)</label>
          <input id={`${id}-exp`} name="expiresAt" type="datetime-local" />
        </div>
        <button type="submit" disabled={create.busy}>
          Create token
        </button>
      </form>
      <ErrorNote error={create.error} />
    </details>
  );
}

function AddPerson({ orgId, roles, onAdded }: { orgId: string; roles: Role[]; onAdded: () => void }) {
  const add = useAction(AddPersonDocument);
  const [done, setDone] = useState<string>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const f = new FormData(form);
    const teamId = String(f.get('teamId') ?? '').trim();
    const userId = String(f.get('userId') ?? '').trim();
    const data = await add.run({
      input: {
        orgId,
        name: String(f.get('name') ?? '').trim(),
        email: String(f.get('email') ?? '').trim() || undefined,
        roles: f.getAll('roles').map(String) as Role[],
        ...(teamId && userId ? { slack: { teamId, userId } } : {}),
      },
    });
    if (data) {
      form.reset();
      setDone(`${data.addPerson.name} added.`);
      onAdded();
    }
  }
  return (
    <section aria-labelledby="add-h">
      <h2 id="add-h">Add a person</h2>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="ap-name">Name</label>
        <input id="ap-name" name="name" required />
        <label htmlFor="ap-email">Email</label>
        <input id="ap-email" name="email" type="email" />
        <fieldset>
          <legend>Roles</legend>
          <RoleBoxes roles={roles} checked={[]} idPrefix="ap-role" />
        </fieldset>
        <fieldset>
          <legend>Slack user (optional)</legend>
          <label htmlFor="ap-team">Slack workspace id (T…)</label>
          <input id="ap-team" name="teamId" />
          <label htmlFor="ap-user">Slack user id (U…)</label>
          <input id="ap-user" name="userId" />
        </fieldset>
        <ErrorNote error={add.error} />
        <Done>{done}</Done>
        <button type="submit" className="primary" disabled={add.busy}>
          Add person
        </button>
      </form>
    </section>
  );
}
