/**
 * Slack retries an event it thinks we missed (`x-slack-retry-num`), possibly to another instance,
 * and an interaction can arrive twice. The first delivery of a key claims it in the database; any
 * later one is acknowledged and dropped before identity or listeners see it.
 */
import type { AckFn, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { requestIdOf, type SlackDeps } from './context.ts';
import { describeDelivery } from './source.ts';

export function dropDuplicateDeliveries(deps: SlackDeps): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = describeDelivery(args.body)?.deliveryKey;
    if (key && !(await deps.store.deliveries.claim(key))) {
      deps.logger.info(
        { key, retryNum: args.context.retryNum, retryReason: args.context.retryReason, requestId: requestIdOf(args.context) },
        'duplicate Slack delivery ignored',
      );
      // Events were acknowledged by Bolt already; an interaction still needs its (empty) ack.
      await (args as { ack?: AckFn<void> }).ack?.();
      return;
    }
    await args.next();
  };
}
