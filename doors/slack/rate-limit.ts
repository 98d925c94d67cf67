/**
 * Rate limits for Slack users: one token bucket per Slack user (the same limiter and settings as API
 * tokens). A user who goes too fast is told so, only to them, and the delivery goes no further.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { requestIdOf, type SlackDeps } from './context.ts';
import { slackErrorText } from './kit/errors.ts';
import { refuse } from './identity.ts';
import { describeDelivery } from './source.ts';

export function rateLimitMiddleware(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const source = describeDelivery(args.body);
    if (!source?.userId || !source.userTeamId) return args.next();
    try {
      deps.limiter.take(`slack:${source.userTeamId}:${source.userId}`, 'you');
    } catch (error) {
      deps.logger.warn({ teamId: source.userTeamId, userId: source.userId }, 'a Slack user went past the rate limit');
      const text = slackErrorText(error, requestIdOf(args.context), deps.logger);
      if (source.kind === 'event' && source.channelId) {
        // A message (a thread reply that would be a comment) gets no answer of its own: say it was not taken.
        await args.client.chat
          .postEphemeral({ channel: source.channelId, user: source.userId, text: `${text} Your message was not recorded.` })
          .catch((e) => deps.logger.warn({ err: e }, 'could not tell a rate-limited Slack user'));
        return;
      }
      await refuse(deps, args, source, text);
      return;
    }
    await args.next();
  };
}
