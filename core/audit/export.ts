/**
 * The export an auditor takes away: the org's whole trail in chain order, ending with a checkpoint
 * signed at export time (its own event is the export's last), then the verify result. Checkable
 * offline against the public key (`opsdesk audit verify-export`, core/audit/offline.ts).
 *
 * Made on the one road, for the actor: the signing is a command, every read a query.
 */
import type { AuditEventRow } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import type { Core } from '../core.ts';
import { signCheckpointWith } from './checkpoints.ts';
import type { CheckpointView } from './model.ts';
import { auditChainEvents, verifyAuditTrailWith } from './queries.ts';
import type { VerifyResult } from './verify.ts';

export type ExportItem =
  | { type: 'event'; event: AuditEventRow }
  | { type: 'checkpoint'; checkpoint: CheckpointView }
  | { type: 'verify'; result: VerifyResult };

const PAGE = 1000;

export async function* exportAuditTrail(core: Core, actor: Actor, orgId: string): AsyncGenerator<ExportItem> {
  const { signed: _signed, ...checkpoint } = await core.execute(signCheckpointWith(core.auditKey), actor, { orgId, reason: 'export' });
  for (let afterSeq = 0; ; ) {
    const page = await core.read(auditChainEvents, actor, { orgId, afterSeq, throughSeq: checkpoint.seq, limit: PAGE });
    for (const event of page) yield { type: 'event', event };
    if (page.length < PAGE) break;
    afterSeq = page[page.length - 1]!.seq;
  }
  yield { type: 'checkpoint', checkpoint };
  yield { type: 'verify', result: await core.read(verifyAuditTrailWith(core.auditKey), actor, { orgId, checkpoint: checkpoint.note }) };
}
