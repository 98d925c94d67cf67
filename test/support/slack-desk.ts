/**
 * The one Slack test harness: the real server with its real Bolt app on a test database, msw's fake
 * of Slack's Web API that records what opsdesk sent, and signed requests in Slack's documented shapes
 * from named Slack users. A suite calls `slackDesk(backend, options)` at its top: the desk is started
 * before its tests and stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../core/clock.ts';
import type { Core } from '../../core/core.ts';
import type { Role } from '../../core/actor.ts';
import type { Logger } from '../../core/observability.ts';
import type { SlackDoor, SlackDoorOptions } from '../../doors/slack/index.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './db.ts';
import { linkSlackChannel, makePerson, slackDoorOf, startTestServer, type MadePerson, type TestServer } from './server.ts';
import {
  appHomeOpened,
  blockActions,
  fakeSlackApi,
  messageEvent,
  postSlackCommand,
  postSlackEvent,
  postSlackInteraction,
  slackEnv,
  SLACK_SIGNING_SECRET,
  slashCommand,
  viewSubmission,
  type FakeSlackApi,
  type SlackHttpResponse,
  type SlackUserRef,
} from './slack.ts';

export interface SlackDeskOptions {
  clock?: Clock;
  logger?: Logger;
  env?: Record<string, string>;
  /** Slack's Web API base (SLACK_API_URL), when a local fake serves part of it (Sign in with Slack). */
  slackApiUrl?: string;
  /** The Slack door's options; the default has no Web API retries and a notifier on a quick poll, with no pace. */
  slack?: SlackDoorOptions;
}

export interface SlackDesk {
  readonly db: TestDatabase;
  readonly server: TestServer;
  readonly core: Core;
  readonly door: SlackDoor;
  /** What opsdesk sent to Slack's Web API. */
  readonly slack: FakeSlackApi;
  /** A person of `orgId` with `roles`, known in Slack as `slackUser`. */
  person(orgId: string, roles: Role[], name: string, slackUser: SlackUserRef): Promise<MadePerson>;
  link(orgId: string, teamId: string, channelId: string, purpose?: 'client' | 'support' | 'oncall' | 'announcements'): Promise<unknown>;
  /** A button pressed by `user` on a message in `channel`, signed as Slack signs it. */
  press(user: SlackUserRef, channel: string, actionId: string, value: string): Promise<SlackHttpResponse>;
  command(user: SlackUserRef, channel: string, command: string, text?: string): Promise<SlackHttpResponse>;
  submit(user: SlackUserRef, view: Parameters<typeof viewSubmission>[1]): Promise<SlackHttpResponse>;
  message(user: SlackUserRef, channel: string, text: string, options?: Parameters<typeof messageEvent>[3]): Promise<SlackHttpResponse>;
  homeOpened(user: SlackUserRef): Promise<SlackHttpResponse>;
  /** What opsdesk told this Slack user only (ephemeral messages, answers to their presses). */
  toldOnly(userId: string): string[];
}

export async function startSlackDesk(backend: Backend, options: SlackDeskOptions = {}): Promise<SlackDesk & { stop(): Promise<void> }> {
  const slack = fakeSlackApi({ apiUrl: options.slackApiUrl });
  const db = await createTestDatabase(backend);
  const server = await startTestServer(db.database, {
    env: { ...slackEnv, ...(options.slackApiUrl ? { SLACK_API_URL: options.slackApiUrl } : {}), ...options.env },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    slack: options.slack ?? { webClientOptions: { retryConfig: { retries: 0 } }, notifier: { pollMs: 100, paceMs: 0 } },
  });
  const url = server.url;
  return {
    db,
    server,
    core: server.core,
    door: slackDoorOf(server),
    slack,
    person: (orgId, roles, name, slackUser) => makePerson(server.core, orgId, roles, { name, slack: slackUser }),
    link: (orgId, teamId, channelId, purpose) => linkSlackChannel(server.core, orgId, teamId, channelId, purpose),
    press: (user, channel, actionId, value) => postSlackInteraction(url, SLACK_SIGNING_SECRET, blockActions(user, channel, { actionId, value })),
    command: (user, channel, command, text = '') => postSlackCommand(url, SLACK_SIGNING_SECRET, slashCommand(user, channel, command, text)),
    submit: (user, view) => postSlackInteraction(url, SLACK_SIGNING_SECRET, viewSubmission(user, view)),
    message: (user, channel, text, messageOptions) => postSlackEvent(url, SLACK_SIGNING_SECRET, messageEvent(user, channel, text, messageOptions)),
    homeOpened: (user) => postSlackEvent(url, SLACK_SIGNING_SECRET, appHomeOpened(user)),
    toldOnly: (userId) => slack.toldOnly(userId),
    async stop() {
      await server.stop();
      await db.dispose();
      slack.close();
    },
  };
}

/**
 * A desk for the suite it is called in: started in `beforeAll`, stopped in `afterAll`. Read its
 * fields inside tests and hooks (they exist once the suite has started).
 */
export function slackDesk(backend: Backend, options: SlackDeskOptions | (() => SlackDeskOptions) = {}): SlackDesk {
  let desk: (SlackDesk & { stop(): Promise<void> }) | undefined;
  beforeAll(async () => {
    // Options may depend on what an earlier hook started (a fake's port): read them now.
    desk = await startSlackDesk(backend, typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    await desk?.stop();
  });
  return new Proxy({} as SlackDesk, {
    get(_target, key) {
      if (!desk) throw new Error(`the Slack desk is not started yet (read ${String(key)} inside a test or hook)`);
      return desk[key as keyof SlackDesk];
    },
  });
}
