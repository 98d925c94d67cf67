/**
 * Starting one opsdesk instance, the composition root: open the database, migrate under the
 * advisory lock, create the provider org on the first start, start a core with every capability,
 * open every door with every capability's part in it, and serve them all on the one HTTP server.
 */
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { Clock } from '../core/clock.ts';
import { bootstrapIfEmpty, createCore, type BootstrapResult } from '../core/index.ts';
import { loadCalendar } from '../core/calendar/index.ts';
import { useAttachmentLimit, useSlaCalendar } from '../core/tickets/index.ts';
import type { Core } from '../core/core.ts';
import { createLogger, Metrics, type Logger } from '../core/observability.ts';
import type { TimerServiceOptions } from '../core/timers/service.ts';
import { auditOrigin, emailEnabled, slackMode, type Config } from '../server/config.ts';
import { loadAuditSigningKey, type AuditSigningKey } from '../core/audit/signing-key.ts';
import { RateLimiter } from '../server/rate-limit.ts';
import { SessionRegistry } from '../server/sessions.ts';
import { startServer, type OpsdeskServer } from '../server/http.ts';
import type { Door, Host } from '../server/door.ts';
import { collabDoor } from '../doors/collab/index.ts';
import { graphqlDoor } from '../doors/graphql/index.ts';
import type { SlackDoorOptions } from '../doors/slack/index.ts';
import { SLACK_OFF_MESSAGE } from '../doors/slack/off.ts';
import type { EmailDoorOptions } from '../doors/email/index.ts';
import { EMAIL_OFF_MESSAGE } from '../doors/email/off.ts';
import { smsDoor, type SmsDoorOptions } from '../doors/sms/index.ts';
import { webhooksDoor } from '../doors/webhooks/index.ts';
import { webDoor } from '../doors/web/index.ts';
import { inboundEmailDoor } from '../doors/email/inbound.ts';
import { coreCapabilities, partsOf } from './capabilities.ts';

export interface StartOptions {
  config: Config;
  /** An open database (tests); otherwise opened from the config. */
  database?: Database;
  clock?: Clock;
  logger?: Logger;
  timers?: TimerServiceOptions;
  /** Options of the Slack door when Slack is configured (tests: no Web API retries, their own pace). */
  slack?: SlackDoorOptions;
  /** Options of the email door when SMTP is configured (tests: a manual clock, no background run). */
  email?: EmailDoorOptions;
  /** Options of the SMS door when SMS_PROVIDER is set (tests: a manual clock, no background run). */
  sms?: SmsDoorOptions;
  /** Doors beyond opsdesk's own, opened after them (tests, embedding). */
  extraDoors?: (host: Host) => Door[];
  port?: number;
  host?: string;
  /** The audit signing key (tests); otherwise loaded from AUDIT_SIGNING_KEY_FILE or DATA_DIR. */
  auditKey?: AuditSigningKey;
  /** Where the built web console is (tests: their own build); otherwise dist/web. */
  consoleDir?: string;
  /** Arm the scheduled checkpoints and the weekly post (default true). */
  auditSchedule?: boolean;
}

export interface RunningOpsdesk {
  core: Core;
  server: OpsdeskServer;
  /** The open doors, in the order they were mounted. */
  doors: readonly Door[];
  /** Set on the start that created the provider org: the one-time admin token. */
  bootstrap: BootstrapResult | undefined;
  /** Drain every door, stop timers and the bus, close the database it opened. */
  stop(): Promise<void>;
}

export async function startOpsdesk(options: StartOptions): Promise<RunningOpsdesk> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  // A bad calendar file stops the start here, not the first working-time SLA.
  useSlaCalendar(loadCalendar(config.SLA_CALENDAR_FILE));
  useAttachmentLimit(config.ATTACHMENT_MAX_BYTES);
  const loadAuditKey = () =>
    loadAuditSigningKey({ file: config.AUDIT_SIGNING_KEY_FILE, dataDir: config.DATA_DIR, name: auditOrigin(config), logger }).key;
  // A named key file that is unusable stops the start at once, before the database is opened.
  const namedAuditKey = options.auditKey ?? (config.AUDIT_SIGNING_KEY_FILE ? loadAuditKey() : undefined);
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }));
  try {
    // Made in DATA_DIR on the first start when no file is named; it never reaches the database.
    const auditKey = namedAuditKey ?? loadAuditKey();
    await migrate(database);
    const core = createCore({
      capabilities: await coreCapabilities(),
      database,
      clock: options.clock,
      logger,
      metrics: new Metrics({ defaultMetrics: !options.database }),
      timers: options.timers,
      audit: {
        key: auditKey,
        schedule: options.auditSchedule ?? true,
        checkpointIntervalMinutes: config.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
      },
    });
    const bootstrap = await bootstrapIfEmpty(core, {
      orgName: config.OPSDESK_PROVIDER_NAME,
      orgSlug: config.OPSDESK_PROVIDER_SLUG,
      adminEmail: config.OPSDESK_ADMIN_EMAIL,
    });
    await core.start();
    const limiter = new RateLimiter({ perSecond: config.RATE_LIMIT_PER_SECOND, burst: config.RATE_LIMIT_BURST });
    const sessions = new SessionRegistry(core, limiter, logger, config.WEB_SESSION_IDLE_MINUTES);
    sessions.start();
    const host: Host = { core, config, logger, sessions, limiter };
    const doors = await openDoors(host, options);
    const server = await startServer(host, doors, { port: options.port, host: options.host });
    let stopping: Promise<void> | undefined;
    return {
      core,
      server,
      doors,
      bootstrap,
      stop() {
        stopping ??= (async () => {
          await server.close();
          sessions.stop();
          await core.stop();
          // A database handed in (tests, embedding) belongs to the caller.
          if (!options.database) await database.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    if (!options.database) await database.close().catch(() => {});
    throw error;
  }
}

/** Every door, each with every capability's part in it; Slack and email only when they are configured. */
async function openDoors(host: Host, options: StartOptions): Promise<Door[]> {
  // Bolt is loaded only when Slack is configured: it alone takes about 0.2 s of the start.
  const slack =
    slackMode(host.config) === 'off'
      ? void host.logger.info(SLACK_OFF_MESSAGE)
      : (await import('../doors/slack/index.ts')).slackDoor(host, await partsOf('slack'), options.slack);
  // nodemailer likewise, only when SMTP is configured.
  const email = !emailEnabled(host.config)
    ? void host.logger.info(EMAIL_OFF_MESSAGE)
    : (await import('../doors/email/index.ts')).emailDoor(host, await partsOf('email'), options.email);
  const sms = smsDoor(host, await partsOf('sms'), options.sms);
  return [
    webhooksDoor(host, await partsOf('webhooks')),
    inboundEmailDoor(host),
    graphqlDoor(host, await partsOf('graphql')),
    collabDoor(host, await partsOf('collab')),
    ...(slack ? [slack] : []),
    ...(email ? [email] : []),
    ...(sms ? [sms] : []),
    ...(options.extraDoors?.(host) ?? []),
    // Last: the console answers the GET paths no other door took.
    webDoor(host, { consoleDir: options.consoleDir }),
  ];
}
