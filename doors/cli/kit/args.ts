/** Flags with node's `util.parseArgs`, turning its complaints into a usage error (exit 2). */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

export { UsageError };

type FlagSpec = { type: 'string'; multiple?: boolean } | { type: 'boolean' };
type FlagValues<O extends Record<string, FlagSpec>> = {
  [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : O[K] extends { multiple: true } ? string[] : string;
};

/** Parse `args` strictly: unknown flags, positionals and a flag without its value are usage errors. */
export function parseFlags<const O extends Record<string, FlagSpec>>(args: string[], options: O, usage: string): FlagValues<O> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values as FlagValues<O>;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(message, usage);
  }
}

/** A flag that must be there and not be empty. */
export function required(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${flag} is required`, usage);
  return value;
}
