/**
 * `opsdesk serve` (the default; `npm start`): one instance of opsdesk with every door, until a
 * signal drains it. The first start on an empty database shows the one-time admin token.
 */
import { createLogger, type Logger } from '../../core/observability.ts';
import type { BootstrapResult } from '../../core/index.ts';
import type { Config } from '../../server/config.ts';
import type { CliSession } from '../../doors/cli/kit/command.ts';
import { startOpsdesk, type RunningOpsdesk } from '../../app/start.ts';
import { parseFlags } from '../../doors/cli/kit/args.ts';
import { loadCliConfig } from './session.ts';
import { FatalError } from '../../doors/cli/kit/errors.ts';
import { AuditKeyError } from '../../core/audit/signing-key.ts';
import { bootstrapBlock, flush } from '../../doors/cli/kit/output.ts';

export const USAGE = 'opsdesk serve';

/**
 * `npm start` forwards the terminal's Ctrl-C to us while the terminal also sends it to our process
 * group: one keypress can arrive as two SIGINTs. A repeat within this window is the same request.
 */
const SAME_SIGNAL_MS = 1_000;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 };

/** Starts and resolves; the process then lives until a signal, and exits from the signal handler. */
export async function serve(args: string[], cli: CliSession): Promise<void> {
  parseFlags(args, {}, USAGE);
  const config = loadCliConfig(cli.env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  logProcessDiagnostics(logger);

  let running: RunningOpsdesk | undefined;
  let firstSignal: { signal: NodeJS.Signals; at: number } | undefined;

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping || !running) return;
    stopping = true;
    logger.info({ signal, timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'stopping: draining every door');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'the drain did not finish within SHUTDOWN_TIMEOUT_MS; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    let code = 0;
    try {
      await running!.stop();
      logger.info('stopped');
    } catch (error) {
      logger.error({ err: error }, 'stopping failed');
      code = 1;
    }
    clearTimeout(deadline);
    await flush(process.stdout);
    process.exit(code);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignal) {
      if (Date.now() - firstSignal.at < SAME_SIGNAL_MS) return;
      logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
      process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 1));
    }
    firstSignal = { signal, at: Date.now() };
    // A signal during start is served once the start has finished (or failed).
    if (running) void shutdown(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  try {
    running = await startOpsdesk({ config, logger });
  } catch (error) {
    if (error instanceof AuditKeyError) throw new FatalError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      throw new FatalError(
        `cannot listen on ${config.HOST}:${config.PORT}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'} (set PORT)`,
      );
    }
    throw error;
  }

  if (running.bootstrap) await announceBootstrap(running, running.bootstrap, config, logger);
  if (firstSignal) void shutdown(firstSignal.signal);
}

/**
 * Node's own warnings, and a crash's last words, as log lines like every other: Node would print
 * them as plain text (a stack) between the JSON lines. A crash still ends the process, with 1.
 */
function logProcessDiagnostics(logger: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => logger.warn({ err: warning }, 'node warning'));
  const crash = (what: string) => (error: unknown) => {
    logger.fatal({ err: error }, `${what}: exiting`);
    process.exit(1);
  };
  process.on('uncaughtException', crash('uncaught exception'));
  process.on('unhandledRejection', crash('unhandled promise rejection'));
}

async function announceBootstrap(opsdesk: RunningOpsdesk, bootstrap: BootstrapResult, config: Config, logger: Logger) {
  // The secret goes to the terminal only: log lines never carry secrets.
  logger.warn(
    { orgId: bootstrap.orgId, adminPersonId: bootstrap.adminPersonId, tokenId: bootstrap.tokenId },
    'first start: created the provider org and a bootstrap admin; the one-time admin token is printed on stdout',
  );
  process.stdout.write(bootstrapBlock(bootstrap, config, opsdesk.server.url));
}
