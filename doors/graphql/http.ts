/** GraphQL over HTTP: Apollo Server behind bearer-token authentication. */
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { authenticateRequest, limitKeyOf } from '../../server/auth.ts';
import { CSRF_REFUSAL } from '../../server/web-session.ts';
import { HttpProblem, notJson } from '../../server/http-errors.ts';
import type { Host } from '../../server/door.ts';
import type { GraphqlContext } from './kit/context.ts';
import { formatError } from './kit/errors.ts';
import { literalInputRule } from './kit/input-edge.ts';
import { depthRule, mutationLimitRule } from './kit/limits.ts';
import { apolloLogger, catalogueStatusPlugin, operationChecksPlugin } from './kit/plugins.ts';
import type { GraphQLSchema } from 'graphql';

export async function mountGraphql(app: Express, deps: Host, schema: GraphQLSchema): Promise<ApolloServer<GraphqlContext>> {
  const { core, config, logger } = deps;
  const production = config.NODE_ENV === 'production';
  const apollo = new ApolloServer<GraphqlContext>({
    schema,
    logger: apolloLogger(logger),
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // No "Did you mean ...?" in production: it tells a stranger what the schema holds.
    hideSchemaDetailsFromClientErrors: production,
    // The host drains every door once, in order (server/http.ts); Apollo must not stop alone.
    stopOnTerminationSignals: false,
    validationRules: [depthRule(config.GRAPHQL_MAX_DEPTH), mutationLimitRule(config.GRAPHQL_MAX_MUTATIONS), literalInputRule],
    formatError: formatError(logger, { production }),
    plugins: [
      operationChecksPlugin(schema, config.GRAPHQL_MAX_COST),
      catalogueStatusPlugin(),
    ],
  });
  await apollo.start();

  // `/graphql` exactly (Express also takes `/graphql/`): deeper paths are nobody's and answer 404.
  app.all(
    '/graphql',
    // GraphQL over HTTP posts JSON; anything else is 415 before the body is read.
    (req, _res, next) => next(req.method === 'POST' && !req.is('application/json') ? new HttpProblem(notJson()) : undefined),
    express.json({ limit: '1mb' }),
    // Every request is authenticated before Apollo sees it: without a valid token (or console
    // session), 401 and nothing else; a session cookie without its CSRF token, 403.
    async (req, res, next) => {
      try {
        const outcome = await authenticateRequest(core, req, 'graphql', req.requestId, config.WEB_SESSION_IDLE_MINUTES, deps.sessions.bearers);
        if ('problem' in outcome && outcome.problem === 'csrf') {
          res.status(403).json({
            errors: [{ message: CSRF_REFUSAL, extensions: { code: 'FORBIDDEN' } }],
          });
          return;
        }
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
        // Past the token's burst: RATE_LIMITED, answered by the one error handler (429, Retry-After).
        deps.limiter.take(limitKeyOf(outcome.credential), 'this token');
        res.locals.actor = outcome.actor;
        next();
      } catch (error) {
        // A database outage here is the error handler's: 503 UNAVAILABLE, never the driver's text.
        next(error);
      }
    },
    expressMiddleware(apollo, {
      context: async ({ res }) => ({ core, actor: res.locals.actor }),
    }),
  );
  return apollo;
}
