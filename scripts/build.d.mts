/** Types of scripts/build.mjs, for the TypeScript that imports it (the CLI tests' setup, the start-up bench). */
import type { Metafile } from 'esbuild';

/** The repository's root directory (with a trailing separator). */
export const ROOT: string;
/** The build `npm start` and `npx opsdesk` run: <root>/dist. */
export const DIST: string;
/** The file an output directory's build starts from: `node <outdir>/opsdesk.js <command>`. */
export const ENTRY_FILE: string;

export interface Built {
  outdir: string;
  chunks: number;
  bytes: number;
  inputs: number;
  ms: number;
  metafile: Metafile;
}

/** True when `outdir` holds a build of the current sources. */
export function isFresh(outdir?: string): boolean;
/** Build into `outdir` (default dist/); rejects (esbuild has printed why) when the build fails. */
export function build(options?: { outdir?: string }): Promise<Built>;
/** The one line `npm run build` prints. */
export function summary(built: Built): string;
