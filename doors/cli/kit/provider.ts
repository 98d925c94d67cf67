/**
 * The first command on an empty database creates the provider org and its bootstrap admin, as the
 * first `serve` would; the one-time token is told on stderr so that stdout stays the command's.
 */
import { bootstrapIfEmpty, type BootstrapResult } from '../../../core/index.ts';
import type { CliContext } from './command.ts';
import { bootstrapNotice } from './output.ts';

export async function ensureProvider(
  ctx: CliContext,
  options: { /** false when the caller shows the token itself */ announce?: boolean } = {},
): Promise<BootstrapResult | undefined> {
  if (ctx.core.providerId) return undefined;
  const result = await bootstrapIfEmpty(ctx.core, {
    orgName: ctx.config.OPSDESK_PROVIDER_NAME,
    orgSlug: ctx.config.OPSDESK_PROVIDER_SLUG,
    adminEmail: ctx.config.OPSDESK_ADMIN_EMAIL,
  });
  if (result && options.announce !== false) process.stderr.write(bootstrapNotice(result, ctx.config));
  return result;
}
