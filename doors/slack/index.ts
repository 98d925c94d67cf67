/**
 * The Slack door. `POST /slack/events` on the host's one HTTP server serves the Events API,
 * interactivity and slash commands (Bolt's `ExpressReceiver` on the host's express app), or,
 * with `SLACK_APP_TOKEN`, the same listeners run over Socket Mode.
 *
 * An HTTP delivery signed more than five minutes in the future is refused before Bolt sees it
 * (Bolt only refuses old ones). Every delivery passes, in order: a count of deliveries in progress
 * (for a draining stop); a request id; the deduplication of retries; the rate limit of the Slack
 * user; the identity middleware (who is acting, or a polite refusal); then the listeners of each
 * capability.
 */
import { randomUUID } from 'node:crypto';
import { App, ExpressReceiver, type AnyMiddlewareArgs, type Middleware } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import express from 'express';
import { slackMode } from '../../server/config.ts';
import type { Host, Door } from '../../server/door.ts';
import { registerAppHome, type HomeSection } from './home.ts';
import { registerButtons, type SlackButton } from './kit/buttons.ts';
import type { SlackDeps } from './context.ts';
import { dropDuplicateDeliveries } from './deliveries.ts';
import { refuseFutureSlackRequests } from './freshness.ts';
import { DeliveriesInProgress } from './drain.ts';
import { identityMiddleware } from './identity.ts';
import { rateLimitMiddleware } from './rate-limit.ts';
import { SlackNotifier, type NotifierOptions } from './notifier/index.ts';
import type { NotifierRule } from './notifier/types.ts';
import { boltLogger } from './logger.ts';
import { SlackWorkspace } from './workspace.ts';
import { SlackStore } from './store/index.ts';
import { SLACK_OFF_MESSAGE } from './off.ts';
import { SLACK_EVENTS_PATH } from './paths.ts';
import type { ShortcutSpec, SlashCommandSpec } from './manifest.ts';

const PRUNE_EVERY_MS = 3_600_000;

export { SLACK_EVENTS_PATH };

/** A capability's listeners: registered on the Bolt app after opsdesk's middleware. */
export type SlackListeners = (app: App, deps: SlackDeps) => void;

/**
 * A capability's part of the Slack door: its listeners (commands, buttons, modals), the rule that
 * says what Slack shows after each of its events, and its section of App Home.
 */
export interface SlackPart {
  readonly listeners?: SlackListeners;
  /** Its buttons, run by the one runner (kit/buttons.ts). */
  readonly buttons?: readonly SlackButton[];
  readonly notifierRule?: NotifierRule;
  readonly homeSection?: HomeSection;
  /** What the Slack app's manifest must say for the listeners to be reached (manifest.ts). */
  readonly manifest?: { readonly slashCommands?: readonly SlashCommandSpec[]; readonly shortcuts?: readonly ShortcutSpec[] };
}

export interface SlackDoorOptions {
  /** Merged over the defaults below (tests pass `{ retryConfig: { retries: 0 } }`). */
  webClientOptions?: WebClientOptions;
  /** Listeners beyond the built-in ones. */
  listeners?: SlackListeners[];
  /** The notifier's rules, pace and running mode, when not the defaults (tests). */
  notifier?: Partial<Pick<NotifierOptions, 'rules' | 'homeSections' | 'paceMs' | 'pollMs' | 'autoRun' | 'clock' | 'retryHorizonMs'>>;
}

export interface SlackDoor extends Door {
  readonly app: App;
  /** A Web API client with the bot token, for posting outside a delivery (the notifier). */
  readonly client: WebClient;
  readonly workspace: SlackWorkspace;
  readonly notifier: SlackNotifier;
}

/**
 * A few quick retries: a follow-up post that is minutes late is worse than one that failed and was
 * logged. (The Web API client's default retries for about 30 minutes.)
 */
const SHORT_RETRIES = { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true };

export { SLACK_OFF_MESSAGE };

