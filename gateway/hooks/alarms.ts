/**
 * The alarm webhooks: `POST /hooks/alarms/:source` (generic JSON) and
 * `POST /hooks/alertmanager/:source` (Alertmanager v4). The source's secret comes as a bearer
 * token; the body is size-limited on these routes only. The answer comes once the alarms are
 * committed; paging happens after commit through the notifier, so Slack never slows ingest down.
 * Requests of one source that arrive while it commits are committed together (`ingest-batcher.ts`).
 */
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import { authenticateSource, type IncomingAlarm } from '../../core/alarms/index.ts';
import { systemActor } from '../../core/actor.ts';
import { parseInput } from '../../core/command.ts';
import { OpsdeskError, publicError, type ErrorCode } from '../../core/errors.ts';
import { tokenFrom } from '../auth.ts';
import type { GatewayDeps } from '../server.ts';
import { alertmanagerSchema, fromAlertmanager, fromGeneric, genericAlarmSchema } from './formats.ts';
import { IngestBatcher } from './ingest-batcher.ts';

const STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

type Format<S extends z.ZodTypeAny> = { schema: S; convert: (body: z.output<S>) => IncomingAlarm[] };

export function mountAlarmHooks(app: express.Express, deps: GatewayDeps): void {
  const { core, config, logger } = deps;
  // Any content type is read as JSON: monitoring tools are not all careful with the header.
  const json = express.json({ limit: config.ALARM_WEBHOOK_MAX_BYTES, type: () => true });
  const batcher = new IngestBatcher(core);

  const route = <S extends z.ZodTypeAny>(format: Format<S>) =>
    async (req: Request, res: Response) => {
      try {
        const source = await authenticateSource(core.database.db, String(req.params.source), tokenFrom(req.headers.authorization));
        if (!source) throw new OpsdeskError('UNAUTHENTICATED', 'unknown alarm source or wrong secret (send it as "Authorization: Bearer <secret>")');
        await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
        if (req.body === undefined) throw new OpsdeskError('INVALID_INPUT', 'the body must be a JSON object');
        const body = parseInput(format.schema, req.body);
        const actor = { ...systemActor('webhook', 'webhook', req.requestId), name: `alarm source ${source.name}` };
        const outcomes = await batcher.ingest(source.id, actor, format.convert(body));
        res.status(202).json({ alarms: outcomes });
      } catch (error) {
        answerError(res, error, req.requestId);
      }
    };

  function answerError(res: Response, error: unknown, requestId: string): void {
    const bodyError = error as { type?: string; status?: number; limit?: number };
    if (bodyError?.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'INVALID_INPUT', message: `the body is larger than the limit of ${config.ALARM_WEBHOOK_MAX_BYTES} bytes` } });
      return;
    }
    if (bodyError?.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: 'the body is not valid JSON' } });
      return;
    }
    if (typeof bodyError?.status === 'number' && bodyError.status >= 400 && bodyError.status < 500 && bodyError.type) {
      res.status(bodyError.status).json({ error: { code: 'INVALID_INPUT', message: 'the body could not be read' } });
      return;
    }
    const visible = publicError(error);
    if (visible.code === 'INTERNAL') logger.error({ err: error, requestId }, 'alarm webhook failed');
    res.status(STATUS[visible.code]).json({ error: visible });
  }

  const router = express.Router();
  router.post('/hooks/alarms/:source', route({ schema: genericAlarmSchema, convert: fromGeneric }));
  router.post('/hooks/alertmanager/:source', route({ schema: alertmanagerSchema, convert: fromAlertmanager }));
  app.use(router);
}

