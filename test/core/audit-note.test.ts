/**
 * The signed-note and checkpoint formats, byte for byte against the reference implementation's own
 * example (golang.org/x/mod/sumdb/note), and the signing key's file.
 */
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointText, openCheckpoint, parseCheckpointText, signCheckpoint } from '../../core/audit/checkpoint.ts';
import { openNote, parseVerifierKey, signerFrom, signNote, verifierKeyText } from '../../core/audit/note.ts';
import { verifiersFromKeyFile } from '../../core/audit/offline.ts';
import { auditSigningKey, AuditKeyError, ephemeralAuditSigningKey, loadAuditSigningKey } from '../../core/audit/signing-key.ts';
import { createLogger } from '../../core/observability.ts';

// The reference implementation's example key and note (note_test.go in golang.org/x/mod/sumdb/note).
const VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

/** The Go private key text holds 0x01 and the 32-byte Ed25519 seed; node takes the seed as PKCS#8 DER. */
function goPrivateKey(skey: string) {
  const seed = Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1);
  return createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
}

const silent = createLogger({ level: 'silent' });

describe('signed notes and checkpoints', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdesk-key-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('computes the key id, the verifier key and the signature exactly as the reference implementation', () => {
    const verifier = parseVerifierKey(VKEY);
    expect(verifierKeyText(verifier)).toBe(VKEY);
    const signer = signerFrom(verifier, goPrivateKey(SKEY));
    expect(signNote(TEXT, signer)).toBe(NOTE);
    expect(openNote(NOTE, [verifier]).text).toBe(TEXT);
    expect(auditSigningKey('PeterNeumann', goPrivateKey(SKEY)).verifierKey).toBe(VKEY);
  });

  it('rejects a changed text, a key with a wrong id, and a note no known key signed', () => {
    const verifier = parseVerifierKey(VKEY);
    expect(() => openNote(NOTE.replace('cryptography', 'cryptographY'), [verifier])).toThrow(/does not verify/);
    expect(() => parseVerifierKey(VKEY.replace('c74f20a3', 'c74f20a4'))).toThrow(/does not match/);
    expect(() => openNote(NOTE, [ephemeralAuditSigningKey('PeterNeumann')])).toThrow(/no signature by a known key/);
  });

  it('writes a checkpoint as origin, size, base64 head hash and the org and time extension lines', () => {
    const key = ephemeralAuditSigningKey('opsdesk.example/audit');
    const body = { origin: key.name, size: 42, headHash: 'ab'.repeat(32), orgId: '0b7f5a36-3c1e-4a53-9d55-0a9b8d1e2f30', signedAt: new Date('2026-12-01T10:00:00.000Z') };
    expect(checkpointText(body)).toBe(
      `opsdesk.example/audit\n42\n${Buffer.from('ab'.repeat(32), 'hex').toString('base64')}\norg ${body.orgId}\ntime 2026-12-01T10:00:00.000Z\n`,
    );
    const note = signCheckpoint(body, key);
    expect(note).toMatch(new RegExp(`\\n\\n\u2014 opsdesk\\.example/audit [A-Za-z0-9+/]{91}=\\n$`));
    expect(openCheckpoint(note, [key])).toEqual({ ...body, keyId: key.keyId });
    expect(parseCheckpointText(checkpointText(body))).toEqual(body);
    // The PEM public key does as well as the verifier key, under the name the note's signature claims.
    expect(openCheckpoint(note, verifiersFromKeyFile(key.publicKeyPem, note)).size).toBe(42);
    expect(openCheckpoint(note, verifiersFromKeyFile(key.verifierKey, note)).size).toBe(42);
  });

  it('makes the signing key in the data directory on the first start, readable by its owner only, and loads it again after', () => {
    const dataDir = tempDir();
    const first = loadAuditSigningKey({ dataDir, name: 'opsdesk/audit', logger: silent });
    expect(first.generated).toBe(true);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const again = loadAuditSigningKey({ dataDir, name: 'opsdesk/audit', logger: silent });
    expect(again).toMatchObject({ generated: false, path: first.path });
    expect(again.key.verifierKey).toBe(first.key.verifierKey);
  });

  it('refuses a key file that is missing, not a key, or not an Ed25519 key, with one line naming it', () => {
    const dir = tempDir();
    const load = (file: string) => () => loadAuditSigningKey({ file, dataDir: dir, name: 'opsdesk/audit', logger: silent });
    expect(load(join(dir, 'absent.pem'))).toThrow(new AuditKeyError(`audit signing key ${join(dir, 'absent.pem')} cannot be read: ENOENT`));
    writeFileSync(join(dir, 'junk.pem'), 'not a key');
    expect(load(join(dir, 'junk.pem'))).toThrow(/junk\.pem is not a PEM private key \(PKCS#8 Ed25519 expected\)$/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    writeFileSync(join(dir, 'rsa.pem'), rsa);
    expect(load(join(dir, 'rsa.pem'))).toThrow(/rsa\.pem is a rsa key, not Ed25519$/);
  });
});
