import type { PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';

/** Built per operation, after authentication: resolvers never see an HTTP or socket object. */
export interface GraphqlContext {
  core: Core;
  actor: PersonActor;
}