/** The Slack door, with its Bolt app, Web API client, workspace and notifier; undefined (and one log line) when Slack is not configured. */
export function slackDoor(deps: Host, parts: readonly SlackPart[], options: SlackDoorOptions = {}): SlackDoor | undefined {
  const { config } = deps;
  const mode = slackMode(config);
  if (mode === 'off') {
    deps.logger.info(SLACK_OFF_MESSAGE);
    return undefined;
  }
  const botToken = config.SLACK_BOT_TOKEN!;
  const logger = deps.logger.child({ door: 'slack' });
  const slackLog = boltLogger(logger);
  const clientOptions: WebClientOptions = {
    retryConfig: SHORT_RETRIES,
    timeout: 10_000,
    // Looked up at call time, not construction time, so a fetch patched later (msw in tests) is used.
    fetch: (url, init) => globalThis.fetch(url, init as RequestInit),
    logger: slackLog,
    // Both clients (Bolt's and the notifier's) go to the same base: a proxy, or a fake in end-to-end checks.
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    ...options.webClientOptions,
  };
  const client = new WebClient(botToken, clientOptions);
  const workspace = new SlackWorkspace(client, botToken, config.SLACK_PROVIDER_TEAM_ID, logger);
  // The door's own tables; everything else goes through the core.
  const store = new SlackStore(deps.core.database.db);
  const slackDeps: SlackDeps = { ...deps, logger, workspace, store };

  const receiver =
    mode === 'http'
      ? new ExpressReceiver({
          signingSecret: config.SLACK_SIGNING_SECRET!,
          endpoints: SLACK_EVENTS_PATH,
          logger: slackLog,
          // Our own router, mounted on the host's app in `mount`; the receiver's default express app stays unused.
          router: express.Router(),
          customPropertiesExtractor: (req) => ({ requestId: req.requestId }),
        })
      : undefined;
  const app = new App({
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.SLACK_APP_TOKEN! }),
    // One workspace, one bot token: no auth.test per delivery (Bolt's `token` option would run one
    // at construction, or per delivery with verification off).
    authorize: async () => workspace.authorization(),
    clientOptions,
    logger: slackLog,
    extendedErrorHandler: true,
  });
  // Extended handler (Bolt's `extendedErrorHandler`): it gets the context, hence the request id.
  app.error(async ({ error, context }: { error: Error; context?: Record<string, unknown> }) => {
    logger.error({ err: error, requestId: context?.requestId }, 'unhandled error in the Slack door');
  });
  const homeSections = parts.flatMap((part) => (part.homeSection ? [part.homeSection] : []));
  const notifier = new SlackNotifier(deps, {
    rules: parts.flatMap((part) => (part.notifierRule ? [part.notifierRule] : [])),
    homeSections,
    // Its own client: the notifier retries durably itself and waits out rate limits as Slack says.
    client: new WebClient(botToken, { ...clientOptions, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
    workspace,
    store,
    paceMs: config.SLACK_CHANNEL_PACE_MS,
    retryHorizonMs: config.SLACK_RETRY_HORIZON_HOURS * 3_600_000,
    ...options.notifier,
  });
  const inProgress = new DeliveriesInProgress();
  let pruning: NodeJS.Timeout | undefined;
  app.use(inProgress.track);
  app.use(assignRequestId);
  app.use(dropDuplicateDeliveries(slackDeps));
  app.use(rateLimitMiddleware(slackDeps));
  app.use(identityMiddleware(slackDeps));
  registerAppHome(app, slackDeps, options.notifier?.homeSections ?? homeSections);
  registerButtons(app, slackDeps, parts.flatMap((part) => part.buttons ?? []));
  for (const part of parts) part.listeners?.(app, slackDeps);
  for (const register of options.listeners ?? []) register(app, slackDeps);

  return {
    name: 'slack',
    app,
    client,
    workspace,
    notifier,
    mount(host) {
      if (!receiver) return;
      host.post(SLACK_EVENTS_PATH, refuseFutureSlackRequests(logger));
      host.use(receiver.router);
    },
    async readiness() {
      const late = await notifier.latePages();
      return late === 0
        ? { door: 'slack', status: 'ok' }
        : { door: 'slack', status: 'degraded', detail: `${late} alarm page${late === 1 ? '' : 's'} waiting more than 60 s for Slack` };
    },
    async start() {
      // Not awaited: Slack being slow must not delay the server; deliveries that need the team wait for it.
      if (!workspace.teamKnown) void workspace.identify();
      if (mode === 'socket') await app.start();
      await notifier.start();
      pruning = setInterval(() => {
        store.deliveries.prune(deps.core.clock.now()).catch((error: unknown) =>
          logger.warn({ err: error }, 'pruning old Slack delivery keys failed'),
        );
      }, PRUNE_EVERY_MS);
      pruning.unref();
      logger.info({ mode, providerTeamId: config.SLACK_PROVIDER_TEAM_ID ?? '(from auth.test)' }, 'Slack door open');
    },
    async stop() {
      if (pruning) clearInterval(pruning);
      await notifier.stop();
      if (mode === 'socket') await app.stop();
      if (!(await inProgress.settled(config.SHUTDOWN_TIMEOUT_MS))) {
        logger.warn('Slack deliveries still in progress at shutdown');
      }
    },
  };
}

/** HTTP deliveries carry the host's request id; Socket Mode deliveries get a fresh one. */
const assignRequestId: Middleware<AnyMiddlewareArgs> = async ({ context, next }) => {
  context.requestId ??= randomUUID();
  await next();
};
