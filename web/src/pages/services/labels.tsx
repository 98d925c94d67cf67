/** How a service's and a check's state read in the console (the same colours as the status page). */
import type { CheckState, ServiceState } from '../../gql/graphql';
import { words } from '../../lib/format.ts';

export function ServiceStateBadge({ state }: { state: ServiceState }) {
  return <span className={`badge service-${state.toLowerCase()}`}>{words(state)}</span>;
}

const CHECK_CLASS: Record<CheckState, string> = { UP: 'service-operational', DOWN: 'service-down', UNKNOWN: 'service-unknown' };

export function CheckStateBadge({ state }: { state: CheckState }) {
  return <span className={`badge ${CHECK_CLASS[state]}`}>{state === 'UNKNOWN' ? 'No result yet' : words(state)}</span>;
}

/** 0.99912 → "99.912 %"; null (no results) → "no results". */
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? 'no results' : `${(value * 100).toFixed(3)} %`);
