/** `access allow|disallow --email EMAIL` and `access eligible`: the list of who may request production access. */
import { listEligible, setAccessEligibility } from '../../../core/access/index.ts';
import { providerOrg } from '../../../core/directory/index.ts';
import { personForEmail } from '../directory/people.ts';
import { parseFlags, required, UsageError } from '../kit/args.ts';
import { ensureProvider } from '../kit/provider.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { USAGE } from './index.ts';


function setEligibility(eligible: boolean, usage: string) {
  return async (args: string[], cli: CliSession): Promise<number> => {
    const email = required(parseFlags(args, { email: { type: 'string' } }, usage).email, 'email', usage).trim().toLowerCase();
    return cli.withCore(async (ctx) => {
      await ensureProvider(ctx);
      // Only provider people may be on the list: the email is looked up among them.
      const provider = await ctx.core.read(providerOrg, ctx.actor, {});
      const person = await personForEmail(ctx, email, { orgSlug: provider.slug, flag: '--org' });
      const result = await ctx.core.execute(setAccessEligibility, ctx.actor, { personId: person.id, eligible });
      process.stdout.write(
        eligible ? `${result.name} may now request production access\n` : `${result.name} may no longer request production access\n`,
      );
      return 0;
    });
  };
}

export const accessAllow = setEligibility(true, USAGE.allow);
export const accessDisallow = setEligibility(false, USAGE.disallow);

export async function accessEligible(args: string[], cli: CliSession): Promise<number> {
  if (args.length > 0) throw new UsageError('access eligible takes no arguments', USAGE.eligible);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const people = await ctx.core.read(listEligible, ctx.actor, {});
    if (people.length === 0) process.stdout.write('nobody may request production access yet\n');
    for (const person of people) process.stdout.write(`${person.name} <${person.email ?? 'no email'}> since ${person.addedAt.toISOString()}\n`);
    return 0;
  });
}
