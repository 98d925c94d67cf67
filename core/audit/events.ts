/** The audit trail's own domain events: its checkpoints, read by whoever may read the org's trail. */
import { mayInOrg, sameRule } from '../events/read-rules.ts';
import { typesOf, type EventDeclarations } from '../events/catalogue.ts';
import { CHECKPOINT_ACTION } from './verify.ts';
import { PUBLISHED_ACTION } from './schedule.ts';
import { auditPolicy } from './policy.ts';

export const AUDIT_EVENTS: EventDeclarations = sameRule([CHECKPOINT_ACTION, PUBLISHED_ACTION], mayInOrg(auditPolicy, 'audit.read'));

export const AUDIT_EVENT_TYPES = typesOf(AUDIT_EVENTS);
