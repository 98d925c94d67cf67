/**
 * Message building blocks every Slack listener shares: replies only the caller sees, and the words
 * for errors and refusals. Listeners never write user-facing text themselves.
 */
import type { types } from '@slack/bolt';
import type { ErrorCode } from '../../../core/errors.ts';

type KnownBlock = types.KnownBlock;

/** What a slash command's `ack`/`respond` or `chat.postEphemeral` takes. */
export interface SlackReply {
  response_type?: 'ephemeral' | 'in_channel';
  text: string;
  blocks?: KnownBlock[];
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters: names from users must not inject links or mentions. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: markdown } };
}

/** A button whose value is the id of what it acts on; pressing it runs the listener for `actionId`. */
export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return {
    type: 'button' as const,
    text: { type: 'plain_text' as const, text },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

export function ephemeral(text: string, blocks?: KnownBlock[]): SlackReply {
  return { response_type: 'ephemeral', text, ...(blocks ? { blocks } : {}) };
}

export function inChannel(text: string, blocks?: KnownBlock[]): SlackReply {
  return { response_type: 'in_channel', text, ...(blocks ? { blocks } : {}) };
}

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
