/**
 * The Slack door's one error boundary: an `OpsdeskError` becomes a message for the person who
 * acted (only they see it); anything else becomes "something went wrong (ref …)" for them and a
 * full log line for the operator. Driver and internal text never reaches Slack.
 */
import { OpsdeskError, publicError, type ErrorCode } from '../../../core/errors.ts';
import type { Logger } from '../../../core/observability.ts';
import { WORKSPACE_NOT_REGISTERED } from '../../../core/directory/index.ts';
import { escapeText } from './text.ts';

const LEAD_BY_CODE: Record<ErrorCode, string> = {
  UNAUTHENTICATED: 'opsdesk does not know who you are',
  FORBIDDEN: 'You may not do that',
  NOT_FOUND: 'Not found',
  INVALID_INPUT: 'That did not work',
  CONFLICT: 'That clashes with what is already there',
  INVALID_TRANSITION: 'That step is not possible now',
  RATE_LIMITED: 'Too many requests, try again in a moment',
  UNAVAILABLE: 'opsdesk cannot reach its database just now',
  INTERNAL: 'Something went wrong on our side',
};

/** An `OpsdeskError`'s public message (never driver text: callers pass `publicError`'s output). */
export function errorText(code: ErrorCode, message: string): string {
  return `${LEAD_BY_CODE[code]}: ${escapeText(message)}.`;
}

/** Anything that is not an `OpsdeskError`: the user gets a reference to quote, the operator's log the rest. */
export function internalErrorText(requestId: string): string {
  return `Something went wrong on our side (ref ${escapeText(requestId)}). Please try again, or quote the ref to the support team.`;
}

/** A Slack user opsdesk will not act for (not provider staff, not in a channel linked to their organisation). */
export const LINK_CHANNEL_ADVICE = 'If you work with us, ask your contact to link this channel to your organisation.';
export const REGISTER_WORKSPACE_ADVICE =
  'If you work with them, ask their admin (or your contact with us) to register your Slack workspace with opsdesk.';

export function notWelcomeText(reason: string, advice: string = LINK_CHANNEL_ADVICE): string {
  return `Sorry, I can't help you here: ${escapeText(reason)}. ${advice}`;
}

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

/** A modal field's error: Slack shows at most 150 characters under an input. */
export const fieldErrorText = (text: string) => text.slice(0, 150);
