/** Checkpoints as the chain stores them: the events `audit.checkpoint_signed`, and what is read from them. */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { auditEvents, type AuditEventRow } from '../../../db/schema.ts';
import { OpsdeskError } from '../../errors.ts';
import { openCheckpoint, type CheckpointBody } from '../checkpoint.ts';
import { AuditEvents, type CheckpointData } from '../events.ts';
import { checkpointView } from '../model.ts';
import { NoteError, type NoteVerifier } from '../note.ts';

export const CHECKPOINT_SIGNED = AuditEvents.checkpointSigned.type;

export const rowView = (row: AuditEventRow) => checkpointView(row.chainId, row.seq, row.data as CheckpointData);

/** The chain's latest checkpoint event (before `beforeSeq`, when given). */
export async function latestCheckpointRow(db: Queryable, chainId: string, beforeSeq?: number): Promise<AuditEventRow | undefined> {
  const [row] = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.chainId, chainId), eq(auditEvents.action, CHECKPOINT_SIGNED), beforeSeq === undefined ? undefined : lt(auditEvents.seq, beforeSeq)))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return row;
}

/**
 * Read a checkpoint its holder hands in: signed by this instance's key, for this org. Anything else
 * is INVALID_INPUT naming what is wrong, so a forged or foreign checkpoint is never "verified".
 */
export function readCheckpoint(note: string, verifiers: NoteVerifier[], orgId: string): CheckpointBody {
  let body: CheckpointBody;
  try {
    body = openCheckpoint(note.replace(/\r\n/g, '\n'), verifiers);
  } catch (error) {
    const reason = error instanceof NoteError ? error.message : 'not a signed checkpoint';
    throw new OpsdeskError('INVALID_INPUT', `checkpoint: ${reason}`, { fields: { checkpoint: reason } });
  }
  if (body.orgId !== orgId) {
    throw new OpsdeskError('INVALID_INPUT', "checkpoint: it is another org's checkpoint", { fields: { checkpoint: 'another org' } });
  }
  return body;
}
