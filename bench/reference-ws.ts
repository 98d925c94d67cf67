/**
 * The reference of the subscriptions benchmark: a bare graphql-ws server (`useServer` from graphql-ws,
 * nothing else on the socket: no authentication, no limits, no authorisation), with the same schema
 * built from schema.graphql and the door's scalars, and a resolver for `events(orgId)` fed by the
 * same kind of in-process event source opsdesk's bus fans out with (core/events/bus.ts `LocalFanout`,
 * delivering on the next turn, in order). graphql-ws executes and serialises per subscriber.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { LocalFanout, type DomainEvent } from '../core/events/bus.ts';
import { scalarResolvers } from '../doors/graphql/kit/scalars.ts';

export interface ReferenceServer {
  url: string;
  /** Publish an event as a committed one would be: delivered to listeners on the next turn. */
  publish(event: DomainEvent): void;
  /** Listen to the source (a listener subscribed first hears an event first, as the bench's timer on opsdesk's bus). */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  stop(): Promise<void>;
}

/** A buffered async iterator over the source, as graphql-subscriptions' PubSub gives one (no limit, no filter but the topic). */
function iterate(fanout: LocalFanout, topic: (event: DomainEvent) => boolean): AsyncIterableIterator<DomainEvent> {
  const buffer: DomainEvent[] = [];
  let waiting: ((result: IteratorResult<DomainEvent>) => void) | undefined;
  let done = false;
  const unsubscribe = fanout.subscribe((event) => {
    if (done || !topic(event)) return;
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      resolve({ value: event, done: false });
    } else buffer.push(event);
  });
  const finish = (): IteratorResult<DomainEvent> => {
    done = true;
    unsubscribe();
    buffer.length = 0;
    waiting?.({ value: undefined, done: true });
    waiting = undefined;
    return { value: undefined, done: true };
  };
  return {
    next: () => {
      const value = buffer.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => Promise.resolve(finish()),
    throw: (error: unknown) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

export async function startReferenceServer(): Promise<ReferenceServer> {
  const fanout = new LocalFanout(() => {});
  const schema = makeExecutableSchema({
    typeDefs: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'),
    resolvers: [
      scalarResolvers,
      {
        Subscription: {
          events: {
            subscribe: (_root: unknown, { orgId }: { orgId: string }) => iterate(fanout, (event) => event.orgId === orgId),
            resolve: (event: DomainEvent) => event,
          },
        },
      },
    ] as never,
  });
  const http: Server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const server = useServer({ schema }, wss);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    publish: (event) => fanout.deliver(event),
    subscribe: (listener) => fanout.subscribe(listener),
    async stop() {
      await Promise.resolve(server.dispose()).catch(() => {});
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
