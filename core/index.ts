/**
 * Assembling a core: the kernel with the capabilities it is given (app/capabilities.ts lists them),
 * and the first-start bootstrap of the provider org.
 */
import { randomUUID } from 'node:crypto';
import { systemActor } from './actor.ts';
import { Core, type CoreOptions } from './core.ts';
import { bootstrapProvider } from './directory/orgs.ts';

export { Core } from './core.ts';

export function createCore(options: CoreOptions): Core {
  return new Core(options);
}

export interface BootstrapResult {
  orgId: string;
  adminPersonId: string;
  /** The bootstrap token's id (to revoke it by, once a named admin has a token of their own). */
  tokenId: string;
  /** Shown once: only its hash is stored. */
  token: string;
}

/**
 * Create the provider org and a bootstrap admin when the database has none. Safe to call from
 * several instances at once: exactly one creates them, the others get undefined.
 */
export async function bootstrapIfEmpty(
  core: Core,
  input: { orgName?: string; orgSlug?: string; adminName?: string; adminEmail?: string } = {},
): Promise<BootstrapResult | undefined> {
  if (await core.loadProviderOrg()) return undefined;
  const providerOrgId = randomUUID();
  const actor = systemActor('bootstrap', 'system', `bootstrap-${providerOrgId}`);
  const result = await core.execute(bootstrapProvider, actor, { ...input, providerOrgId }).catch((error) => {
    // Another instance may have bootstrapped between our check and our insert.
    if ((error as { code?: string }).code === 'CONFLICT') return undefined;
    throw error;
  });
  await core.loadProviderOrg();
  return result;
}
