/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, on node:crypto alone:
 * the note text, a blank line, then signature lines `— <key name> <base64(key id || signature)>`.
 * The key id is the first four bytes of SHA-256(key name || 0x0A || 0x01 || public key); a verifier
 * key is shared as `<name>+<hex key id>+<base64(0x01 || public key)>`, as golang.org/x/mod/sumdb/note does.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

const ED25519 = 0x01;
const EM_DASH = '\u2014';
/** A defensive bound; the spec asks verifiers to accept at least 16 signatures. */
const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  override readonly name = 'NoteError';
}

/** A public key that checks notes: its name, its key id and the key itself. */
export interface NoteVerifier {
  name: string;
  /** The uint32 key id. */
  keyId: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Buffer;
  key: KeyObject;
}

/** A private key that signs notes, with its public half. */
export interface NoteSigner extends NoteVerifier {
  sign(text: string): Buffer;
}

/** Key names are non-empty and hold neither Unicode spaces nor plus signs. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

export function keyIdOf(name: string, publicKey: Buffer): number {
  const digest = createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`, 'utf8'), Buffer.from([ED25519]), publicKey]))
    .digest();
  return digest.readUInt32BE(0);
}

export const keyIdHex = (keyId: number) => keyId.toString(16).padStart(8, '0');

/** The raw 32 bytes of an Ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (key.asymmetricKeyType !== 'ed25519' || typeof jwk.x !== 'string') throw new NoteError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function verifierFor(name: string, publicKey: KeyObject): NoteVerifier {
  if (!isKeyName(name)) throw new NoteError(`"${name}" cannot be a key name (no spaces, no "+")`);
  const raw = rawPublicKey(publicKey);
  return { name, keyId: keyIdOf(name, raw), publicKey: raw, key: publicKey };
}

/** `<name>+<hex key id>+<base64(0x01 || public key)>` */
export function verifierKeyText(verifier: NoteVerifier): string {
  return `${verifier.name}+${keyIdHex(verifier.keyId)}+${Buffer.concat([Buffer.from([ED25519]), verifier.publicKey]).toString('base64')}`;
}

/** Parse a verifier key; the key id must be the one its name and key give. */
export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 key may itself hold "+": only the first two separate the parts.
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text.trim());
  if (!match) throw new NoteError('a verifier key is <name>+<hex key id>+<base64 key>');
  const [, name, idHex, keyBase64] = match as unknown as [string, string, string, string];
  if (!isKeyName(name)) throw new NoteError('the verifier key has no valid name');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError('the verifier key id is not 8 hex digits');
  const bytes = Buffer.from(keyBase64, 'base64');
  if (bytes.length !== 33 || bytes[0] !== ED25519 || bytes.toString('base64') !== keyBase64) {
    throw new NoteError('the verifier key is not an Ed25519 key (0x01 and 32 bytes, base64)');
  }
  const raw = bytes.subarray(1);
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  const verifier = { name, keyId: keyIdOf(name, raw), publicKey: raw, key };
  if (keyIdHex(verifier.keyId) !== idHex) throw new NoteError('the verifier key id does not match its name and key');
  return verifier;
}

/** Sign a note text (which ends in a newline and has no blank line at its end). */
export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(signer.keyId);
  const signature = Buffer.concat([id, signer.sign(text)]).toString('base64');
  return `${text}\n${EM_DASH} ${signer.name} ${signature}\n`;
}

export function signerFrom(verifier: NoteVerifier, privateKey: KeyObject): NoteSigner {
  return { ...verifier, sign: (text) => sign(null, Buffer.from(text, 'utf8'), privateKey) };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('a note text ends in a newline');
  // Control characters other than newline are not allowed anywhere in a note.
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('a note holds no control characters');
}

export interface OpenedNote {
  /** The signed text, including its final newline. */
  text: string;
  /** The known keys whose signatures verified. */
  verifiedBy: NoteVerifier[];
}

/**
 * Check a signed note against known keys. Signatures by unknown keys are ignored; a signature by a
 * known key (same name and id) that fails rejects the whole note; at least one must verify.
 */
export function openNote(note: string, known: NoteVerifier[]): OpenedNote {
  checkText(note);
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('a signed note is a text, a blank line and signature lines');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('too many signatures');
  const verifiedBy: NoteVerifier[] = [];
  for (const line of lines) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match || !isKeyName(match[1]!)) throw new NoteError('a malformed signature line');
    const [, name, encoded] = match as unknown as [string, string, string];
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length < 5 || bytes.toString('base64') !== encoded) throw new NoteError('a malformed signature');
    const keyId = bytes.readUInt32BE(0);
    const verifier = known.find((k) => k.name === name && k.keyId === keyId);
    if (!verifier) continue;
    if (!verify(null, Buffer.from(text, 'utf8'), verifier.key, bytes.subarray(4))) {
      throw new NoteError(`the signature by ${name} (key ${keyIdHex(keyId)}) does not verify`);
    }
    if (!verifiedBy.includes(verifier)) verifiedBy.push(verifier);
  }
  if (verifiedBy.length === 0) throw new NoteError('the note carries no signature by a known key');
  return { text, verifiedBy };
}

/** The key names and ids a note's signature lines claim, without checking them. */
export function signatureNames(note: string): string[] {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return [];
  return note
    .slice(split + 2)
    .split('\n')
    .flatMap((line) => /^\u2014 (\S+) \S+$/u.exec(line)?.[1] ?? []);
}
