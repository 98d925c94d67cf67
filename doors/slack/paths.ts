/** Where Slack reaches opsdesk over HTTP: the Events API, interactivity and slash commands. */
export const SLACK_EVENTS_PATH = '/slack/events';
