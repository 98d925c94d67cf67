/**
 * The SMS door's contract with the capabilities, as the email door's: a capability never sends a
 * text from a command. It states, in an `SmsRule`, which texts go out after one of its committed
 * domain events; the door runs each rule once cluster-wide per event, stores the texts as durable
 * rows, and sends them in order per phone number, retrying passing failures over a horizon.
 */
import type { z } from 'zod';
import type { DomainEvent } from '../../core/events/bus.ts';
import type { Logger } from '../../core/observability.ts';
import type { Query } from '../../core/query.ts';

/** One text to one person. */
export interface SmsOutput {
  /** What kind of text, for the metrics and the log: `page`. */
  kind: string;
  to: { personId: string; name: string; phone: string };
  body: string;
  /** What it is about, for reporting back when it cannot be delivered: `alarm:<id>`. */
  subject?: string;
}

export interface SmsContext {
  /** Run a core query as the SMS door's system actor; rules read only through core queries. */
  read<S extends z.ZodTypeAny, R>(query: Query<S, R>, input: z.input<S>): Promise<R>;
  /** Where people open the web console, without a trailing slash. */
  consoleUrl: string;
  logger: Logger;
}

/** Turns one committed domain event into texts; [] for events it does not handle. */
export type SmsRule = (event: DomainEvent, ctx: SmsContext) => Promise<SmsOutput[]>;

/** A capability's part of the SMS door (registered in app/capabilities.ts). */
export interface SmsPart {
  readonly rule?: SmsRule;
}
