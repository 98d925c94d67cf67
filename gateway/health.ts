import type { Express } from 'express';
import { migrationsApplied } from '../db/migrate.ts';
import type { GatewayDeps } from './server.ts';

/** Liveness says the process answers; readiness says the database answers and is migrated. */
export function mountHealth(app: Express, { core, logger }: GatewayDeps): void {
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
      res.json({ status: 'ready', database: core.database.kind });
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
