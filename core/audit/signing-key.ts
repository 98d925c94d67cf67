/**
 * The audit signing key: an Ed25519 private key in a PKCS#8 PEM file, never in the database.
 * `AUDIT_SIGNING_KEY_FILE` names it; unset, `audit-signing-key.pem` in `DATA_DIR` is used, and
 * made (mode 0600) on the first start. Several instances on one PostgreSQL must share one file.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from '../observability.ts';
import { keyIdHex, signerFrom, verifierFor, verifierKeyText, type NoteSigner } from './note.ts';

export const GENERATED_KEY_FILE = 'audit-signing-key.pem';

/** A key file that cannot be used: the start stops with this one line. */
export class AuditKeyError extends Error {
  override readonly name = 'AuditKeyError';
}

export interface AuditSigningKey extends NoteSigner {
  /** `<name>+<hex key id>+<base64 key>`, what an auditor configures to check checkpoints. */
  verifierKey: string;
  keyIdHex: string;
  publicKeyPem: string;
}

export function auditSigningKey(name: string, privateKey: KeyObject): AuditSigningKey {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new AuditKeyError('the audit signing key is not an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const verifier = verifierFor(name, publicKey);
  return {
    ...signerFrom(verifier, privateKey),
    verifierKey: verifierKeyText(verifier),
    keyIdHex: keyIdHex(verifier.keyId),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** A key that lives only in memory (tests, benchmarks). */
export function ephemeralAuditSigningKey(name = 'opsdesk.test/audit'): AuditSigningKey {
  return auditSigningKey(name, generateKeyPairSync('ed25519').privateKey);
}

export interface LoadedAuditKey {
  key: AuditSigningKey;
  path: string;
  generated: boolean;
}

/**
 * Load the key named by `file`, or the one in `dataDir` (made there when missing). Throws
 * AuditKeyError with one line naming the file and what is wrong with it.
 */
export function loadAuditSigningKey(options: { file?: string; dataDir: string; name: string; logger: Logger }): LoadedAuditKey {
  const path = resolve(options.file ?? join(options.dataDir, GENERATED_KEY_FILE));
  let pem: string | undefined;
  let generated = false;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.file) {
      throw new AuditKeyError(`audit signing key ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (pem === undefined) {
    pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    try {
      mkdirSync(options.dataDir, { recursive: true });
      // 'wx': another process that made the file first wins, and we read its key.
      writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
      generated = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AuditKeyError(`audit signing key ${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      pem = readFileSync(path, 'utf8');
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new AuditKeyError(`audit signing key ${path} is not a PEM private key (PKCS#8 Ed25519 expected)`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AuditKeyError(`audit signing key ${path} is a ${privateKey.asymmetricKeyType} key, not Ed25519`);
  }
  const key = auditSigningKey(options.name, privateKey);
  if (generated) {
    options.logger.warn({ path, verifierKey: key.verifierKey, keyId: key.keyIdHex }, 'made a new audit signing key; keep the file safe, and give every instance the same one');
  } else if ((statSync(path).mode & 0o077) !== 0) {
    options.logger.warn({ path }, 'the audit signing key file is readable by others than its owner (chmod 600 it)');
  }
  options.logger.info({ verifierKey: key.verifierKey, keyId: key.keyIdHex }, 'audit checkpoints are signed with this key');
  return { key, path, generated };
}
