/**
 * The GraphQL door: `/graphql` over HTTP (Apollo Server) and over WebSocket (graphql-ws), one
 * executable schema built once from every capability's resolvers.
 */
import { WebSocketServer } from 'ws';
import type { ApolloServer } from '@apollo/server';
import type { Door, Host } from '../../server/door.ts';
import type { Resolvers } from './generated.ts';
import { mountGraphql } from './http.ts';
import type { GraphqlContext } from './kit/context.ts';
import { buildSchema } from './schema.ts';
import { attachGraphqlWs } from './ws.ts';

/** A capability's part of the GraphQL door: its resolvers (types come from schema.graphql). */
export interface GraphqlPart {
  readonly resolvers: Resolvers;
}

export const GRAPHQL_PATH = '/graphql';

export function graphqlDoor(host: Host, parts: readonly GraphqlPart[]): Door {
  const schema = buildSchema(parts.map((part) => part.resolvers));
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const graphqlWs = attachGraphqlWs(wss, host, schema);
  let apollo: ApolloServer<GraphqlContext> | undefined;
  return {
    name: 'graphql',
    async mount(app) {
      apollo = await mountGraphql(app, host, schema);
    },
    upgrade: {
      accepts: (path) => path === GRAPHQL_PATH,
      handle: (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
    },
    async stop() {
      // Subscriptions end with a close the clients understand (they reconnect to another instance).
      await graphqlWs.dispose();
      for (const client of wss.clients) client.terminate();
      await apollo?.stop();
    },
  };
}
