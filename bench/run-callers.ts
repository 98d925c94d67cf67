/** The parent's side of bench/post-callers.ts: fork the callers, hand them a job, wait for their figures. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CallerTarget, CallersJob, CallersResult } from './post-callers.ts';

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
const CALLERS_CHILD = fileURLToPath(new URL('./post-callers.ts', import.meta.url));

export function runCallers(job: CallersJob): Promise<CallersResult> {
  return new Promise((resolve, reject) => {
    const callers = fork(RUN_TS, [CALLERS_CHILD], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    callers.once('message', (result) => resolve(result as CallersResult));
    callers.once('error', reject);
    callers.once('exit', (code) => code !== 0 && reject(new Error(`the callers exited with ${code}`)));
    callers.send(job);
  });
}

/** A single-alarm webhook delivery with its own fingerprint per request (`{n}`), answered 202 once committed. */
export function alarmWebhookTarget(hook: string, secret: string): CallerTarget {
  return {
    url: hook,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    body: JSON.stringify({ fingerprint: 'par-{n}', summary: 'bench par-{n}', severity: 'critical', service: 'bench' }),
    status: 202,
  };
}

/** Run the callers and fail when any request failed: a fast failure is not a result. */
export async function runCallersStrictly(job: CallersJob): Promise<CallersResult> {
  const result = await runCallers(job);
  if (result.failures) throw new Error(`${result.failures} of ${job.total} requests failed; the first: ${result.firstFailure}`);
  return result;
}
