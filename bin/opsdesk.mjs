#!/usr/bin/env node
// The `opsdesk` command: runs the compiled build, dist/opsdesk.js (scripts/build.mjs; npm ci builds
// it). When any source file changed since that build, or there is none, it is built first (well
// under a second), so a stale build never runs. Containers run `node --enable-source-maps
// dist/opsdesk.js` directly: their sources do not change after `npm ci`.
import { DIST, ENTRY_FILE, build, isFresh } from '../scripts/build.mjs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

if (!isFresh(DIST)) {
  try {
    await build({ outdir: DIST });
  } catch {
    // esbuild has printed what is wrong.
    process.stderr.write('opsdesk: the build failed (see above); run npm run build after fixing it\n');
    process.exit(1);
  }
}
// Stack traces in logs name the TypeScript sources.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(join(DIST, ENTRY_FILE)).href);
