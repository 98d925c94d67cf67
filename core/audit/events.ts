/**
 * The audit trail's own domain events: its signed checkpoints, and the weekly copy of each client
 * org's latest one for the client to keep. Read by whoever may read the org's trail. Payloads are
 * JSON: instants are ISO strings.
 */
import { declarationsOf, eventFamily, payload } from '../events/define.ts';
import { mayInOrg } from '../events/read-rules.ts';
import type { CheckpointReason } from './model.ts';
import { auditPolicy } from './policy.ts';

/** What `audit.checkpoint_signed` records (and its domain event carries). */
export interface CheckpointData {
  /** How many events of the chain it covers: every event before its own. */
  size: number;
  headHash: string;
  keyId: string;
  reason: CheckpointReason;
  signedAt: string;
  /** The C2SP signed note. */
  note: string;
}

/** The org's latest checkpoint, published to the org (the Slack notifier posts it to its client channel). */
export interface CheckpointPublished extends CheckpointData {
  /** The published checkpoint's own event on the chain. */
  checkpointSeq: number;
}

/** An org's audit chain: its events are on the chain they are about. */
export const AuditEvents = eventFamily({
  prefix: 'audit',
  subject: (org: { id: string }) => ({ orgId: org.id, subjectType: 'audit_chain', subjectId: org.id }),
  read: mayInOrg(auditPolicy, 'audit.read'),
  events: { checkpointSigned: payload<CheckpointData>(), checkpointPublished: payload<CheckpointPublished>() },
});

export const AUDIT_EVENTS = declarationsOf(AuditEvents);
