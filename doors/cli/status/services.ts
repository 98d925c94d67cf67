/** A service named on the command line: by its name (any case) or its id, among those not archived. */
import { listServices, type ServiceView } from '../../../core/status/index.ts';
import { UsageError } from '../kit/args.ts';
import type { CliContext } from '../kit/command.ts';

export async function serviceNamed(ctx: CliContext, given: string, flag = '--service'): Promise<ServiceView> {
  const services = await ctx.core.read(listServices, ctx.actor, {});
  const wanted = given.trim().toLowerCase();
  const found = services.find((s) => s.id === given.trim() || s.name.toLowerCase() === wanted);
  if (!found) throw new UsageError(`${flag}: no service named "${given}"${services.length ? ` (there are: ${services.map((s) => s.name).join(', ')})` : ''}`);
  return found;
}
