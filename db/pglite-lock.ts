/**
 * The embedded PGlite database belongs to one process. PGlite itself takes no lock: a second
 * process opening the same data directory is not refused, and what both write is partly lost.
 * Whoever opens a data directory (the server, each CLI command) therefore holds
 * `DATA_DIR/opsdesk.lock`, which names its pid, until it closes the database; a lock whose
 * process is gone is taken over.
 */
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseUnavailableError } from './client.ts';

export const LOCK_FILE = 'opsdesk.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Take the data directory's lock or throw a one-line `DatabaseUnavailableError`. Returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, LOCK_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new DatabaseUnavailableError(`cannot create the data directory ${dataDir}: ${(error as Error).message}`);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) {
        throw new DatabaseUnavailableError(`cannot lock the data directory ${dataDir}: ${(error as Error).message}`);
      }
      const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseUnavailableError(
          `the embedded database in ${dataDir} is in use by another opsdesk process (pid ${holder}); ` +
            `stop it first, or use PostgreSQL (DATABASE_URL) to run commands next to a server ` +
            `(if no opsdesk is running, delete ${file})`,
        );
      }
      unlinkSync(file); // left behind by a process that is gone
    }
  }
  const release = () => {
    try {
      if (Number.parseInt(readFileSync(file, 'utf8'), 10) === process.pid) unlinkSync(file);
    } catch {
      // already gone
    }
  };
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}
