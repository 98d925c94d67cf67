#!/usr/bin/env node
/**
 * The compiled build: `app/cli/main.ts` bundled by esbuild into `dist/opsdesk.js` (ESM, Node 20),
 * one chunk per lazily imported command module, packages left to node_modules, source maps beside.
 *
 *   node scripts/build.mjs [--outdir DIR]      (npm run build; npm ci runs it as `prepare`)
 *
 * Prints one line on success, esbuild's messages and exit 1 on failure.
 *
 * Assets read at run time (`new URL('../../schema.graphql', import.meta.url)` and the like) stay in
 * the source tree: the plugin below rewrites each such relative URL into the same file's path as seen
 * from the output directory, so `dist/` reads `<root>/schema.graphql`, `<root>/db/migrations`, ...
 * and the sources keep their natural form for tsx and vitest.
 *
 * Every output file is written beside the others (no subfolders), so one relative path serves the
 * entry and every chunk. Files are written to a temporary name and renamed, the entry and the
 * manifest last: a process starting during a rebuild runs either the old build or the new one.
 *
 * `dist/build.json` (the manifest) lists the inputs with their size, mtime and hash; `isFresh` tells
 * bin/opsdesk.mjs whether any source changed since, so a stale build is never what runs.
 *
 * The web console (web/, React) is built by Vite into `<outdir>/web/` (dist/web/: index.html and
 * assets/ with hashed names, which doors/web serves). Vite writes into a temporary folder first;
 * the new assets are moved in beside the old ones, index.html last, and the assets of the build
 * before the previous one are removed, as for the server's chunks. Every file under web/ is an
 * input of the manifest, so a changed page makes the build stale too.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = join(ROOT, 'dist');
/** The file an output directory's build starts from. */
export const ENTRY_FILE = 'opsdesk.js';
const MANIFEST = 'build.json';
/** Inputs that change the output without being bundled. */
const BUILD_INPUTS = ['scripts/build.mjs', 'tsconfig.json'];
/** The web console's sources, and where its build goes inside the output directory. */
const WEB_SOURCES = 'web';
export const WEB_DIR = 'web';

/** `new URL(<first argument>, import.meta.url)`. */
const URL_FROM_MODULE = /new URL\(\s*([^(),]*?)\s*,\s*import\.meta\.url\s*\)/g;
/** A literal relative path, in either quote: './x', '../x', '.', '..'. */
const RELATIVE_LITERAL = /^(['"])(\.\.?(?:\/[^'"\n]*)?)\1$/;

/**
 * Rewrites `new URL('<relative>', import.meta.url)` in the project's own sources into the same
 * target relative to `outdir`. Fails the build when the target does not exist, or when the path is
 * not a literal (it could not be rewritten, and would break in the build only).
 */
function assetUrls(outdir, seen) {
  return {
    name: 'opsdesk-asset-urls',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        // Stat before reading: a file edited meanwhile has a newer mtime, and then its hash decides.
        const stat = statSync(args.path);
        const bytes = readFileSync(args.path);
        seen.set(args.path, { size: stat.size, mtimeMs: stat.mtimeMs, sha256: createHash('sha256').update(bytes).digest('hex') });
        const source = bytes.toString('utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        const errors = [];
        const at = (offset, text) => {
          const before = source.slice(0, offset).split('\n');
          const line = before.length;
          return { text, location: { file: args.path, line, column: before[line - 1].length, lineText: source.split('\n')[line - 1] } };
        };
        const contents = source.replace(URL_FROM_MODULE, (whole, argument, offset) => {
          const literal = RELATIVE_LITERAL.exec(argument);
          if (!literal) {
            errors.push(at(offset, `new URL(${argument}, import.meta.url): only a literal relative path can be rewritten for the build`));
            return whole;
          }
          const rel = literal[2];
          const target = resolve(dirname(args.path), rel);
          if (!existsSync(target)) {
            errors.push(at(offset, `${rel} (${relative(ROOT, target)}) does not exist`));
            return whole;
          }
          let fromOut = relative(outdir, target).split(sep).join('/');
          if (fromOut !== '..' && !fromOut.startsWith('../')) fromOut = `./${fromOut}`;
          if (rel.endsWith('/') && !fromOut.endsWith('/')) fromOut += '/';
          return `new URL(${JSON.stringify(fromOut)}, import.meta.url)`;
        });
        return errors.length ? { errors } : { contents, loader: 'ts' };
      });
    },
  };
}

const hashOf = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** An input's size, mtime and hash, as `isFresh` compares them. */
function fingerprint(file) {
  const stat = statSync(join(ROOT, file));
  return { size: stat.size, mtimeMs: stat.mtimeMs, sha256: hashOf(join(ROOT, file)) };
}

