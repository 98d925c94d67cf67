/**
 * GraphQL subscriptions over WebSocket (graphql-transport-ws). The token comes in
 * `connectionParams.authorization`; or, from the web console, the session cookie goes with the
 * upgrade and the CSRF token in `connectionParams.csrfToken` (and the page must be of this origin).
 * No credential closes with 4401, a bad one (or a cookie without its CSRF token) with 4403. The socket holds a
 * session (server/sessions.ts): each operation runs with the credential's current state and spends
 * its rate limit, and open subscriptions end when what they carry is no longer allowed.
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError, NoSchemaIntrospectionCustomRule, parse, specifiedRules, validate } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Host } from '../../server/door.ts';
import type { Presented, Session } from '../../server/sessions.ts';
import { csrfMatches, fromSameOrigin, sessionSecretOf } from '../../server/web-session.ts';
import type { IncomingMessage } from 'node:http';
import { sessionContext } from './kit/context.ts';
import { toSafeGraphQLError } from './kit/errors.ts';
import { literalInputRule } from './kit/input-edge.ts';
import { checkOperation, depthRule, mutationLimitRule } from './kit/limits.ts';
import { SubscriptionMultiplexer } from './kit/multiplex.ts';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/**
 * Cork and uncork a ws socket's TCP stream (ws writes each frame with a cork of its own, which nests),
 * once per socket: one object per socket, so the multiplexer can tell its subscriptions' sockets apart.
 */
const corkers = new WeakMap<WebSocket, { cork(): void; uncork(): void }>();
function corkable(socket: WebSocket): { cork(): void; uncork(): void } {
  let corker = corkers.get(socket);
  if (!corker) {
    // ws keeps its TCP socket in `_socket` (not public API): without it, frames simply go one write each.
    const stream = () => (socket as unknown as { _socket?: { cork(): void; uncork(): void } | null })._socket;
    corker = { cork: () => stream()?.cork(), uncork: () => stream()?.uncork() };
    corkers.set(socket, corker);
  }
  return corker;
}

/** The WebSocket close code (RFC 6455 registry) for a server that cannot serve for now. */
const TRY_AGAIN_LATER = 1013;
/** How many distinct valid operation texts are kept parsed. */
const DOCUMENT_CACHE = 1000;

export function attachGraphqlWs(wss: WebSocketServer, { core, config, logger, sessions }: Host, schema: GraphQLSchema) {
  const production = config.NODE_ENV === 'production';
  // The same rules as HTTP, where Apollo turns introspection off in production.
  const rules = [
    ...specifiedRules,
    depthRule(config.GRAPHQL_MAX_DEPTH),
    mutationLimitRule(config.GRAPHQL_MAX_MUTATIONS),
    literalInputRule,
    ...(production ? [NoSchemaIntrospectionCustomRule] : []),
  ];
  // The HTTP door's boundary, suggestions stripped in production as Apollo does there.
  const safe = (error: unknown) => toSafeGraphQLError(error, logger, { production });
  /** A bearer token when one is sent; else the console's cookie, once the page proved it is the console's. */
  const presentedOf = (params: Record<string, unknown> | undefined, request: IncomingMessage): Presented | 'forbidden' => {
    const bearer = params?.authorization ?? params?.Authorization ?? params?.token;
    if (bearer !== undefined) return { bearer };
    const secret = sessionSecretOf(request.headers);
    if (!secret) return { bearer: undefined };
    if (!fromSameOrigin(request) || !csrfMatches(secret, params?.csrfToken)) return 'forbidden';
    return { sessionCookie: secret };
  };

  // Subscriptions that share a document, variables and authorisation scope are executed and
  // serialised once per event, their frames written straight to each socket (kit/multiplex.ts).
  const multiplexer = new SubscriptionMultiplexer(core, safe, logger);
  /** Valid documents by their text (validation depends on the text and the schema alone). */
  const documents = new Map<string, DocumentNode>();

  const server = useServer<Record<string, unknown>, { session: Session }>(
    {
      schema,
      subscribe: multiplexer.subscribe,
      onConnect: async (ctx) => {
        const presented = presentedOf(ctx.connectionParams, ctx.extra.request);
        if (presented === 'forbidden') return false; // 4403 Forbidden
        const outcome = await sessions.open(presented, 'graphql').catch((error: unknown) => {
          // Thrown, graphql-ws would print the error on the console and send its text as the close reason.
          const code = safe(error).extensions.code;
          // 1013 "try again later" lets clients reconnect once the database is back.
          ctx.extra.socket.close(code === 'UNAVAILABLE' ? TRY_AGAIN_LATER : CloseCode.InternalServerError, String(code));
          return undefined;
        });
        if (!outcome) return false;
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
      onSubscribe: async (ctx, id, payload) => {
        // Parse, validate with the same limits as HTTP, and re-authenticate: errors end the
        // operation before it runs, and the socket stays open for the client's other operations.
        // A thousand dashboards send the same text: it is parsed and validated once, and its
        // document shared (by the multiplexer's group too), rather than held once per subscription.
        let document = documents.get(payload.query);
        if (!document) {
          try {
            document = parse(payload.query);
          } catch (error) {
            return [safe(error)];
          }
          const errors = validate(schema, document, rules);
          if (errors.length) return errors.map(safe);
          if (documents.size >= DOCUMENT_CACHE) documents.delete(documents.keys().next().value!);
          documents.set(payload.query, document);
        }
        try {
          checkOperation(schema, document, payload.operationName, payload.variables, config.GRAPHQL_MAX_COST);
        } catch (error) {
          return [safe(error)];
        }
        // Each operation runs with the credential's state now, not the one it connected with.
        const session = ctx.extra.session!;
        const requestId = randomUUID();
        try {
          await session.forOperation(requestId);
        } catch (error) {
          return [safe(error)];
        }
        const contextValue = sessionContext(core, session, requestId);
        const socket = ctx.extra.socket;
        multiplexer.attach(contextValue, {
          socket: corkable(socket),
          id,
          query: payload.query,
          send: (frame) => {
            if (socket.readyState === socket.OPEN) socket.send(frame);
          },
          buffered: () => socket.bufferedAmount,
        });
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map(safe),
      // Errors inside results (a refused subscription, a failed field) take the same boundary.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map(safe) } : undefined),
    },
    wss,
  );
  return Object.assign(server, { multiplexer });
}
