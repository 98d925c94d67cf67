/**
 * Checking an export offline, with no database: the events' hashes and links, and the checkpoint
 * the export ends with, against the public key an auditor was given (the verifier key text served
 * at /.well-known/opsdesk-audit-key, or the PEM public key).
 */
import { createPublicKey } from 'node:crypto';
import type { AuditEventRow } from '../../db/schema.ts';
import { openCheckpoint, type CheckpointBody } from './checkpoint.ts';
import { NoteError, parseVerifierKey, signatureNames, verifierFor, type NoteVerifier } from './note.ts';
import { ChainWalk, type VerifyResult } from './verify.ts';

/** The keys a public key file stands for: its verifier key, or a PEM key under the names a note claims. */
export function verifiersFromKeyFile(text: string, note: string | undefined): NoteVerifier[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('-----BEGIN')) return [parseVerifierKey(trimmed)];
  let key;
  try {
    key = createPublicKey(trimmed);
  } catch {
    throw new NoteError('the key file is neither a verifier key nor a PEM public key');
  }
  return [...new Set(note ? signatureNames(note) : [])].flatMap((name) => {
    try {
      return [verifierFor(name, key)];
    } catch {
      return [];
    }
  });
}

type ExportLine =
  | { type: 'event'; event: AuditEventRow }
  | { type: 'checkpoint'; checkpoint: { note: string } }
  | { type: 'verify'; result: unknown };

function parseLine(line: string, number: number): ExportLine | undefined {
  if (line.trim() === '') return undefined;
  try {
    return JSON.parse(line) as ExportLine;
  } catch {
    throw new NoteError(`line ${number} of the export is not JSON`);
  }
}

/**
 * Verify an export read twice through `lines()`: first for its checkpoint (the export ends with
 * it), then walking the events against it. Throws NoteError when the file or key is unusable.
 */
export async function verifyExport(lines: () => AsyncIterable<string>, keyFileText: string): Promise<VerifyResult & { checkpoint: CheckpointBody | null }> {
  let note: string | undefined;
  let number = 0;
  for await (const line of lines()) {
    const item = parseLine(line, ++number);
    if (item?.type === 'checkpoint') note = item.checkpoint.note;
  }
  const verifiers = verifiersFromKeyFile(keyFileText, note);
  let checkpoint: CheckpointBody | undefined;
  let checkpointProblem: string | undefined;
  if (!note) checkpointProblem = 'the export carries no checkpoint';
  else {
    try {
      checkpoint = openCheckpoint(note, verifiers);
    } catch (error) {
      checkpointProblem = `its checkpoint is not signed by this key: ${(error as Error).message}`;
    }
  }
  const walk = new ChainWalk({ checkpoint, verifiers });
  let chainId: string | undefined;
  number = 0;
  for await (const line of lines()) {
    const item = parseLine(line, ++number);
    if (item?.type !== 'event') continue;
    chainId ??= item.event.chainId;
    if (item.event.chainId !== chainId) throw new NoteError(`line ${number} is an event of another chain`);
    walk.visit(item.event);
  }
  const findings = [...walk.problems];
  const add = (kind: VerifyResult['problems'][number]['kind'], seq: number | null, message: string) => findings.push({ kind, seq, message });
  if (checkpointProblem) add('checkpoint_invalid', null, checkpointProblem);
  if (checkpoint) {
    if (chainId && checkpoint.orgId !== chainId) add('checkpoint_invalid', null, "the checkpoint is another org's");
    else if (walk.lastSeq < checkpoint.size) add('checkpoint_not_extended', walk.lastSeq + 1, `the export has ${walk.lastSeq} events, fewer than the ${checkpoint.size} its checkpoint vouches for`);
    else if (walk.hashAtCheckpoint !== checkpoint.headHash) add('checkpoint_not_extended', checkpoint.size, `event ${checkpoint.size} is not the one the checkpoint signed`);
  }
  const first = findings[0];
  return {
    ok: findings.length === 0,
    chainId: chainId ?? checkpoint?.orgId ?? '',
    events: walk.events,
    headHash: walk.events ? walk.lastHash : null,
    brokenAtSeq: first ? (first.seq ?? walk.lastSeq + 1) : null,
    reason: first?.message ?? null,
    problems: findings,
    moreProblems: walk.moreProblems,
    checkpointSize: checkpoint?.size ?? null,
    checkpoint: checkpoint ?? null,
  };
}