function readManifest(outdir) {
  try {
    return JSON.parse(readFileSync(join(outdir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * True when `outdir` holds a build of the current sources: every input has the size and mtime it
 * had at build time, or else the same content. Costs a stat per input (about 200).
 */
export function isFresh(outdir = DIST) {
  const manifest = readManifest(outdir);
  if (!manifest?.inputs || !existsSync(join(outdir, ENTRY_FILE)) || !existsSync(join(outdir, WEB_DIR, 'index.html'))) return false;
  // A file added to web/ since the build is not in the manifest: count them.
  if (manifest.webSources !== undefined && webSources().length !== manifest.webSources) return false;
  for (const [file, was] of Object.entries(manifest.inputs)) {
    let stat;
    try {
      stat = statSync(join(ROOT, file));
    } catch {
      return false;
    }
    if (stat.size === was.size && stat.mtimeMs === was.mtimeMs) continue;
    if (stat.size !== was.size || hashOf(join(ROOT, file)) !== was.sha256) return false;
  }
  return true;
}

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** Every file of the web console's sources (relative to ROOT), generated documents included. */
function webSources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else files.push(path);
    }
  };
  if (existsSync(join(ROOT, WEB_SOURCES))) walk(WEB_SOURCES);
  return files.sort();
}

/**
 * Build the web console with Vite into `<out>/web/`. Resolves with its outputs (paths relative to
 * `<out>/web`) and the gzipped size of the first load (index.html's script and styles).
 */
async function buildWeb(out, previous) {
  const vite = await import('vite');
  const target = join(out, WEB_DIR);
  const temporary = join(out, `.web-${process.pid}.tmp`);
  try {
    await vite.build({
      configFile: join(ROOT, WEB_SOURCES, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: temporary, emptyOutDir: true },
    });
    mkdirSync(join(target, 'assets'), { recursive: true });
    const assets = readdirSync(join(temporary, 'assets'));
    for (const file of assets) renameSync(join(temporary, 'assets', file), join(target, 'assets', file));
    const html = readFileSync(join(temporary, 'index.html'));
    writeAtomically(join(target, 'index.html'), html);
    const outputs = assets.map((file) => `assets/${file}`);
    // The previous build's assets stay one more round (a page loaded from it may still ask for a chunk).
    const previousOutputs = (previous?.webOutputs ?? []).filter((file) => !outputs.includes(file));
    const keep = new Set([...outputs, ...previousOutputs]);
    for (const file of readdirSync(join(target, 'assets'))) {
      if (!keep.has(`assets/${file}`)) rmSync(join(target, 'assets', file), { force: true });
    }
    const firstLoad = [...html.toString('utf8').matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(([, file]) => file);
    const gzipped = firstLoad.reduce((sum, file) => sum + gzipSync(readFileSync(join(target, file))).byteLength, 0);
    return { outputs, previousOutputs, gzipped, files: outputs.length + 1 };
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}

/**
 * Build into `outdir` (default dist/): the server bundle, then the web console into `<outdir>/web/`.
 * Resolves with what was written; throws with esbuild's or Vite's messages (already printed to
 * stderr) when the build fails.
 */
export async function build({ outdir = DIST } = {}) {
  const started = performance.now();
  const out = resolve(outdir);
  const esbuild = await import('esbuild');
  const seen = new Map();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [{ in: 'app/cli/main.ts', out: 'opsdesk' }],
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    // The sources are in the tree beside dist/; the maps point at them.
    sourcesContent: false,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    metafile: true,
    write: false,
    logLevel: 'error',
    plugins: [assetUrls(out, seen)],
  });
  mkdirSync(out, { recursive: true });
  const entry = join(out, ENTRY_FILE);
  const files = result.outputFiles;
  // Chunks first, the entry (and its map) after them, the manifest last.
  const isEntry = (path) => path === entry || path === `${entry}.map`;
  for (const file of [...files.filter((f) => !isEntry(f.path)), ...files.filter((f) => isEntry(f.path))]) {
    writeAtomically(file.path, file.contents);
  }
  const outputs = files.map((f) => relative(out, f.path));
  const previous = readManifest(out);
  const inputs = {};
  for (const file of [...Object.keys(result.metafile.inputs), ...BUILD_INPUTS].sort()) {
    if (isAbsolute(file) || file.startsWith('..') || file.includes('node_modules')) continue;
    inputs[file] = seen.get(join(ROOT, file)) ?? fingerprint(file);
  }
  const previousOutputs = (previous?.outputs ?? []).filter((file) => !outputs.includes(file));
  // Fingerprint the web sources before Vite reads them: an edit meanwhile makes the next start rebuild.
  const sources = webSources();
  for (const file of sources) inputs[file] = fingerprint(file);
  const web = await buildWeb(out, previous);
  writeAtomically(
    join(out, MANIFEST),
    JSON.stringify(
      { builtAt: new Date().toISOString(), outputs, previousOutputs, webOutputs: web.outputs, webPreviousOutputs: web.previousOutputs, webSources: sources.length, inputs },
      null,
      1,
    ),
  );
  // Chunks of the build before the previous one (names carry a content hash). The previous build's
  // stay one more round: a process started from it may still import one of its chunks on demand.
  const keep = new Set([...outputs, ...previousOutputs]);
  for (const old of previous?.previousOutputs ?? []) {
    if (!keep.has(old) && !old.includes('/') && !old.includes('\\')) rmSync(join(out, old), { force: true });
  }
  const code = files.filter((f) => f.path.endsWith('.js'));
  return {
    outdir: out,
    chunks: code.length - 1,
    bytes: code.reduce((sum, f) => sum + f.contents.byteLength, 0),
    inputs: Object.keys(inputs).length,
    web,
    ms: performance.now() - started,
    metafile: result.metafile,
  };
}

/** The one line `npm run build` prints. */
export function summary(built) {
  const where = relative(process.cwd(), built.outdir) || '.';
  return (
    `built ${where}/${ENTRY_FILE} and ${built.chunks} chunks (${(built.bytes / 1024).toFixed(0)} KiB, source maps beside) ` +
    `and ${where}/${WEB_DIR}/ (${built.web.files} files, first load ${(built.web.gzipped / 1024).toFixed(0)} KiB gzipped) ` +
    `from ${built.inputs} files in ${(built.ms / 1000).toFixed(2)} s`
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  const outdir = at >= 0 ? args[at + 1] : undefined;
  if ((at >= 0 && !outdir) || args.length !== (at >= 0 ? 2 : 0)) {
    console.error('usage: node scripts/build.mjs [--outdir DIR]');
    process.exit(2);
  }
  try {
    console.log(summary(await build({ outdir })));
  } catch (error) {
    // esbuild and Vite have printed their messages (logLevel error); anything else is said here.
    if (!error?.errors) console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
