/**
 * One opsdesk instance of the scale-out bench, in a process of its own: the whole server
 * (`startOpsdesk`, every door) over the shared PostgreSQL database, as `opsdesk serve` would run it
 * on another machine. Forked through bin/run-ts.mjs and driven over IPC: `start` → `ready` with its
 * URL; `stop` → it drains its doors and exits.
 */
import { openDatabase } from '../db/client.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { startOpsdesk } from '../app/start.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { benchAuditKey } from './audit-key.ts';

export type ToInstance = { type: 'start'; databaseUrl: string; poolSize: number } | { type: 'stop' };
export type FromInstance = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { type: 'stopped' };

const start = await new Promise<Extract<ToInstance, { type: 'start' }>>((resolve) =>
  process.once('message', (message: ToInstance) => message.type === 'start' && resolve(message)),
);
try {
  const database = await openDatabase({ databaseUrl: start.databaseUrl, max: start.poolSize });
  const running = await startOpsdesk({
    config: loadConfig({ ...BENCH_SERVER_ENV }),
    database,
    logger: createLogger({ level: 'silent' }),
    ...benchAuditKey(),
  });
  process.on('message', (message: ToInstance) => {
    if (message.type !== 'stop') return;
    void running
      .stop()
      .catch(() => {})
      .then(() => database.close().catch(() => {}))
      .finally(() => process.send!({ type: 'stopped' } satisfies FromInstance, () => process.exit(0)));
  });
  process.send!({ type: 'ready', url: running.server.url } satisfies FromInstance);
} catch (error) {
  process.send!({ type: 'failed', message: (error as Error).message } satisfies FromInstance, () => process.exit(1));
}
