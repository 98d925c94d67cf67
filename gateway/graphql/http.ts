/** GraphQL over HTTP: Apollo Server behind bearer-token authentication. */
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { authenticate, limitKeyOf } from '../auth.ts';
import type { GatewayDeps } from '../server.ts';
import type { GraphqlContext } from './context.ts';
import { formatError } from './errors.ts';
import { checkCost, depthRule } from './limits.ts';
import { buildSchema } from './schema.ts';

export async function mountGraphql(
  app: Express,
  deps: GatewayDeps,
  httpServer: Server,
  drainWebSockets: () => Promise<void>,
): Promise<ApolloServer<GraphqlContext>> {
  const { core, config, logger } = deps;
  const schema = buildSchema();
  const apollo = new ApolloServer<GraphqlContext>({
    schema,
    introspection: config.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    // The process owner drains every door once, in order (cli/serve.ts); Apollo must not stop alone.
    stopOnTerminationSignals: false,
    validationRules: [depthRule(config.GRAPHQL_MAX_DEPTH)],
    formatError: formatError(logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: drainWebSockets }) },
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ request, document }) => {
            checkCost(schema, document, request.operationName, request.variables, config.GRAPHQL_MAX_COST);
          },
        }),
      },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    // Every request is authenticated before Apollo sees it: without a valid token, 401 and nothing else.
    async (req, res, next) => {
      try {
        const outcome = await authenticate(core, req.headers.authorization, 'graphql', req.requestId);
        if ('problem' in outcome) {
          res
            .status(401)
            .setHeader('www-authenticate', 'Bearer')
            .json({
              errors: [
                {
                  message: outcome.problem === 'missing' ? 'authentication required: send Authorization: Bearer <token>' : 'invalid, expired or revoked token',
                  extensions: { code: 'UNAUTHENTICATED' },
                },
              ],
            });
          return;
        }
        const wait = deps.limiter.tryTake(limitKeyOf(outcome.credential));
        if (wait > 0) {
          res
            .status(429)
            .setHeader('retry-after', String(wait))
            .json({ errors: [{ message: `too many requests from this token; try again in ${wait} s`, extensions: { code: 'RATE_LIMITED', retryAfter: wait } }] });
          return;
        }
        res.locals.actor = outcome.actor;
        next();
      } catch (error) {
        next(error);
      }
    },
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ core, actor: res.locals.actor }),
    }),
  );
  return apollo;
}
