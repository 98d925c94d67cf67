/**
 * Signing a chain's state: `audit.checkpoint_signed`, an event on the org's own chain whose data is
 * the signed note and what it covers (the events before it, and the hash of the last of them).
 * One command for every occasion (the hourly schedule, an export, a request), so every checkpoint
 * is on the trail it vouches for and reaches subscribers as a domain event.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { auditChainHeads, auditEvents, type AuditEventRow } from '../../db/schema.ts';
import { defineCommand, type Command } from '../command.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { hashEvent } from './chain.ts';
import { openCheckpoint, signCheckpoint } from './checkpoint.ts';
import { AuditEvents, type CheckpointData } from './events.ts';
import { latestCheckpointRow, rowView } from './internal/checkpoint-rows.ts';
import { CHECKPOINT_REASONS, checkpointView, type CheckpointView } from './model.ts';
import { auditPolicy } from './policy.ts';
import type { AuditSigningKey } from './signing-key.ts';
import { ChainWalk } from './verify.ts';

/**
 * Whether the chain up to its head is sound enough to sign: walked from the latest checkpoint this
 * key signed (its event must still carry the hash it signed), or from the start when there is none.
 * Returns what is wrong, or undefined.
 */
async function unsoundness(db: Queryable, chainId: string, head: { seq: number; hash: string }, key: AuditSigningKey) {
  let walk = new ChainWalk({});
  const latest = await latestCheckpointRow(db, chainId);
  const note = (latest?.data as Partial<CheckpointData> | undefined)?.note;
  let anchor: { size: number; headHash: string } | undefined;
  try {
    if (note) anchor = openCheckpoint(note, [key]);
  } catch {
    // Signed with another key, or not at all: walk from the start.
  }
  if (anchor && anchor.size > 0) {
    const [row] = await db.select().from(auditEvents).where(and(eq(auditEvents.chainId, chainId), eq(auditEvents.seq, anchor.size)));
    const { hash, ...fields } = row ?? { hash: undefined };
    if (!row || hash !== anchor.headHash || hashEvent(fields as Omit<AuditEventRow, 'hash'>) !== hash) {
      return `event ${anchor.size} is not the one the last checkpoint signed`;
    }
    walk = new ChainWalk({}, anchor.size, anchor.headHash);
  }
  await walk.walk(db, chainId);
  if (walk.problems.length > 0) return walk.problems[0]!.message;
  if (walk.lastSeq !== head.seq || walk.lastHash !== head.hash) return `the chain ends at event ${walk.lastSeq}, its head records event ${head.seq}`;
  return undefined;
}

const signInput = z.object({
  orgId: uuidSchema,
  reason: z.enum(CHECKPOINT_REASONS).default('demand'),
  /**
   * Give back the latest checkpoint instead when nothing but it was appended since. Records nothing
   * then: for the schedule's timer, whose transaction need not record; `execute` would refuse it.
   */
  onlyIfMoved: z.boolean().default(false),
});

export type SignedCheckpoint = CheckpointView & { /** false: the latest was still current. */ signed: boolean };

const commands = new WeakMap<AuditSigningKey, Command<typeof signInput, SignedCheckpoint>>();

/** The command that signs with this key (the key is the instance's, never the database's). */
export function signCheckpointWith(key: AuditSigningKey): Command<typeof signInput, SignedCheckpoint> {
  let command = commands.get(key);
  if (!command) {
    command = defineCommand({
      name: 'signAuditCheckpoint',
      input: signInput,
      async run(ctx, input) {
        const org = await requireOrg(ctx.tx, input.orgId);
        auditPolicy.authorize(ctx.actor, 'audit.read', org);
        // Held to commit: nothing else lands on the chain between the state signed and its checkpoint.
        const [head] = await ctx.tx.select().from(auditChainHeads).where(eq(auditChainHeads.chainId, org.id)).for('update');
        if (!head) throw new OpsdeskError('CONFLICT', 'the audit trail of this org has no head, so it is not signed: run "opsdesk audit verify"');
        const latest = await latestCheckpointRow(ctx.tx, org.id);
        if (input.onlyIfMoved && latest && latest.seq === head.seq) return { ...rowView(latest), signed: false };
        const problem = await unsoundness(ctx.tx, org.id, head, key);
        if (problem) throw new OpsdeskError('CONFLICT', `the audit trail of this org is broken (${problem}), so it is not signed: run "opsdesk audit verify"`);
        const signedAt = ctx.now;
        const note = signCheckpoint({ origin: key.name, size: head.seq, headHash: head.hash, orgId: org.id, signedAt }, key);
        const data: CheckpointData = {
          size: head.seq,
          headHash: head.hash,
          keyId: key.keyIdHex,
          reason: input.reason,
          signedAt: signedAt.toISOString(),
          note,
        };
        await ctx.record(AuditEvents.checkpointSigned(org, data));
        return { ...checkpointView(org.id, head.seq + 1, data), signed: true };
      },
    });
    commands.set(key, command);
  }
  return command;
}
