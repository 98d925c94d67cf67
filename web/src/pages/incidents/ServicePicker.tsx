/** Tick the services an incident or a maintenance window is about; at least one is needed. */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { FRESH } from '../../lib/fresh.ts';
import { ErrorNote, Loading } from '../../lib/ui.tsx';

const ServiceChoicesDocument = graphql(`
  query ServiceChoices {
    services {
      id
      name
      isPublic
    }
  }
`);

export function ServicePicker({ id, value, onChange }: { id: string; value: string[]; onChange: (ids: string[]) => void }) {
  const [result] = useQuery({ query: ServiceChoicesDocument, requestPolicy: FRESH });
  const services = result.data?.services;
  return (
    <fieldset>
      <legend>Services</legend>
      {result.error && <ErrorNote error={result.error} />}
      {!services && !result.error && <Loading what="Loading the services" />}
      {services?.length === 0 && <p className="small">There are no services yet: add one under Services first.</p>}
      {services?.map((s) => (
        <label key={s.id} className="choice" htmlFor={`${id}-${s.id}`}>
          <input
            id={`${id}-${s.id}`}
            type="checkbox"
            checked={value.includes(s.id)}
            onChange={(e) => onChange(e.target.checked ? [...value, s.id] : value.filter((x) => x !== s.id))}
          />{' '}
          {s.name}
          {s.isPublic ? '' : ' (internal)'}
        </label>
      ))}
    </fieldset>
  );
}
