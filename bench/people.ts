/** People for the benchmarks: added through the directory's commands, each with an API token. */
import { randomUUID } from 'node:crypto';
import { systemActor, type PersonActor, type Role } from '../core/actor.ts';
import type { Core } from '../core/core.ts';
import { actorOfPerson, addPerson, createApiToken } from '../core/directory/index.ts';
import type { RunningOpsdesk } from '../app/start.ts';
import { TEAM } from './slack.ts';

/** The operator's actor for a bench's own setup. */
export const benchOperator = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);

/** A person with roles in an org, optionally known in Slack as `slackUser`, and their API token. */
export async function benchPerson(running: RunningOpsdesk, orgId: string, roles: Role[], slackUser?: string) {
  const added = await running.core.execute(addPerson, benchOperator(), {
    orgId,
    name: `Bench ${randomUUID().slice(0, 6)}`,
    email: `${randomUUID().slice(0, 8)}@bench.test`,
    roles,
    ...(slackUser ? { slack: { teamId: TEAM, userId: slackUser } } : {}),
  });
  const { token } = await running.core.execute(createApiToken, benchOperator(), { personId: added.id, label: 'bench' });
  return { id: added.id, token };
}

/** The actor a person acts as through `door`, as a door would build it. */
export async function benchActor(core: Core, personId: string, door: PersonActor['door'] = 'cli'): Promise<PersonActor> {
  const actor = await core.read(actorOfPerson, benchOperator(), { personId, door, requestId: `bench-${randomUUID()}` });
  if (!actor) throw new Error(`no person ${personId}`);
  return actor;
}
