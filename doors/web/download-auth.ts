/**
 * Who asks for a download (the audit export, the SLA report's CSV): the console's session with its
 * CSRF token, or a bearer token for a client's own jobs; refused with the same words everywhere, and
 * counted against the credential's rate limit. Each download reads its credential afresh (never the
 * cache of bearer tokens that GraphQL requests use): they are rare, and they carry a whole org's data.
 */
import type { Request } from 'express';
import type { PersonActor } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { authenticateRequest, limitKeyOf } from '../../server/auth.ts';
import type { Host } from '../../server/door.ts';
import { CSRF_REFUSAL } from '../../server/web-session.ts';

export async function downloadActor({ core, config, limiter }: Host, req: Request): Promise<PersonActor> {
  const outcome = await authenticateRequest(core, req, 'web', req.requestId, config.WEB_SESSION_IDLE_MINUTES);
  if ('problem' in outcome) {
    throw outcome.problem === 'csrf'
      ? new OpsdeskError('FORBIDDEN', CSRF_REFUSAL)
      : new OpsdeskError('UNAUTHENTICATED', 'authentication required: sign in, or send Authorization: Bearer <token>');
  }
  limiter.take(limitKeyOf(outcome.credential), 'this token');
  return { ...outcome.actor, requestId: req.requestId };
}
