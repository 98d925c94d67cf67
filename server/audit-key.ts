import type { Express } from 'express';
import type { Host } from './door.ts';

/**
 * `/.well-known/opsdesk-audit-key`: what an auditor needs to check checkpoints offline, without
 * signing in: the verifier key (C2SP note format), the key's name (the checkpoints' origin), its id
 * and the PEM public key. Never the private key, which stays in its file.
 */
export function mountAuditKey(app: Express, { core }: Host): void {
  app.get('/.well-known/opsdesk-audit-key', (_req, res) => {
    const key = core.auditKey;
    res.setHeader('cache-control', 'public, max-age=300');
    res.json({
      algorithm: 'Ed25519',
      format: 'C2SP signed-note verifier key (https://c2sp.org/signed-note); checkpoints: https://c2sp.org/tlog-checkpoint',
      keyName: key.name,
      keyId: key.keyIdHex,
      verifierKey: key.verifierKey,
      publicKeyPem: key.publicKeyPem,
    });
  });
}
