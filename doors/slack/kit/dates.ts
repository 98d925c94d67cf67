/** Instants in Slack messages. */
import { formatUtc } from '../../../core/clock.ts';

/** Slack shows each reader their own local time; the fallback (clients that cannot, and the tests) reads UTC. */
export function slackTime(at: Date): string {
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${formatUtc(at)}>`;
}

export { formatUtc as utcText };
