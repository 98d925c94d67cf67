/** `mail-source create NAME` and `mail-source rotate NAME`: each prints the source's secret once, alone on stdout. */
import { createMailSource, rotateMailSourceSecret } from '../../../core/mail/index.ts';
import { UsageError } from '../kit/args.ts';
import { ensureProvider } from '../kit/provider.ts';
import type { CliSession } from '../kit/command.ts';
import { USAGE } from './index.ts';

async function withSecret(args: string[], cli: CliSession, usage: string, rotate: boolean): Promise<number> {
  if (args.length !== 1 || args[0]!.startsWith('-')) throw new UsageError('give the source one name', usage);
  const name = args[0]!;
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const source = await ctx.core.execute(rotate ? rotateMailSourceSecret : createMailSource, ctx.actor, { name });
    process.stderr.write(
      `${rotate ? 'rotated the secret of' : 'created'} mail source "${source.name}" (id ${source.id}). Its secret, shown only this once, follows on stdout.\n` +
        `Deliver raw mail (content-type: message/rfc822) to POST /hooks/email/${source.name} with "Authorization: Bearer <secret>".\n`,
    );
    process.stdout.write(`${source.secret}\n`);
    return 0;
  });
}

export const mailSourceCreate = (args: string[], cli: CliSession) => withSecret(args, cli, USAGE.mailSourceCreate, false);
export const mailSourceRotate = (args: string[], cli: CliSession) => withSecret(args, cli, USAGE.mailSourceRotate, true);
