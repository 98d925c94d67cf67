import type { Express } from 'express';
import { migrationsApplied } from '../db/migrate.ts';
import type { Door, DoorReadiness, Host } from './door.ts';

/**
 * Liveness says the process answers; readiness says the database answers and is migrated. A door
 * that reports itself degraded (`Door.readiness`) makes the answer `degraded`, still 200.
 */
export function mountHealth(app: Express, { core, logger }: Host, doors: readonly Door[] = []): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await core.database.ping();
      if (!(await migrationsApplied(core.database))) {
        res.status(503).json({ status: 'unavailable', reason: 'migrations not applied' });
        return;
      }
      const degraded = (await doorReadiness(doors, logger)).filter((d) => d.status === 'degraded');
      if (degraded.length === 0) {
        res.json({ status: 'ready', database: core.database.kind });
        return;
      }
      res.json({ status: 'degraded', database: core.database.kind, degraded: Object.fromEntries(degraded.map((d) => [d.door, d.detail])) });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', core.metrics.registry.contentType);
    res.send(await core.metrics.registry.metrics());
  });
}

async function doorReadiness(doors: readonly Door[], logger: Host['logger']): Promise<Array<Extract<DoorReadiness, { status: 'degraded' }>>> {
  const answers = await Promise.all(
    doors.map(async (door) => {
      try {
        return (await door.readiness?.()) ?? undefined;
      } catch (error) {
        logger.warn({ err: error }, 'a door could not tell its readiness');
        return { door: 'unknown', status: 'degraded' as const, detail: 'could not tell its readiness' };
      }
    }),
  );
  return answers.filter((a): a is Extract<DoorReadiness, { status: 'degraded' }> => a?.status === 'degraded');
}
