/**
 * GraphQL subscriptions over WebSocket (graphql-transport-ws). The token comes in
 * `connectionParams.authorization`; none closes with 4401, a bad one with 4403. Each operation
 * re-authenticates, so a revoked token or a removed role stops new subscriptions at once.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import { authenticate } from '../auth.ts';
import type { GatewayDeps } from '../server.ts';
import type { GraphqlContext } from './context.ts';
import { toSafeGraphQLError } from './errors.ts';
import { checkCost, depthRule } from './limits.ts';
import { buildSchema } from './schema.ts';

export function attachGraphqlWs(wss: WebSocketServer, { core, config, logger }: GatewayDeps) {
  const schema = buildSchema();
  // The same rules as HTTP, where Apollo turns introspection off in production.
  const rules = [
    ...specifiedRules,
    depthRule(config.GRAPHQL_MAX_DEPTH),
    ...(config.NODE_ENV === 'production' ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  const credentialOf = (params: Record<string, unknown> | undefined) =>
    params?.authorization ?? params?.Authorization ?? params?.token;

  return useServer<Record<string, unknown>>(
    {
      schema,
      onConnect: async (ctx) => {
        const outcome = await authenticate(core, credentialOf(ctx.connectionParams), 'graphql', randomUUID());
        if ('problem' in outcome) {
          if (outcome.problem === 'missing') ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false; // 4403 Forbidden for a bad token
        }
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Parse, validate with the same limits as HTTP, and re-authenticate: errors end the
        // operation before it runs, and the socket stays open for the client's other operations.
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return [toSafeGraphQLError(error, logger)];
        }
        const errors = validate(schema, document, rules);
        if (errors.length) return errors.map((e) => toSafeGraphQLError(e, logger));
        try {
          checkCost(schema, document, payload.operationName, payload.variables ?? undefined, config.GRAPHQL_MAX_COST);
        } catch (error) {
          return [error as GraphQLError];
        }
        const outcome = await authenticate(core, credentialOf(ctx.connectionParams), 'graphql', randomUUID());
        if ('problem' in outcome) {
          return [new GraphQLError('invalid, expired or revoked token', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const contextValue: GraphqlContext = { core, actor: outcome.actor };
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => toSafeGraphQLError(e, logger)),
      // Errors inside results (a refused subscription, a failed field) take the same boundary.
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((e) => toSafeGraphQLError(e, logger)) } : undefined,
    },
    wss,
  );
}
