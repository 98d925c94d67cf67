/**
 * What the command line's commands run with: the configuration, a log on stderr (stdout belongs to
 * the command's output), the same database as the server (migrated first, under the advisory lock),
 * a core with every capability on it, and the operator's actor. The commands (doors/cli) never open
 * the database themselves: they ask the session for a core, for as long as they need one.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, resultRows, type Database } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { systemActor } from '../../core/actor.ts';
import { createCore } from '../../core/index.ts';
import { createLogger, Metrics, type Logger } from '../../core/observability.ts';
import { auditOrigin, loadConfig, type Config } from '../../server/config.ts';
import { AuditKeyError, loadAuditSigningKey } from '../../core/audit/signing-key.ts';
import { FatalError } from '../../doors/cli/kit/errors.ts';
import type { CliContext, CliSession } from '../../doors/cli/kit/command.ts';
import { coreCapabilities } from '../capabilities.ts';

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

/** Count of applied migrations; 0 when the bookkeeping table does not exist yet. */
export async function appliedMigrationCount(database: Database): Promise<number> {
  try {
    const result = await database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    return resultRows<{ n: number }>(result)[0]?.n ?? 0;
  } catch {
    return 0;
  }
}

export interface OpenedDatabase {
  database: Database;
  /** How many migrations this invocation applied. */
  migrationsApplied: number;
}

/** Open the database, migrate, run `work`, close (also on failure). */
export async function withDatabase<T>(
  config: Config,
  work: (opened: OpenedDatabase) => Promise<T>,
  options: { /** Tell on stderr when migrations were applied (default true). */ reportMigrations?: boolean } = {},
): Promise<T> {
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 2 });
  try {
    const before = await appliedMigrationCount(database);
    await migrate(database);
    const migrationsApplied = (await appliedMigrationCount(database)) - before;
    if (migrationsApplied > 0 && options.reportMigrations !== false) {
      process.stderr.write(`opsdesk: applied ${migrationsApplied} pending migration(s) to ${database.where}\n`);
    }
    return await work({ database, migrationsApplied });
  } finally {
    await database.close().catch(() => {});
  }
}

export function cliSession(env: NodeJS.ProcessEnv): CliSession {
  return {
    env,
    async withCore<T>(work: (ctx: CliContext) => Promise<T>): Promise<T> {
      const config = loadCliConfig(env);
      const logger = stderrLogger(config.LOG_LEVEL);
      // A named key file that is unusable stops the command before the database is opened; the default
      // one is made in DATA_DIR, once the database there is known to open.
      const namedAuditKey = config.AUDIT_SIGNING_KEY_FILE ? loadCliAuditKey(config, logger) : undefined;
      return withDatabase(config, async ({ database }) => {
        // Not started: the CLI neither listens to the bus nor arms timers. Timers it schedules (a
        // token's expiry) are rows that a running server's sweep picks up.
        const auditKey = namedAuditKey ?? loadCliAuditKey(config, logger);
        const capabilities = await coreCapabilities();
        const core = createCore({ capabilities, database, logger, metrics: new Metrics(), timers: { autoArm: false }, audit: { key: auditKey } });
        await core.loadProviderOrg();
        return work({ config, logger, core, actor: systemActor('cli', 'cli', `cli-${randomUUID()}`) });
      });
    },
  };
}
