/**
 * Bolt acknowledges an event before its listeners run, so closing the HTTP server does not wait
 * for them. This counts deliveries in progress, so that stopping the door lets them finish their
 * core commands before the database closes.
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

export class DeliveriesInProgress {
  private count = 0;
  private idle: Array<() => void> = [];

  /** The first global middleware: counts a delivery until every middleware and listener has returned. */
  readonly track: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    this.count++;
    try {
      await next();
    } finally {
      if (--this.count === 0) this.idle.splice(0).forEach((resolve) => resolve());
    }
  };

  /** Resolves when nothing is in progress, or after `timeoutMs` (a stuck listener must not block shutdown). */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<boolean>((resolve) => this.idle.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([done, late]);
    clearTimeout(timer);
    return result;
  }
}
