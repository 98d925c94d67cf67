/** `--json`: one JSON document on stdout, for scripts; dates as ISO strings. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A whole number given to a flag, or a usage error naming the flag. */
export function wholeNumber(value: string | undefined, flag: string, usage: string, fail: (message: string, usage: string) => Error): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw fail(`--${flag} must be a whole number`, usage);
  return Number(value);
}
