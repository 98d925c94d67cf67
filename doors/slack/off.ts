/** The line `serve` logs when Slack is not configured; its own file, so saying it does not load Bolt. */
export const SLACK_OFF_MESSAGE =
  'Slack is off (set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, or SLACK_APP_TOKEN for Socket Mode)';
