/**
 * Another opsdesk "instance" for the delivery benchmark on PostgreSQL: its own process, its own
 * pool and core, committing `setRoles` at a fixed pace. The server learns of these events only
 * through NOTIFY and the outbox. Commit times are taken on this process's idle event loop, on
 * the machine-wide monotonic clock, and sent back over IPC.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase } from '../db/client.ts';
import { systemActor, type Role } from '../core/actor.ts';
import { setRoles } from '../core/directory/index.ts';
import { createCore } from '../core/index.ts';
import { createLogger } from '../core/observability.ts';
import { nowMs } from './stats.ts';
import { coreCapabilities } from '../app/capabilities.ts';

export interface CommitterRun {
  type: 'run';
  url: string;
  orgId: string;
  personId: string;
  events: number;
  spacingMs: number;
}

export type FromCommitter =
  | { type: 'done'; commits: Array<{ id: string; at: number; callMs: number }> }
  | { type: 'failed'; message: string };

async function run(message: CommitterRun): Promise<void> {
  const database = await openDatabase({ databaseUrl: message.url, max: 2 });
  const core = createCore({ capabilities: await coreCapabilities(), database, logger: createLogger({ level: 'silent' }), timers: { autoArm: false } });
  try {
    // The bus of an unstarted core still publishes its own commits locally, on the turn after
    // COMMIT (so after `execute` returns): each commit waits for its own event.
    let published: ((commit: { id: string; at: number }) => void) | undefined;
    core.bus.subscribe((event) => published?.({ id: String(event.id), at: nowMs() }));
    const commits: Array<{ id: string; at: number; callMs: number }> = [];
    let flipped = false;
    const started = nowMs();
    for (let k = 0; k < message.events; k++) {
      flipped = !flipped;
      const roles: Role[] = flipped ? ['contact', 'space_admin'] : ['contact'];
      const event = new Promise<{ id: string; at: number }>((resolve) => (published = resolve));
      const t0 = nowMs();
      await core.execute(setRoles, systemActor('cli', 'cli', `bench-${randomUUID()}`), {
        orgId: message.orgId,
        personId: message.personId,
        roles,
      });
      const callMs = nowMs() - t0;
      commits.push({ ...(await event), callMs });
      const wait = started + (k + 1) * message.spacingMs - nowMs();
      if (wait > 0) await sleep(wait);
    }
    process.send!({ type: 'done', commits } satisfies FromCommitter);
  } finally {
    await core.stop().catch(() => {});
    await database.close().catch(() => {});
  }
}

process.once('message', (message: CommitterRun) => {
  run(message)
    .catch((error: unknown) => process.send!({ type: 'failed', message: (error as Error).message } satisfies FromCommitter))
    .finally(() => process.disconnect?.());
});
