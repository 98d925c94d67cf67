/**
 * A capability's face to the kernel: the events it records (each with its read rule), the durable
 * timers it handles, the reactions it has to other capabilities' events, and what it does once the
 * core has started. `app/capabilities.ts` lists every capability; `createCore` installs each on its
 * own core instance, so two cores in one process (tests, several instances) never share a handler.
 */
import type { Change, CommandContext } from './command.ts';
import type { Core } from './core.ts';
import type { EventDeclarations } from './events/catalogue.ts';
import type { EventType } from './events/define.ts';
import type { OrgExporter } from './exporter.ts';
import type { TimerHandler } from './timers/service.ts';

/** A change recorded in this transaction, its data typed by its event. */
export type RecordedChange<P> = Change & { readonly data: P };

/**
 * Something a capability does, in the same transaction, when another capability records an event:
 * closing a ticket ends the production access that served it, without tickets knowing of access.
 */
export interface Reaction {
  readonly to: string;
  run(ctx: CommandContext, change: Change): Promise<void>;
}

export function reactTo<P>(event: EventType<never, P>, run: (ctx: CommandContext, change: RecordedChange<P>) => Promise<void>): Reaction {
  return { to: event.type, run: (ctx, change) => run(ctx, change as RecordedChange<P>) };
}

export interface Capability {
  readonly name: string;
  /** Every event type the capability records, with who may read it on a stream. */
  readonly events: EventDeclarations;
  /** Durable timer handlers by kind; a function when a handler needs its core (its signing key). */
  readonly timers?: Record<string, TimerHandler> | ((core: Core) => Record<string, TimerHandler>);
  readonly reactions?: readonly Reaction[];
  /** The kinds of rows an org owns that its back-up carries (core/exporter.ts), in archive order. */
  readonly exporters?: readonly OrgExporter[];
  /** Work once the core has started, such as arming a recurring timer. */
  onStart?(core: Core): Promise<void>;
}

export function defineCapability(capability: Capability): Capability {
  return capability;
}
