/**
 * Running the real `opsdesk` command as a child process, on a database of its own: a fresh PGlite
 * data directory, or a fresh PostgreSQL database on the TEST_DATABASE_URL server. The command is the
 * compiled build, as containers run it (`node --enable-source-maps dist/opsdesk.js`), built once for
 * this test run by test/support/cli-build.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { inject, vi } from 'vitest';
import { openDatabase, type Database } from '../../../db/client.ts';
import { createPostgresDatabase, type Backend } from '../../support/db.ts';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Each test here starts Node processes that open a database and run migrations: under a heavy load
 * (CI beside other work) one start took over 30 s. Time is generous: these tests assert what the
 * command does, never how fast, and a quiet machine finishes them in seconds anyway.
 */
export const CLI_TIMEOUT_MS = 150_000;
vi.setConfig({ testTimeout: CLI_TIMEOUT_MS + 30_000, hookTimeout: CLI_TIMEOUT_MS + 30_000 });
const OPSDESK = ['--enable-source-maps', inject('cliEntry')];

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: this process's, minus anything that would point it elsewhere. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'PORT', 'HOST', 'SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']) {
    delete env[key];
  }
  return { ...env, LOG_LEVEL: 'silent', ...extra };
}

export function runCli(args: string[], env: Record<string, string>, timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...OPSDESK, ...args], { cwd: ROOT, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`opsdesk ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** `opsdesk serve` on a free port; resolves once its log says where it listens. */
export function startServe(env: Record<string, string>, timeoutMs = CLI_TIMEOUT_MS): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...OPSDESK, 'serve'], {
    cwd: ROOT,
    // Not NODE_ENV=test, as under vitest: libraries behave as in production (Apollo's signal handlers).
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve did not listen in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = listeningUrl(stdout);
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, stdout: () => stdout, stderr: () => stderr, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening\n${stdout}\n${stderr}`));
    });
  });
}

/** The url of the pino line `opsdesk is listening` (log lines are JSON on stdout). */
export function listeningUrl(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'opsdesk is listening' && entry.url) return entry.url;
    } catch {
      // a partial line; the next chunk completes it
    }
  }
  return undefined;
}

/** A database for the CLI, on one backend: the env that points the child at it, and direct access. */
export interface CliDatabase {
  backend: Backend;
  env: Record<string, string>;
  /** Open it in this process (for PGlite only while no child holds it). */
  open(): Promise<Database>;
  /** Run raw SQL statements against it (for PGlite only while no child holds it). */
  sql(statements: string): Promise<void>;
  dispose(): Promise<void>;
}

export async function createCliDatabase(backend: Backend): Promise<CliDatabase> {
  if (backend === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'opsdesk-cli-'));
    return {
      backend,
      env: { DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      async sql(statements) {
        const pg = await PGlite.create(dataDir);
        try {
          await pg.exec(statements);
        } finally {
          await pg.close();
        }
      },
      async dispose() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createPostgresDatabase();
  // Where the audit signing key is made: the CLI and the server share it, as instances must.
  const keyDir = mkdtempSync(join(tmpdir(), 'opsdesk-cli-key-'));
  return {
    backend,
    env: { DATABASE_URL: url, DATA_DIR: keyDir },
    open: () => openDatabase({ databaseUrl: url, max: 2 }),
    async sql(statements) {
      const client = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await client.unsafe(statements);
      } finally {
        await client.end();
      }
    },
    async dispose() {
      rmSync(keyDir, { recursive: true, force: true });
      await drop();
    },
  };
}
