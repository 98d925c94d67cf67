/** Every environment variable opsdesk reads, validated once at start (the README lists them). */
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: optional,
  DATA_DIR: z.string().default('./data'),
  NODE_ENV: z.string().default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SLACK_SIGNING_SECRET: optional,
  SLACK_BOT_TOKEN: optional,
  SLACK_APP_TOKEN: optional,
  /** The provider's own Slack workspace; defaults to the bot token's team (auth.test). */
  SLACK_PROVIDER_TEAM_ID: optional,
  /** Time between two messages the notifier posts in one channel (Slack allows about one a second). */
  SLACK_CHANNEL_PACE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /** The Slack Web API's base URL, for a proxy or a local fake; unset: Slack's own (https://slack.com/api/). */
  SLACK_API_URL: optional.pipe(z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional()),
  /** How long a Slack message that keeps failing for a passing reason (an outage) is retried, in hours. */
  SLACK_RETRY_HORIZON_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(10).max(100_000).default(2_000),
  /** Root mutation fields one GraphQL operation may carry, aliases included (each is a command, and may post to Slack). */
  GRAPHQL_MAX_MUTATIONS: z.coerce.number().int().min(1).max(100).default(10),
  /** Operations an API token (or a Slack user) may add each second, after its burst; 0 turns the limits off. */
  RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).max(100_000).default(20),
  /** Operations an API token (or a Slack user) may spend at once. */
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /**
   * The URL people open opsdesk at (scheme, host, port), e.g. https://ops.example.com. Sign in with
   * Slack sends Slack back to <PUBLIC_URL>/auth/slack/callback; unset: the address the browser used.
   */
  PUBLIC_URL: optional.pipe(z.string().url().regex(/^https?:\/\/[^/]+\/?$/, 'scheme, host and port only').optional()),
  /** Open live streams of the public status page (`GET /status/events`) this instance holds at most, all addresses together. */
  STATUS_STREAM_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Open live streams of the public status page one address may hold (a browser's tabs, an office behind one NAT). */
  STATUS_STREAM_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(20),
  /** A web console session unused for this long ends (minutes). */
  WEB_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(30 * 24 * 60).default(8 * 60),
  /** A web console session ends this long after sign-in whatever its use (minutes). */
  WEB_SESSION_LIFETIME_MINUTES: z.coerce.number().int().min(1).max(400 * 24 * 60).default(7 * 24 * 60),
  /** Sign in with Slack (OpenID Connect): the Slack app's client id and secret; unset: only token sign-in. */
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  /** Slack's OpenID Connect authorize page, for a local fake; unset: Slack's own. */
  SLACK_OIDC_AUTHORIZE_URL: optional.pipe(z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional()),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** Name and slug given to the provider org on the first start. */
  OPSDESK_PROVIDER_NAME: z.string().default('Provider'),
  OPSDESK_PROVIDER_SLUG: z.string().default('provider'),
  OPSDESK_ADMIN_EMAIL: z.string().default('admin@opsdesk.invalid'),
  /** JSON working calendar for working-time SLA targets (core/calendar); unset: the bundled Swedish one. */
  SLA_CALENDAR_FILE: optional,
  /** The largest alarm webhook body accepted (bytes); larger ones get 413. */
  ALARM_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** The largest raw mail accepted by POST /hooks/email/:source or fetched from IMAP (bytes); larger ones get 413. */
  EMAIL_WEBHOOK_MAX_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(10 * 1024 * 1024),
  /** The largest file a ticket takes, from Slack, the console or email (bytes); larger ones are refused and not stored. */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** The support address (support@desk.example); its plus addresses (support+ACME-42@...) are per-ticket reply addresses. */
  SUPPORT_ADDRESS: optional.pipe(z.string().email('must be an email address').toLowerCase().optional()),
  /** The authserv-id the receiving mail server writes in Authentication-Results; unset: every inbound mail is quarantined. */
  EMAIL_AUTHSERV_ID: optional,
  /** The inbound mailbox, imaps://user:password@host:993/INBOX (imap:// for plain text on a trusted network); unset: no polling. */
  IMAP_URL: optional.pipe(z.string().url().regex(/^imaps?:\/\//, 'must be an imap:// or imaps:// URL').optional()),
  /** Seconds between two looks into the IMAP mailbox. */
  IMAP_POLL_SECONDS: z.coerce.number().min(1).max(3600).default(60),
  /** The Ed25519 key (PKCS#8 PEM) that signs audit checkpoints; unset: DATA_DIR/audit-signing-key.pem, made on the first start. */
  AUDIT_SIGNING_KEY_FILE: optional,
  /** The checkpoints' origin line and the key's name; unset: opsdesk/<OPSDESK_PROVIDER_SLUG>/audit. */
  AUDIT_ORIGIN: optional.refine((v) => v === undefined || /^[^\s+]+$/u.test(v), 'no spaces and no "+"'),
  /** Minutes between two scheduled checkpoint rounds (each signs the chains that moved). */
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  /** Outbound email through this SMTP server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS from the start); unset: no email. */
  SMTP_URL: optional.pipe(z.string().url().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
  /** The sender of opsdesk's email, e.g. "opsdesk <ops@example.com>"; required with SMTP_URL. */
  MAIL_FROM: optional,
  /** How long an email that keeps failing for a passing reason (an SMTP outage) is retried, in hours. */
  EMAIL_RETRY_HORIZON_HOURS: z.coerce.number().positive().max(24 * 30).default(72),
  /** SMS through this provider: `twilio` or `46elks`; unset: no SMS. */
  SMS_PROVIDER: optional.pipe(z.enum(['twilio', '46elks']).optional()),
  /** Twilio: the account SID and auth token (HTTP Basic auth; the token also signs the receipts), and the sender number. */
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_FROM: optional,
  /** 46elks: the API username and password (HTTP Basic auth), and the sender (a number, or up to 11 letters). */
  ELKS_API_USERNAME: optional,
  ELKS_API_PASSWORD: optional,
  ELKS_FROM: optional,
  /** The SMS provider's API base URL, for a proxy or a local fake; unset: the provider's own. */
  SMS_API_URL: optional.pipe(z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional()),
  /** How long a page by SMS that keeps failing for a passing reason is retried, in minutes (a late page is noise). */
  SMS_RETRY_HORIZON_MINUTES: z.coerce.number().positive().max(24 * 60).default(60),
});

export type Config = z.output<typeof configSchema>;

/** Settings that only make sense together. */
const checkedSchema = configSchema.superRefine((config, ctx) => {
  const needs: Record<string, string[]> = {
    twilio: ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'],
    '46elks': ['ELKS_API_USERNAME', 'ELKS_API_PASSWORD', 'ELKS_FROM'],
  };
  for (const key of config.SMS_PROVIDER ? needs[config.SMS_PROVIDER]! : []) {
    if (!config[key as keyof Config]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `required when SMS_PROVIDER is ${config.SMS_PROVIDER}` });
  }
  if (config.SMTP_URL && !config.MAIL_FROM) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['MAIL_FROM'], message: 'required when SMTP_URL is set' });
});

export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  const parsed = checkedSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** The audit log's origin, which is also its signing key's name. */
export function auditOrigin(config: Config): string {
  return config.AUDIT_ORIGIN ?? `opsdesk/${config.OPSDESK_PROVIDER_SLUG}/audit`;
}

/** Whether outbound email is configured (SMTP_URL, with MAIL_FROM). */
export function emailEnabled(config: Config): boolean {
  return config.SMTP_URL !== undefined && config.MAIL_FROM !== undefined;
}

export type SlackMode = 'http' | 'socket' | 'off';

export function slackMode(config: Config): SlackMode {
  if (!config.SLACK_BOT_TOKEN) return 'off';
  if (config.SLACK_APP_TOKEN) return 'socket';
  return config.SLACK_SIGNING_SECRET ? 'http' : 'off';
}
