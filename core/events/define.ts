/**
 * Typed domain events. A capability declares its events once, in `core/<capability>/events.ts`, as
 * families: the subject they are about (which org's chain, which subject), who may read them on a
 * stream, and each event's name and payload type.
 *
 *   export const TicketEvents = eventFamily({
 *     prefix: 'ticket',
 *     subject: (ticket: { id: string; orgId: string }) => ({ orgId: ticket.orgId, subjectType: 'ticket', subjectId: ticket.id }),
 *     read: readersOfOrg,
 *     events: { opened: payload<TicketOpened>(), severityProposed: payload<SeverityProposed>() },
 *   });
 *
 * A command records one with `ctx.record(TicketEvents.opened(ticket, { ... }))` (the name is
 * `ticket.opened`, `ticket.severity_proposed`: the key in snake case); a consumer narrows a bus event
 * with `TicketEvents.opened.is(event)` and reads a typed payload; a stream that carries a family
 * matches `TicketEvents.has(event)`. Nobody writes an event name as a string literal.
 *
 * Payloads are what the outbox stores as JSON: dates travel as ISO strings.
 */
import type { Change } from '../command.ts';
import type { DomainEvent } from './bus.ts';
import type { EventDeclarations, ReadRule } from './catalogue.ts';

/** Where an event belongs: the org whose chain and subscribers it is for (null: provider-wide), and its subject. */
export interface EventSubject {
  orgId: string | null;
  subjectType: string;
  subjectId: string;
}

/** A bus event of one declared type, its payload typed. */
export type TypedEvent<P> = DomainEvent & { readonly payload: P };

/** An event's payload type, and optionally a read rule of its own (the family's otherwise). */
export interface PayloadSpec<P> {
  readonly read?: ReadRule;
  /** Phantom: carries the payload type; never set. */
  readonly __payload?: P;
}

export function payload<P extends object>(options: { read?: ReadRule } = {}): PayloadSpec<P> {
  return options;
}

export interface EventType<S, P> {
  /** The event's name, also its audit action: `ticket.opened`. */
  readonly type: string;
  readonly read: ReadRule;
  /** The change to record, in the command's transaction. */
  (subject: S, data: P, options?: { requestId?: string; actorName?: string }): Change;
  /** Is this bus event of this type? Narrows its payload. */
  is(event: DomainEvent): event is TypedEvent<P>;
}

type PayloadOf<T> = T extends PayloadSpec<infer P> ? P : never;

export type EventFamily<S, E extends Record<string, PayloadSpec<object>>> = {
  readonly [K in keyof E]: EventType<S, PayloadOf<E[K]>>;
} & FamilyFace;

/** What every family has beside its events (names an event may not take). */
export interface FamilyFace {
  /** Every type of the family, with its read rule: what the capability declares to the catalogue. */
  readonly declarations: EventDeclarations;
  /** Is this bus event one of the family's? For streams that carry a whole family. */
  has(event: DomainEvent): boolean;
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function eventFamily<S, E extends Record<string, PayloadSpec<object>>>(spec: {
  /** The names' first part: `ticket` makes `ticket.opened`. */
  prefix: string;
  subject: (subject: S) => EventSubject;
  /** Who may receive these events on any stream (each event may override it). */
  read: ReadRule;
  events: E;
}): EventFamily<S, E> {
  const declarations: EventDeclarations = {};
  const family: Record<string, unknown> = {};
  for (const [key, options] of Object.entries(spec.events)) {
    const type = `${spec.prefix}.${snakeCase(key)}`;
    const read = options.read ?? spec.read;
    const build = (subject: S, data: object, extra: { requestId?: string; actorName?: string } = {}): Change => ({
      ...spec.subject(subject),
      action: type,
      data: data as Record<string, unknown>,
      ...(extra.requestId ? { requestId: extra.requestId } : {}),
      ...(extra.actorName ? { actorName: extra.actorName } : {}),
    });
    const eventType = Object.assign(build, { type, read, is: (event: DomainEvent) => event.type === type });
    if (key === 'declarations' || key === 'has') throw new Error(`event key ${key} is reserved`);
    family[key] = eventType;
    declarations[type] = read;
  }
  const types = new Set(Object.keys(declarations));
  return Object.assign(family, { declarations, has: (event: DomainEvent) => types.has(event.type) }) as EventFamily<S, E>;
}

/** The declarations of several families, for a capability's face. */
export function declarationsOf(...families: FamilyFace[]): EventDeclarations {
  return Object.assign({}, ...families.map((family) => family.declarations));
}
