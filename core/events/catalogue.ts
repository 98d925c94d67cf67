/**
 * The catalogue of domain event types: every type a command may record is declared here by its
 * capability, with the one read decision every stream applies to it (each GraphQL subscription,
 * the socket.io rooms, anything added later). A stream therefore never carries more than the
 * capability's own queries would show that person, and an event type nobody declared cannot be
 * recorded at all (the command fails before it commits), so it can never slip onto a stream unruled.
 */
import type { Actor } from '../actor.ts';
import type { DomainEvent } from './bus.ts';

/** May this actor receive this event? Decided from the actor and the event alone: no database read. */
export type ReadRule = (actor: Actor, event: DomainEvent) => boolean;

/** A capability's event types and who may read each. */
export type EventDeclarations = Record<string, ReadRule>;

export class EventCatalogue {
  private readonly rules = new Map<string, ReadRule>();

  declare(declarations: EventDeclarations): void {
    for (const [type, rule] of Object.entries(declarations)) {
      if (this.rules.has(type)) throw new Error(`event type ${type} is declared twice`);
      this.rules.set(type, rule);
    }
  }

  isDeclared(type: string): boolean {
    return this.rules.has(type);
  }

  /** Undeclared types are read by nobody: a stream fails closed. */
  canRead(actor: Actor, event: DomainEvent): boolean {
    const rule = this.rules.get(event.type);
    return rule ? rule(actor, event) : false;
  }

  get types(): string[] {
    return [...this.rules.keys()];
  }
}

/** The set of a capability's event types, for streams that carry only that capability's events. */
export const typesOf = (declarations: EventDeclarations): ReadonlySet<string> => new Set(Object.keys(declarations));
