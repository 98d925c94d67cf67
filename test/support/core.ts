/** A core on a test database, without the HTTP server, for the database and core suites. */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.ts';
import { systemActor, type PersonActor } from '../../core/actor.ts';
import { actorOfPerson } from '../../core/directory/index.ts';
import { ManualClock, type Clock } from '../../core/clock.ts';
import { bootstrapIfEmpty, createCore } from '../../core/index.ts';
import type { Core } from '../../core/core.ts';
import { providerStaffOnly } from '../../core/events/read-rules.ts';
import { createLogger } from '../../core/observability.ts';
import { ephemeralAuditSigningKey, type AuditSigningKey } from '../../core/audit/signing-key.ts';
import { coreCapabilities } from '../../app/capabilities.ts';

export async function startCore(
  database: Database,
  options: { clock?: Clock; instanceId?: string; auditKey?: AuditSigningKey; auditSchedule?: boolean } = {},
): Promise<Core> {
  const core = createCore({
    capabilities: await coreCapabilities(),
    database,
    clock: options.clock ?? new ManualClock(),
    logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    timers: { autoArm: false },
    instanceId: options.instanceId,
    audit: { key: options.auditKey ?? ephemeralAuditSigningKey(), schedule: options.auditSchedule ?? false },
  });
  await bootstrapIfEmpty(core);
  await core.start();
  return core;
}

export const operator = () => systemActor('cli', 'cli', `test-${randomUUID()}`);

/** The event types the kernel's own tests record (a capability declares its real ones), readable by provider staff. */
export function declareTestEvents(core: Core, types: string[]): void {
  const missing = types.filter((type) => !core.events.isDeclared(type));
  core.events.declare(Object.fromEntries(missing.map((type) => [type, providerStaffOnly])));
}

/** The actor a person acts as through `door` now, as a door would build it (the directory's query). */
export async function actorOf(core: Core, personId: string, door: PersonActor['door'] = 'graphql'): Promise<PersonActor> {
  const actor = await core.read(actorOfPerson, operator(), { personId, door, requestId: `test-${randomUUID()}` });
  if (!actor) throw new Error(`no person ${personId}`);
  return actor;
}
