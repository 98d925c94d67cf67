import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { OpsdeskError, publicError } from '../../../core/errors.ts';
import { formatError, toSafeGraphQLError } from '../../../doors/graphql/kit/errors.ts';
import { catalogueStatusPlugin } from '../../../doors/graphql/kit/plugins.ts';

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

/** What drizzle throws: the SQL and its parameters in the message, the driver's error as its cause. */
const driverError = (cause: Record<string, unknown> = { code: 'XX000', message: 'internal error in the server' }) =>
  Object.assign(new Error('Failed query: select * from api_tokens where token_hash = $1\nparams: 9f86d081884c7d65'), { cause });

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

  it('says UNAVAILABLE for a database that cannot be reached, in whatever words the driver used', () => {
    const unreachable = [
      driverError({ code: '57P01', message: 'terminating connection due to administrator command' }),
      driverError({ code: '08006', message: 'connection failure' }),
      driverError({ code: 'CONNECTION_CLOSED', message: 'write CONNECTION_CLOSED 127.0.0.1:5432' }),
      driverError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }),
      driverError({ code: '55000', severity: 'FATAL', message: 'database "x" is not currently accepting connections' }),
      driverError({ message: 'PGlite is closed' }),
    ];
    for (const error of unreachable) {
      expect(publicError(error), String((error.cause as { message: string }).message)).toMatchObject({ code: 'UNAVAILABLE', message: expect.not.stringMatching(/select|token|params/) });
    }
  });

  it('says INVALID_INPUT for a value the database refused, without its words, and INTERNAL for the rest', () => {
    for (const code of ['22021', '22P02', '22003', '22007']) {
      expect(publicError(driverError({ code, message: 'invalid byte sequence for encoding "UTF8": 0x00' })).code, code).toBe('INVALID_INPUT');
    }
    for (const code of ['23505', '42P01', '40001', 'XX000']) expect(publicError(driverError({ code })).code, code).toBe('INTERNAL');
  });

  it('keeps a catalogued code GraphQL errors already carry, such as UNAUTHENTICATED, on both doors', () => {
    const { logger } = capturingLogger();
    const refused = new GraphQLError('invalid, expired or revoked token', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(toSafeGraphQLError(refused, logger).extensions.code).toBe('UNAUTHENTICATED');
    expect(formatError(logger)({ message: refused.message, extensions: refused.extensions }, refused).extensions?.code).toBe('UNAUTHENTICATED');
    const parseError = new GraphQLError('Syntax Error: Unexpected <EOF>.', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(toSafeGraphQLError(parseError, logger).extensions.code).toBe('INVALID_INPUT');
  });

  it('strips "Did you mean" from GraphQL\'s own messages in production only', () => {
    const { logger } = capturingLogger();
    const typo = new GraphQLError('Cannot query field "mee" on type "Query". Did you mean "me"?');
    expect(toSafeGraphQLError(typo, logger, { production: true }).message).toBe('Cannot query field "mee" on type "Query".');
    expect(toSafeGraphQLError(typo, logger, { production: false }).message).toMatch(/Did you mean "me"\?/);
  });

  it('answers RATE_LIMITED from a resolver with HTTP 429, Retry-After and extensions.retryAfter', async () => {
    const { logger } = capturingLogger();
    const apollo = new ApolloServer({
      typeDefs: 'type Query { busy: Int }',
      resolvers: { Query: { busy: () => { throw new OpsdeskError('RATE_LIMITED', 'slow down', { retryAfterSeconds: 2.5 }); } } },
      formatError: formatError(logger),
      plugins: [catalogueStatusPlugin()],
    });
    await apollo.start();
    const response = await apollo.executeOperation({ query: '{ busy }' });
    expect(response.http.status).toBe(429);
    expect(response.http.headers.get('retry-after')).toBe('3');
    const body = response.body as { kind: 'single'; singleResult: { errors?: Array<{ extensions?: Record<string, unknown> }> } };
    expect(body.singleResult.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 2.5 }, retryAfter: 2.5 });
    await apollo.stop();
  });
});
