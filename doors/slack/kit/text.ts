/** Text for Slack's mrkdwn: what people typed, made safe, and kept within Slack's limits. */

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters: names from users must not inject links or mentions. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A section's text holds 3000 characters; longer text is cut with an ellipsis. */
export function clip(text: string, max = 2900): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** "1 person", "3 people": `many` defaults to `one` + "s". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
