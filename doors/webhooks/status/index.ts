/**
 * Heartbeats: `POST /hooks/heartbeat/:id` with the heartbeat's secret as a bearer token. No body is
 * read: the request itself is the beat. The answer (202, with when the next beat is due) comes once
 * the beat is committed; a wrong secret or unknown heartbeat is a 401 and nothing is written.
 */
import express, { type Request, type Response } from 'express';
import { systemActor } from '../../../core/actor.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { authenticateHeartbeat, recordHeartbeat } from '../../../core/status/index.ts';
import { tokenFrom } from '../../../server/auth.ts';
import type { Host } from '../../../server/door.ts';
import { httpErrorOf, sendHttpError } from '../../../server/http-errors.ts';
import type { WebhooksPart } from '../index.ts';

function heartbeatHooks({ core, logger }: Host): express.Router {
  const router = express.Router();
  router.post('/hooks/heartbeat/:id', async (req: Request, res: Response) => {
    try {
      const door = systemActor('webhook', 'webhook', req.requestId);
      const heartbeat = await core.read(authenticateHeartbeat, door, { heartbeatId: String(req.params.id), secret: tokenFrom(req.headers.authorization) });
      if (!heartbeat) throw new OpsdeskError('UNAUTHENTICATED', 'unknown heartbeat or wrong secret (send it as "Authorization: Bearer <secret>")');
      const outcome = await core.execute(recordHeartbeat, { ...door, name: `heartbeat ${heartbeat.name}` }, { heartbeatId: heartbeat.id });
      res.status(202).json({ heartbeat: outcome.heartbeatId, dueBy: outcome.dueBy.toISOString(), recovered: outcome.recovered });
    } catch (error) {
      sendHttpError(req, res, httpErrorOf(error, logger, { requestId: req.requestId, route: 'heartbeat webhook' }));
    }
  });
  return router;
}

/** The status capability's part of the webhooks door. */
export default { routes: heartbeatHooks } satisfies WebhooksPart;
