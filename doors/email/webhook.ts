/**
 * `POST /hooks/email/:source`: raw MIME (message/rfc822, text/plain or application/octet-stream),
 * as mail services deliver inbound mail, authenticated by the source's bearer secret, size-limited
 * by EMAIL_WEBHOOK_MAX_BYTES. The answer comes once what the mail became is committed: 202 with
 * the outcome (a ticket, a comment, the quarantine, or dropped as automatic), 200 for a mail
 * already received, 400 for a message that is not mail, 413 above the limit.
 */
import express, { type Request, type Response } from 'express';
import { systemActor } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { authenticateMailSource } from '../../core/mail/index.ts';
import { tokenFrom } from '../../server/auth.ts';
import type { Host } from '../../server/door.ts';
import { HttpProblem, httpErrorOf, sendHttpError } from '../../server/http-errors.ts';
import { receiveMail } from './receive.ts';

const MIME_TYPES = ['message/rfc822', 'text/plain', 'application/octet-stream'];

export function emailWebhook(host: Host): express.Router {
  const raw = express.raw({ limit: host.config.EMAIL_WEBHOOK_MAX_BYTES, type: () => true });
  const router = express.Router();
  router.post('/hooks/email/:source', async (req: Request, res: Response) => {
    try {
      const door = systemActor('email', 'email', req.requestId);
      const source = await host.core.read(authenticateMailSource, door, { name: String(req.params.source), secret: tokenFrom(req.headers.authorization) });
      if (!source) throw new OpsdeskError('UNAUTHENTICATED', 'unknown mail source or wrong secret (send it as "Authorization: Bearer <secret>")');
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!MIME_TYPES.includes(type)) {
        throw new HttpProblem({ status: 415, error: { code: 'INVALID_INPUT', message: 'send the raw message as content-type: message/rfc822 (or text/plain, application/octet-stream)' } });
      }
      await new Promise<void>((resolve, reject) => raw(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const outcome = await receiveMail(host, body, source.name, req.requestId);
      res.status(outcome.outcome === 'duplicate' ? 200 : 202).json(outcome);
    } catch (error) {
      sendHttpError(req, res, httpErrorOf(error, host.logger, { requestId: req.requestId, route: 'email webhook' }));
    }
  });
  return router;
}
