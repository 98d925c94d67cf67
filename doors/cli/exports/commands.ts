/**
 * `opsdesk export`: the org's archive written here, by this process, to a file (default
 * `opsdesk-export-<slug>-<date>.zip` in the working directory). Written beside it under a
 * `.partial` name and renamed when whole, so a file of that name is never half an archive. The
 * export is on the org's chain like any other (requested, completed), as the operator's.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { exportFileName, exportToCaller } from '../../../core/exports/index.ts';
import { parseFlags, required } from '../kit/args.ts';
import type { CliSession } from '../kit/command.ts';
import { FatalError } from '../kit/errors.ts';
import { orgForSlug } from '../directory/people.ts';
import { USAGE } from './index.ts';

export async function orgExport(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' }, out: { type: 'string' } }, USAGE.export);
  const slug = required(flags.org, 'org', USAGE.export);
  return cli.withCore(async (ctx) => {
    const { actor, core } = ctx;
    const org = await orgForSlug(ctx, slug);
    const file = flags.out ?? exportFileName(org.slug, core.clock.now());
    const partial = `${file}.partial`;
    const output = createWriteStream(partial, { flags: 'wx' });
    try {
      await new Promise<void>((resolve, reject) => output.once('open', () => resolve()).once('error', reject));
    } catch (error) {
      throw new FatalError(`cannot write ${partial}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    try {
      const done = await exportToCaller(core, actor, org.id, output);
      await rename(partial, file);
      process.stdout.write(`wrote ${file}: ${done.kindsDone} files, ${done.rowsDone} rows, ${done.sizeBytes} bytes (export ${done.id})\n`);
      return 0;
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  });
}
