/**
 * A chain's signed state in the C2SP tlog-checkpoint text format (https://c2sp.org/tlog-checkpoint):
 *
 *   <origin>              this opsdesk's audit log, also the signing key's name
 *   <size>                how many events of the chain the checkpoint covers
 *   <base64 head hash>    the hash of event <size> (its 32 bytes), the chain's head at that size
 *   org <org id>          extension line: whose chain
 *   time <ISO-8601>       extension line: when it was signed
 *
 * followed by the signed note's blank line and signature line.
 */
import { openNote, NoteError, signNote, type NoteSigner, type NoteVerifier } from './note.ts';

export interface CheckpointBody {
  origin: string;
  size: number;
  /** The head hash as the chain stores it (64 hex digits). */
  headHash: string;
  orgId: string;
  signedAt: Date;
}

export function checkpointText(body: CheckpointBody): string {
  if (!/^[0-9a-f]{64}$/.test(body.headHash)) throw new NoteError('a head hash is 64 hex digits');
  const root = Buffer.from(body.headHash, 'hex').toString('base64');
  return `${body.origin}\n${body.size}\n${root}\norg ${body.orgId}\ntime ${body.signedAt.toISOString()}\n`;
}

export function signCheckpoint(body: CheckpointBody, signer: NoteSigner): string {
  return signNote(checkpointText(body), signer);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Read a checkpoint's text (the part of the note its signature covers). */
export function parseCheckpointText(text: string): CheckpointBody {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new NoteError('a checkpoint text ends in a newline');
  const [origin, size, root, ...extensions] = lines;
  if (!origin) throw new NoteError('the checkpoint has no origin line');
  if (!size || !/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError('the checkpoint size is not a decimal number');
  }
  const hash = Buffer.from(root ?? '', 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) throw new NoteError('the checkpoint root hash is not 32 bytes of base64');
  const extension = (name: string) => extensions.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1);
  const orgId = extension('org');
  const time = extension('time');
  if (!orgId || !UUID.test(orgId)) throw new NoteError('the checkpoint names no org (line "org <id>")');
  const signedAt = new Date(time ?? '');
  if (!time || Number.isNaN(signedAt.getTime())) throw new NoteError('the checkpoint has no time (line "time <ISO-8601>")');
  return { origin, size: Number(size), headHash: hash.toString('hex'), orgId, signedAt };
}

/** Check a signed checkpoint against known keys and read it; throws NoteError saying what is wrong. */
export function openCheckpoint(note: string, known: NoteVerifier[]): CheckpointBody & { keyId: number } {
  const opened = openNote(note, known);
  const body = parseCheckpointText(opened.text);
  const signer = opened.verifiedBy[0]!;
  // The log's key name is its origin: a checkpoint of another log is not this one's, whoever signed it.
  if (body.origin !== signer.name) throw new NoteError(`the checkpoint's origin "${body.origin}" is not the key's name "${signer.name}"`);
  return { ...body, keyId: signer.keyId };
}
