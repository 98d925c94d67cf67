/** The audit trail's checkpoints as readers see them. */
import type { TypedEvent } from '../events/define.ts';
import type { CheckpointData } from './events.ts';

/** Why a checkpoint was signed: the hourly schedule, an export, or someone asking. */
export const CHECKPOINT_REASONS = ['schedule', 'export', 'demand'] as const;
export type CheckpointReason = (typeof CHECKPOINT_REASONS)[number];

export interface CheckpointView extends Omit<CheckpointData, 'signedAt'> {
  orgId: string;
  /** The checkpoint's own event on the chain. */
  seq: number;
  signedAt: Date;
}

export const checkpointView = (orgId: string, seq: number, data: CheckpointData): CheckpointView => ({
  ...data,
  orgId,
  seq,
  signedAt: new Date(data.signedAt),
});

/**
 * The checkpoint a `checkpointSigned` event carries. Its own event comes right after the events it
 * covers (the chain's head is held while signing), so its seq is one more than its size.
 */
export const checkpointOfEvent = (event: TypedEvent<CheckpointData>): CheckpointView =>
  checkpointView(event.orgId ?? event.subjectId, event.payload.size + 1, event.payload);

/** An event of the trail, as the audit queries return it. */
export type { AuditEventRow } from '../../db/schema.ts';
