import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OpsdeskError, publicError } from '../../core/errors.ts';
import { formatError, toSafeGraphQLError } from '../../gateway/graphql/errors.ts';

function capturingLogger() {
  const lines: Array<Record<string, any>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

/** What drizzle throws: the SQL and its parameters in the message. */
const driverError = () =>
  Object.assign(new Error('Failed query: select * from api_tokens where token_hash = $1\nparams: 9f86d081884c7d65'), {
    cause: { code: '57P01', message: 'terminating connection due to administrator command' },
  });

describe('the error boundary', () => {
  it('shows a GraphQL user "internal error" for an unexpected error, and logs the whole of it', async () => {
    const { logger, lines } = capturingLogger();
    const wrapped = new GraphQLError('Failed query', { originalError: driverError(), path: ['me'] });
    const shown = formatError(logger)({ message: wrapped.message, path: ['me'] }, wrapped);
    expect(shown).toEqual({ message: 'internal error', path: ['me'], extensions: { code: 'INTERNAL' } });
    expect(JSON.stringify(shown)).not.toMatch(/select|token_hash|params/);
    await new Promise((r) => setImmediate(r));
    expect(lines[0]?.err?.message).toMatch(/token_hash/); // the operator sees what happened
  });

  it('keeps the code and message of opsdesk\'s own errors', () => {
    const { logger } = capturingLogger();
    const own = new OpsdeskError('INVALID_TRANSITION', 'a closed ticket cannot be resolved');
    const wrapped = new GraphQLError(own.message, { originalError: own });
    expect(formatError(logger)({ message: own.message }, wrapped)).toMatchObject({
      message: 'a closed ticket cannot be resolved',
      extensions: { code: 'INVALID_TRANSITION' },
    });
    expect(toSafeGraphQLError(wrapped, logger).extensions.code).toBe('INVALID_TRANSITION');
  });

  it('masks unexpected errors on subscriptions and socket.io too', () => {
    const { logger } = capturingLogger();
    expect(toSafeGraphQLError(driverError(), logger).message).toBe('internal error');
    expect(publicError(driverError())).toEqual({ code: 'INTERNAL', message: 'internal error' });
  });
});
