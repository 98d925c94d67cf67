/**
 * A child process of HTTP callers shared by the mixed-load and scale-out benches: the load comes
 * from another process, not from the event loop of the servers it measures. Forked through
 * bin/run-ts.mjs; in over IPC a `Job`; out: { latencies, elapsedMs, failures, firstFailure }.
 *
 * Request n goes to target n modulo their number, with every `{n}` in its body replaced by n (so
 * each alarm has its own fingerprint). With `ratePerSecond`, request n starts no earlier than
 * n / rate seconds after the first: an offered load, not a closed loop (a slow server is then shown
 * as a rate below the offered one, not hidden by callers that wait for it).
 */

export interface CallerTarget {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The status every answer must have (a fast failure is not a result). */
  status: number;
}

export interface CallersJob {
  targets: CallerTarget[];
  total: number;
  concurrency: number;
  ratePerSecond?: number;
}

export interface CallersResult {
  latencies: number[];
  elapsedMs: number;
  failures: number;
  firstFailure?: string;
}

const job = await new Promise<CallersJob>((resolve) => process.once('message', (message) => resolve(message as CallersJob)));
const latencies: number[] = [];
let failures = 0;
let firstFailure: string | undefined;
let next = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: job.concurrency }, async () => {
    while (next < job.total) {
      const n = next++;
      if (job.ratePerSecond) {
        const wait = began + (n * 1000) / job.ratePerSecond - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const target = job.targets[n % job.targets.length]!;
      const started = performance.now();
      try {
        const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body.replaceAll('{n}', String(n)) });
        const text = await response.text();
        if (response.status !== target.status || text.includes('"errors"')) {
          failures++;
          firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
          continue;
        }
      } catch (error) {
        failures++;
        firstFailure ??= (error as Error).message;
        continue;
      }
      latencies.push(performance.now() - started);
    }
  }),
);
process.send!({ latencies, elapsedMs: performance.now() - began, failures, firstFailure } satisfies CallersResult, () => process.exit(0));
