/**
 * Apollo plugins of the HTTP door that carry the error boundary: the input edge and the cost check
 * before execution (refusals answer 400), the HTTP status of catalogued codes that are about the
 * request as a whole (RATE_LIMITED 429 with Retry-After, UNAVAILABLE 503), and Apollo's own log
 * lines through pino.
 */
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { retryAfterSeconds } from '../../../core/errors.ts';
import type { Logger } from '../../../core/observability.ts';
import { asClientError, publicErrorOfThrown } from './errors.ts';
import { checkOperation } from './limits.ts';

export function operationChecksPlugin(schema: GraphQLSchema, maxCost: number): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ request, document, operationName }) => {
        try {
          checkOperation(schema, document, request.operationName ?? operationName, request.variables, maxCost);
        } catch (error) {
          throw asClientError(error);
        }
      },
    }),
  };
}

export function catalogueStatusPlugin(): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      willSendResponse: async ({ response, errors }) => {
        if (!errors?.length) return;
        const visible = errors.map(publicErrorOfThrown);
        const limited = visible.find((error) => error.code === 'RATE_LIMITED');
        if (limited) {
          response.http.status = 429;
          const seconds = retryAfterSeconds(limited);
          if (seconds !== undefined) response.http.headers.set('retry-after', String(Math.ceil(seconds)));
        } else if (visible.some((error) => error.code === 'UNAVAILABLE')) {
          response.http.status = 503;
        }
      },
    }),
  };
}

type ApolloLogger = NonNullable<ApolloServerOptions<BaseContext>['logger']>;

/** Apollo logs (startup notes, warnings) as pino lines, never plain text on the console. */
export function apolloLogger(logger: Logger): ApolloLogger {
  const child = logger.child({ component: 'apollo' });
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (message?: unknown) => child[level](String(message));
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
