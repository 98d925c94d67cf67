/**
 * A child process of webhook callers for the alarms bench: the load comes from another process
 * (another core), not from the event loop of the server it measures. Forked through
 * bin/run-ts.mjs; in over IPC: { targets: [{ hook, secret }], total, concurrency } (request n goes to
 * target n modulo their number: several sources); out: { latencies, elapsedMs }.
 */

interface Job {
  targets: Array<{ hook: string; secret: string }>;
  total: number;
  concurrency: number;
}

const { targets, total, concurrency } = await new Promise<Job>((resolve) => process.once('message', (job) => resolve(job as Job)));
const headersOf = targets.map(({ secret }) => ({ 'content-type': 'application/json', authorization: `Bearer ${secret}` }));
const latencies: number[] = [];
let next = 0;
const began = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const n = next++;
      const started = performance.now();
      const target = n % targets.length;
      const response = await fetch(targets[target]!.hook, {
        method: 'POST',
        headers: headersOf[target]!,
        body: JSON.stringify({ fingerprint: `par-${n}`, summary: `bench par-${n}`, severity: 'critical', service: 'bench' }),
      });
      await response.text();
      if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
      latencies.push(performance.now() - started);
    }
  }),
);
process.send!({ latencies, elapsedMs: performance.now() - began }, () => process.exit(0));
