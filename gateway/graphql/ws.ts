/**
 * GraphQL subscriptions over WebSocket (graphql-transport-ws). The token comes in
 * `connectionParams.authorization`; none closes with 4401, a bad one with 4403. The socket holds a
 * session (gateway/sessions.ts): each operation runs with the credential's current state and spends
 * its rate limit, and open subscriptions end when what they carry is no longer allowed.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import { isOpsdeskError } from '../../core/errors.ts';
import type { GatewayDeps } from '../server.ts';
import type { Session } from '../sessions.ts';
import { sessionContext } from './context.ts';
import { toSafeGraphQLError } from './errors.ts';
import { checkCost, depthRule } from './limits.ts';
import { buildSchema } from './schema.ts';

/** An OpsdeskError as the GraphQL error the boundary maps (it keeps the catalogue's code). */
const asGraphQLError = (error: unknown): GraphQLError =>
  isOpsdeskError(error)
    ? new GraphQLError(error.message, { originalError: error, extensions: { code: error.code } })
    : new GraphQLError('internal error', { originalError: error as Error });

export function attachGraphqlWs(wss: WebSocketServer, { core, config, logger, sessions }: GatewayDeps) {
  const schema = buildSchema();
  // The same rules as HTTP, where Apollo turns introspection off in production.
  const rules = [
    ...specifiedRules,
    depthRule(config.GRAPHQL_MAX_DEPTH),
    ...(config.NODE_ENV === 'production' ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  const credentialOf = (params: Record<string, unknown> | undefined) =>
    params?.authorization ?? params?.Authorization ?? params?.token;

  return useServer<Record<string, unknown>, { session: Session }>(
    {
      schema,
      onConnect: async (ctx) => {
        const outcome = await sessions.open(credentialOf(ctx.connectionParams), 'graphql');
        if ('problem' in outcome) {
          if (outcome.problem === 'missing') ctx.extra.socket.close(CloseCode.Unauthorized, 'Unauthorized');
          return false; // 4403 Forbidden for a bad token
        }
        ctx.extra.session = outcome.session;
        return true;
      },
      onClose: (ctx) => {
        ctx.extra.session?.close();
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
        // Each operation runs with the credential's state now, not the one it connected with.
        const session = ctx.extra.session!;
        const requestId = randomUUID();
        try {
          await session.forOperation(requestId);
        } catch (error) {
          return [asGraphQLError(error)];
        }
        const contextValue = sessionContext(core, session, requestId);
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
