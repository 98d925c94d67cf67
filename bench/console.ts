/**
 * The web console's first-load size: what a browser fetches before the first page can render.
 *
 *   BENCH_ONLY=console npm run bench        (or: node bin/run-ts.mjs bench/console.ts)
 *
 * Reads dist/web/index.html (written by `npm run build`), follows the <script src> and the
 * <link rel="stylesheet"> / <link rel="modulepreload"> it references under dist/web/assets/, gzips
 * each file (node:zlib, level 9) and totals JS and CSS. Budget: JS + CSS under 250 KB gzipped
 * (1 KB = 1024 bytes). Without dist/web it says to run `npm run build` and measures nothing.
 * The time from a commit to the change being visible in the page is bench/console-live.ts, run by
 * the same part.
 *
 * Environment: BENCH_WEB_DIR (default dist/web).
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nowMs } from './stats.ts';

export const CONSOLE_TITLE = 'Web console first load: files index.html references, gzip level 9, KB (1 KB = 1024 bytes)';
/** JS + CSS, gzipped. */
export const FIRST_LOAD_BUDGET_KB = 250;

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface ConsoleBenchOptions {
  /** The built console (default dist/web, or BENCH_WEB_DIR). */
  webDir: string;
  log: (line: string) => void;
}

export interface FirstLoadFile {
  /** As referenced, e.g. /assets/index-3f2a.js */
  href: string;
  kind: 'js' | 'css';
  bytes: number;
  gzipBytes: number;
}

export interface FirstLoad {
  files: FirstLoadFile[];
  /** References that were not measured, and why (outside assets/, missing, not JS or CSS). */
  ignored: string[];
  jsGzip: number;
  cssGzip: number;
  jsBytes: number;
  cssBytes: number;
}

export interface ConsoleResult {
  report: string;
  /** Lines for run.ts's summary. */
  summary: string[];
}

export function consoleBenchOptions(log: (line: string) => void): ConsoleBenchOptions {
  const configured = process.env.BENCH_WEB_DIR?.trim();
  return { webDir: configured ? resolve(configured) : join(ROOT, 'dist', 'web'), log };
}

const attribute = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find((v) => v !== undefined);

/** The first-load references of an index.html: script src, and link href for stylesheet / modulepreload. */
export function firstLoadReferences(html: string): string[] {
  const refs: string[] = [];
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, 'src');
    if (src) refs.push(src);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attribute(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attribute(tag, 'href');
    if (href && (rel.includes('stylesheet') || rel.includes('modulepreload'))) refs.push(href);
  }
  return [...new Set(refs)];
}

/** Measures the first load of the console built into `webDir`. */
export function measureFirstLoad(webDir: string): FirstLoad {
  const html = readFileSync(join(webDir, 'index.html'), 'utf8');
  const assets = join(webDir, 'assets');
  const files: FirstLoadFile[] = [];
  const ignored: string[] = [];
  for (const href of firstLoadReferences(html)) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) {
      ignored.push(`${href}: not served by opsdesk`);
      continue;
    }
    const path = join(webDir, href.split(/[?#]/)[0]!.replace(/^\//, ''));
    const inside = relative(assets, path);
    if (inside.startsWith('..') || isAbsolute(inside) || inside.split(sep)[0] === '..') {
      ignored.push(`${href}: outside assets/`);
      continue;
    }
    const kind = path.endsWith('.css') ? 'css' : /\.m?js$/.test(path) ? 'js' : undefined;
    if (!kind) {
      ignored.push(`${href}: neither JS nor CSS`);
      continue;
    }
    if (!existsSync(path)) {
      ignored.push(`${href}: missing from ${relative(ROOT, assets) || assets}`);
      continue;
    }
    const content = readFileSync(path);
    files.push({ href, kind, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length });
  }
  const sum = (kind: 'js' | 'css', key: 'bytes' | 'gzipBytes') => files.filter((f) => f.kind === kind).reduce((n, f) => n + f[key], 0);
  return { files, ignored, jsGzip: sum('js', 'gzipBytes'), cssGzip: sum('css', 'gzipBytes'), jsBytes: sum('js', 'bytes'), cssBytes: sum('css', 'bytes') };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export async function consoleBench(options: ConsoleBenchOptions): Promise<ConsoleResult> {
  const { log } = options;
  const began = nowMs();
  const cpuCount = cpus().length;
  const loadAtStart = loadavg()[0]!;
  const machineAt = () => {
    const loadAtEnd = loadavg()[0]!;
    return (
      `${cpuCount} CPU(s) (${cpus()[0]?.model ?? '?'}); load average (1 min) ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end; ` +
      `run time ${((nowMs() - began) / 1000).toFixed(2)} s`
    );
  };
  const inRepo = relative(ROOT, options.webDir);
  const where = inRepo && !inRepo.startsWith('..') && !isAbsolute(inRepo) ? inRepo : options.webDir;
  if (!existsSync(join(options.webDir, 'index.html'))) {
    const line = `console: no ${where}/index.html: run \`npm run build\` to build the web console, then measure again`;
    return { report: line, summary: [`- first-load size: not measured (${where} not built: run npm run build)`] };
  }
  log(`console: measuring the first load of ${where}`);
  const load = measureFirstLoad(options.webDir);
  const total = load.jsGzip + load.cssGzip;
  const holds = total < FIRST_LOAD_BUDGET_KB * 1024;
  const machine = machineAt();
  const count = (kind: 'js' | 'css') => load.files.filter((f) => f.kind === kind).length;
  const figure =
    `first-load size: JS ${kb(load.jsGzip)} KB gzipped (${kb(load.jsBytes)} KB raw, ${count('js')} file(s)), ` +
    `CSS ${kb(load.cssGzip)} KB gzipped (${kb(load.cssBytes)} KB raw, ${count('css')} file(s)); ` +
    `total ${kb(total)} KB, budget < ${FIRST_LOAD_BUDGET_KB} KB: ${holds ? 'holds' : 'MISSED'}`;
  const report = [
    `\n${CONSOLE_TITLE}`,
    ...load.files.map((f) => `  ${f.kind.padEnd(3)} ${kb(f.gzipBytes).padStart(8)} KB gzipped ${kb(f.bytes).padStart(8)} KB raw  ${f.href}`),
    ...load.ignored.map((i) => `  not counted: ${i}`),
    `  ${figure}`,
    `  ${machine}`,
  ].join('\n');
  return { report, summary: [`- ${figure}`, `  (${machine})`] };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const log = (line: string) => console.log(line);
  consoleBench(consoleBenchOptions(log))
    .then((result) => log(result.report))
    .catch((error: unknown) => {
      console.error('console bench failed:', error);
      process.exitCode = 1;
    });
}
