/**
 * vitest globalSetup for the browser tests: when Chromium is missing, the browser test files are
 * skipped and this prints ONE line for the whole run (not one per file), at its end. The first
 * file that skips claims a marker file in a directory of this run's own (test/support/browser.ts);
 * the teardown prints what it says and removes the directory. A run without browser test files
 * prints nothing.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const BUILDS = fileURLToPath(new URL('../../.build', import.meta.url));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default function setup(project: TestProject): () => void {
  mkdirSync(BUILDS, { recursive: true });
  // Directories left by runs that were killed before their teardown.
  for (const name of readdirSync(BUILDS)) {
    const pid = Number(/^browser-(\d+)-/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !alive(pid)) rmSync(join(BUILDS, name), { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(BUILDS, `browser-${process.pid}-`));
  const marker = join(dir, 'skipped');
  project.provide('browserSkipMarker', marker);
  return () => {
    if (existsSync(marker)) console.log(`\n${readFileSync(marker, 'utf8')}`);
    rmSync(dir, { recursive: true, force: true });
  };
}
