/** Which client orgs use a service: every one (the default, and new orgs too), or those ticked. */
import type { OrgSummary } from '../../lib/orgs.ts';

export type OrgsValue = { all: true } | { all: false; ids: string[] };

/** The value for the API: null means every client org. */
export const orgIdsOf = (value: OrgsValue): string[] | null => (value.all ? null : value.ids);

export function OrgsChoice({ id, value, onChange, clientOrgs, legend = 'Used by' }: { id: string; value: OrgsValue; onChange: (value: OrgsValue) => void; clientOrgs: OrgSummary[]; legend?: string }) {
  const ids = value.all ? [] : value.ids;
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label className="choice" htmlFor={`${id}-all`}>
        <input id={`${id}-all`} type="radio" name={`${id}-orgs`} checked={value.all} onChange={() => onChange({ all: true })} /> Every client organisation
      </label>
      <label className="choice" htmlFor={`${id}-some`}>
        <input id={`${id}-some`} type="radio" name={`${id}-orgs`} checked={!value.all} onChange={() => onChange({ all: false, ids })} /> Only these:
      </label>
      {!value.all &&
        clientOrgs.map((org) => (
          <label key={org.id} className="choice" htmlFor={`${id}-org-${org.id}`}>
            <input
              id={`${id}-org-${org.id}`}
              type="checkbox"
              checked={ids.includes(org.id)}
              onChange={(e) => onChange({ all: false, ids: e.target.checked ? [...ids, org.id] : ids.filter((x) => x !== org.id) })}
            />{' '}
            {org.name}
          </label>
        ))}
    </fieldset>
  );
}
