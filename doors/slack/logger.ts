/**
 * Bolt and the Web API client log through `@slack/logger`'s interface; this sends their lines to
 * opsdesk's pino log, so an operator finds Slack's complaints (bad signatures, late acks) next to ours.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../core/observability.ts';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.DEBUG;
  const emit = (method: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]) => {
    const err = parts.find((p): p is Error => p instanceof Error);
    const message = parts.filter((p) => p !== err).map(describe).join(' ');
    if (err) logger[method]({ err }, message || err.message);
    else logger[method](message);
  };
  return {
    debug: (...parts: unknown[]) => emit('debug', parts),
    info: (...parts: unknown[]) => emit('info', parts),
    warn: (...parts: unknown[]) => emit('warn', parts),
    error: (...parts: unknown[]) => emit('error', parts),
    // pino's own level decides what is written; Bolt only asks.
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function describe(part: unknown): string {
  if (typeof part === 'string') return part;
  try {
    return JSON.stringify(part);
  } catch {
    return String(part);
  }
}
