/**
 * The read side of the one road: a query validates its input, asks its capability's policy, and
 * reads for one actor. Doors never read the database themselves; they run a query with the actor
 * they authenticated (`core.read(query, actor, input)`), so what a person sees through Slack, GraphQL,
 * socket.io or the CLI is decided in one place, the same way for every door.
 *
 * Read models for doors live here too: a Slack card, an App Home section or a GraphQL field gets
 * its view from a query (run as the system actor where a door renders for everyone, such as the
 * notifier), never from its own SQL.
 */
import type { z } from 'zod';
import { parseInput } from './command.ts';
import type { Queryable } from '../db/client.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';

export interface QueryContext {
  readonly actor: Actor;
  /** The database, or the transaction of the command that runs the query. */
  readonly db: Queryable;
  readonly clock: Clock;
  /** The query's own "now". */
  readonly now: Date;
}

export interface Query<S extends z.ZodTypeAny, R> {
  readonly name: string;
  readonly input: S;
  run(ctx: QueryContext, input: z.output<S>): Promise<R>;
}

export function defineQuery<S extends z.ZodTypeAny, R>(query: Query<S, R>): Query<S, R> {
  return query;
}

/** Run another query inside a query, as the same actor and on the same database or transaction. */
export function readWithin<S extends z.ZodTypeAny, R>(ctx: QueryContext, query: Query<S, R>, input: z.input<S>): Promise<R> {
  return query.run(ctx, parseInput(query.input, input));
}

/** What a query returns, for types of door code that hold it (`QueryResult<typeof listTickets>`). */
export type QueryResult<Q> = Q extends Query<z.ZodTypeAny, infer R> ? R : never;

/**
 * What a stream (a GraphQL subscription, a socket.io room) follows: its subject as the actor could
 * see it when they began, and the check that they still may, made from the actor alone (no read),
 * because it runs again for every open stream whenever the person's rights change.
 */
export interface Followed<T> {
  readonly subject: T;
  /** Throws NOT_FOUND or FORBIDDEN once the actor may no longer follow it. */
  stillAllowed(actor: Actor): void;
}
