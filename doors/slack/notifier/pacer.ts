/**
 * Slack's pace: about one `chat.postMessage` per second per channel. The pacer remembers, per lane
 * (a channel, or one person's App Home), when the next message may go. In memory on purpose: only
 * the leading instance sends, and after a change of leader one early message is harmless (Slack
 * then answers `rate_limited` with a delay, which the notifier honours).
 */
export class ChannelPacer {
  private readonly nextAt = new Map<string, number>();

  constructor(private readonly spacingMs: number) {}

  /** When the lane may send next (ms since the epoch); 0 when it may send now. */
  readyAt(lane: string): number {
    return this.nextAt.get(lane) ?? 0;
  }

  /** Record a send at `nowMs`; App Home publishes are not channel messages and are not paced. */
  sent(lane: string, nowMs: number): void {
    if (lane.startsWith('home:') || this.spacingMs === 0) return;
    this.nextAt.set(lane, nowMs + this.spacingMs);
  }

  /** Hold a lane back until `untilMs` (Slack said to wait). */
  holdUntil(lane: string, untilMs: number): void {
    this.nextAt.set(lane, Math.max(this.readyAt(lane), untilMs));
  }

  /** Forget lanes that are ready anyway, so the map does not grow with every channel ever used. */
  forgetReady(nowMs: number): void {
    for (const [lane, at] of this.nextAt) if (at <= nowMs) this.nextAt.delete(lane);
  }
}
