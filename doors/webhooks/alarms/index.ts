/**
 * The alarm webhooks: `POST /hooks/alarms/:source` (generic JSON) and
 * `POST /hooks/alertmanager/:source` (Alertmanager v4). The source's secret comes as a bearer
 * token; the body is size-limited on these routes only. The answer comes once the alarms are
 * committed; paging happens after commit through the notifier, so Slack never slows ingest down.
 * Requests of one source that arrive while it commits are committed together (`ingest-batcher.ts`).
 */
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import { authenticateAlarmSource, type IncomingAlarm } from '../../../core/alarms/index.ts';
import { systemActor } from '../../../core/actor.ts';
import { parseInput } from '../../../core/command.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { jsonProblem } from '../../../core/input.ts';
import { httpErrorOf, sendHttpError } from '../../../server/http-errors.ts';
import { tokenFrom } from '../../../server/auth.ts';
import type { Host } from '../../../server/door.ts';
import type { WebhooksPart } from '../index.ts';
import { alertmanagerSchema, fromAlertmanager, fromGeneric, genericAlarmSchema } from './formats.ts';
import { IngestBatcher } from './ingest-batcher.ts';

/**
 * Strings the database cannot store (NUL, lone surrogates), in values or keys, and nesting deeper
 * than `MAX_JSON_DEPTH`: refused before the schema looks, naming where they are.
 */
function refuseUnsafeJson(body: unknown): void {
  const problem = jsonProblem(body);
  if (!problem) return;
  const field = problem.path || '(body)';
  throw new OpsdeskError('INVALID_INPUT', `invalid input: ${field}: ${problem.message}`, { fields: { [field]: problem.message } });
}

type Format<S extends z.ZodTypeAny> = { schema: S; convert: (body: z.output<S>) => IncomingAlarm[] };

function alarmHooks(deps: Host): express.Router {
  const { core, config, logger } = deps;
  // Any content type is read as JSON: monitoring tools are not all careful with the header.
  const json = express.json({ limit: config.ALARM_WEBHOOK_MAX_BYTES, type: () => true });
  const batcher = new IngestBatcher(core);

  const route = <S extends z.ZodTypeAny>(format: Format<S>) =>
    async (req: Request, res: Response) => {
      try {
        // Who is sending is not known yet: the webhook door's own system actor asks which source the secret is.
        const door = systemActor('webhook', 'webhook', req.requestId);
        const source = await core.read(authenticateAlarmSource, door, { name: String(req.params.source), secret: tokenFrom(req.headers.authorization) });
        if (!source) throw new OpsdeskError('UNAUTHENTICATED', 'unknown alarm source or wrong secret (send it as "Authorization: Bearer <secret>")');
        await new Promise<void>((resolve, reject) => json(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
        if (req.body === undefined) throw new OpsdeskError('INVALID_INPUT', 'the body must be a JSON object');
        refuseUnsafeJson(req.body);
        const body = parseInput(format.schema, req.body);
        const actor = { ...door, name: `alarm source ${source.name}` };
        const outcomes = await batcher.ingest(source.id, actor, format.convert(body));
        res.status(202).json({ alarms: outcomes });
      } catch (error) {
        sendHttpError(req, res, httpErrorOf(error, logger, { requestId: req.requestId, route: 'alarm webhook' }));
      }
    };

  const router = express.Router();
  router.post('/hooks/alarms/:source', route({ schema: genericAlarmSchema, convert: fromGeneric }));
  router.post('/hooks/alertmanager/:source', route({ schema: alertmanagerSchema, convert: fromAlertmanager }));
  return router;
}

/** The alarms' part of the webhooks door. */
export default { routes: alarmHooks } satisfies WebhooksPart;

