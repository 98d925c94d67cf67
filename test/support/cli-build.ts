/**
 * vitest globalSetup: builds the CLI once per test run, as `npm run build` does, into a directory of
 * this run's own (`.build/test-<pid>-<random>/`, removed at the end), and tells the CLI tests where
 * it is (`inject('cliEntry')`). Its own directory, because two runs at once must not race on one
 * build, and `npm start`'s dist/ is not the tests' to rewrite. Inside the repository, so that the
 * build finds node_modules and the assets (schema.graphql, db/migrations) as dist/ does.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build, ENTRY_FILE, ROOT } from '../../scripts/build.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The compiled CLI this run's tests spawn: `node <cliEntry> <command>`. */
    cliEntry: string;
    /** The web console this run built (`<outdir>/web`), which test servers serve. */
    consoleDir: string;
  }
}

const BUILDS = join(ROOT, '.build');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  mkdirSync(BUILDS, { recursive: true });
  // Builds left by runs that were killed before their teardown.
  for (const name of readdirSync(BUILDS)) {
    const pid = Number(/^test-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
  const outdir = mkdtempSync(join(BUILDS, `test-${process.pid}-`));
  await build({ outdir });
  project.provide('cliEntry', join(outdir, ENTRY_FILE));
  project.provide('consoleDir', join(outdir, 'web'));
  // In watch mode a rerun follows an edit: the CLI tests then run the edited sources.
  project.onTestsRerun(async () => void (await build({ outdir })));
  return () => rmSync(outdir, { recursive: true, force: true });
}
