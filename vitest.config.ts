import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS build (no "exports" field); Vite would pick the
    // ESM build for our files while Apollo requires the CommonJS one: two graphql realms.
    alias: { graphql: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests spawn the compiled CLI: built once per run, into a directory of the run's own.
    // Browser tests without Chromium are skipped with one line for the whole run (browser-setup.ts).
    globalSetup: ['test/support/cli-build.ts', 'test/support/browser-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database; two workers suit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent' },
  },
});
