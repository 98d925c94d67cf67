/**
 * A child process of HTTP callers for the GraphQL-over-HTTP bench: the load comes from another
 * process, not from the event loop of the server it measures. Forked through bin/run-ts.mjs; in
 * over IPC: { url, headers, body, total, concurrency }; out: { latencies, elapsedMs, failures }.
 * Every answer must be 200 with no `errors`: a fast failure is not a result.
 */

interface Job {
  url: string;
  headers: Record<string, string>;
  body: string;
  total: number;
  concurrency: number;
}

const { url, headers, body, total, concurrency } = await new Promise<Job>((resolve) => process.once('message', (job) => resolve(job as Job)));
const latencies: number[] = [];
let failures = 0;
let firstFailure: string | undefined;
let next = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) {
        failures++;
        firstFailure ??= `${response.status} ${text.slice(0, 300)}`;
        continue;
      }
      latencies.push(performance.now() - started);
    }
  }),
);
process.send!({ latencies, elapsedMs: performance.now() - began, failures, firstFailure }, () => process.exit(0));
