/**
 * The Slack door's one error boundary: an `OpsdeskError` becomes a message for the person who
 * acted (only they see it); anything else becomes "something went wrong (ref …)" for them and a
 * full log line for the operator. Driver and internal text never reaches Slack.
 */
import { OpsdeskError, publicError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/observability.ts';
import { WORKSPACE_NOT_REGISTERED } from '../../../core/directory/index.ts';
import { errorText, internalErrorText, LINK_CHANNEL_ADVICE, notWelcomeText, REGISTER_WORKSPACE_ADVICE } from './blocks.ts';

export function slackErrorText(error: unknown, requestId: string, logger: Logger): string {
  const { code, message } = publicError(error);
  // A database outage or a value the database refused is told in the catalogue's words; the log has the rest.
  if (!(error instanceof OpsdeskError)) logger.error({ err: error, requestId, code }, 'Slack request failed');
  return code === 'INTERNAL' ? internalErrorText(requestId) : errorText(code, message);
}

/** Why a Slack user is not served: a refusal by policy is said politely; anything else goes through the boundary. */
export function refusalText(error: unknown, requestId: string, logger: Logger): string {
  if (error instanceof OpsdeskError && (error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')) {
    const unregistered = error.details?.refusal === WORKSPACE_NOT_REGISTERED;
    return notWelcomeText(publicError(error).message, unregistered ? REGISTER_WORKSPACE_ADVICE : LINK_CHANNEL_ADVICE);
  }
  return slackErrorText(error, requestId, logger);
}
