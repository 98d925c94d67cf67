/**
 * What every CLI command but `serve` needs: the configuration, a log on stderr (stdout belongs to
 * the command's output), the same database as the server (migrated first, under the advisory
 * lock), a core to run commands, and the operator's actor.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, resultRows, type Database } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { systemActor, type SystemActor } from '../../core/actor.ts';
import { bootstrapIfEmpty, createCore, type BootstrapResult } from '../../core/index.ts';
import type { Core } from '../../core/core.ts';
import { createLogger, Metrics, type Logger } from '../../core/observability.ts';
import { auditOrigin, loadConfig, type Config } from '../../server/config.ts';
import { AuditKeyError, loadAuditSigningKey } from '../../core/audit/signing-key.ts';
import { FatalError } from './errors.ts';
import { bootstrapNotice } from './output.ts';
import { coreCapabilities } from '../../app/capabilities.ts';


export function loadCliConfig(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    throw new FatalError((error as Error).message);
  }
}

/** The same signing key as the server's; a bad key file stops the command with one line. */
function loadCliAuditKey(config: Config, logger: Logger) {
  try {
    return loadAuditSigningKey({ file: config.AUDIT_SIGNING_KEY_FILE, dataDir: config.DATA_DIR, name: auditOrigin(config), logger }).key;
  } catch (error) {
    if (error instanceof AuditKeyError) throw new FatalError(error.message);
    throw error;
  }
}

/** Logs of CLI commands go to stderr: stdout is the command's output. */
export function stderrLogger(level: string): Logger {
  return createLogger({ level, fd: 2 });
}

export interface CliContext {
  config: Config;
  logger: Logger;
  database: Database;
  core: Core;
  /** The operator on the host; one request id per CLI invocation. */
  actor: SystemActor;
  /** How many migrations this invocation applied. */
  migrationsApplied: number;
}

/** Count of applied migrations; 0 when the bookkeeping table does not exist yet. */
export async function appliedMigrationCount(database: Database): Promise<number> {
  try {
    const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return resultRows<{ n: number }>(result)[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

/** Open, migrate, run `work`, close (also on failure). */
export async function withCli<T>(
  env: NodeJS.ProcessEnv,
  work: (ctx: CliContext) => Promise<T>,
  options: { /** Tell on stderr when migrations were applied (default true). */ reportMigrations?: boolean } = {},
): Promise<T> {
  const config = loadCliConfig(env);
  const logger = stderrLogger(config.LOG_LEVEL);
  // A named key file that is unusable stops the command before the database is opened; the default
  // one is made in DATA_DIR, once the database there is known to open.
  const namedAuditKey = config.AUDIT_SIGNING_KEY_FILE ? loadCliAuditKey(config, logger) : undefined;
  {
    const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 2 });
    try {
      const before = await appliedMigrationCount(database);
      await migrate(database);
      const migrationsApplied = (await appliedMigrationCount(database)) - before;
      if (migrationsApplied > 0 && options.reportMigrations !== false) {
        process.stderr.write(`opsdesk: applied ${migrationsApplied} pending migration(s) to ${database.where}\n`);
      }
      // Not started: the CLI neither listens to the bus nor arms timers. Timers it schedules
      // (a token's expiry) are rows that a running server's sweep picks up.
      const auditKey = namedAuditKey ?? loadCliAuditKey(config, logger);
      const core = createCore({ capabilities: await coreCapabilities(), database, logger, metrics: new Metrics(), timers: { autoArm: false }, audit: { key: auditKey } });
      await core.loadProviderOrg();
      const actor = systemActor('cli', 'cli', `cli-${randomUUID()}`);
      return await work({ config, logger, database, core, actor, migrationsApplied });
    } finally {
      await database.close().catch(() => {});
    }
  }
}

/**
 * The first command on an empty database creates the provider org and its bootstrap admin, as the
 * first `serve` would; the one-time token is told on stderr so that stdout stays the command's.
 */
export async function ensureProvider(
  ctx: CliContext,
  options: { /** false when the caller shows the token itself */ announce?: boolean } = {},
): Promise<BootstrapResult | undefined> {
  if (ctx.core.providerId) return undefined;
  const result = await bootstrapIfEmpty(ctx.core, {
    orgName: ctx.config.OPSDESK_PROVIDER_NAME,
    orgSlug: ctx.config.OPSDESK_PROVIDER_SLUG,
    adminEmail: ctx.config.OPSDESK_ADMIN_EMAIL,
  });
  if (result && options.announce !== false) process.stderr.write(bootstrapNotice(result, ctx.config));
  return result;
}
