/**
 * A service named on the command line, among those not archived: by its id or exact name, else by
 * its name in any case when only one service has it (names are unique as written, not across case).
 */
import { listServices, type ServiceView } from '../../../core/status/index.ts';
import { UsageError } from '../kit/args.ts';
import type { CliContext } from '../kit/command.ts';

export async function serviceNamed(ctx: CliContext, given: string, flag = '--service'): Promise<ServiceView> {
  const services = await ctx.core.read(listServices, ctx.actor, {});
  const name = given.trim();
  const exact = services.find((s) => s.id === name || s.name === name);
  if (exact) return exact;
  const alike = services.filter((s) => s.name.toLowerCase() === name.toLowerCase());
  if (alike.length === 1) return alike[0]!;
  if (alike.length > 1) throw new UsageError(`${flag}: "${given}" could be ${alike.map((s) => `"${s.name}"`).join(' or ')}: give the name as written, or the id`);
  throw new UsageError(`${flag}: no service named "${given}"${services.length ? ` (there are: ${services.map((s) => s.name).join(', ')})` : ''}`);
}
