/**
 * Lanes: a durable sender's rows go out in order per lane (a Slack channel, one email recipient).
 * A round sends the head of every lane that may send now; a head waiting (for its retry, or its
 * lane's pace) holds its lane, so what was queued after it waits too and order per lane holds
 * through an outage, while other lanes go on.
 */

export interface RoundOptions<Row> {
  /** The first pending row of every lane. */
  heads: readonly Row[];
  now: number;
  /** When the head may be sent (ms since the epoch): its retry time, its lane's pace. */
  readyAt(head: Row): number;
  /** Last preparations of a head about to be sent (Slack folds later renders into it). */
  prepare?(head: Row): Promise<Row>;
  send(row: Row): Promise<void>;
  /** Heads sent in one round at most; the others wait for the next round. */
  maxLanes: number;
  /** Lanes sent to at the same time. */
  parallel: number;
}

/** One round; returns how many heads were sent and when the next waiting lane may send. */
export async function sendRound<Row>(options: RoundOptions<Row>): Promise<{ sent: number; wakeAt: number | undefined }> {
  let wakeAt: number | undefined;
  const ready: Row[] = [];
  for (const head of options.heads) {
    const readyAt = options.readyAt(head);
    if (readyAt > options.now) {
      wakeAt = Math.min(wakeAt ?? Infinity, readyAt);
      continue;
    }
    if (ready.length === options.maxLanes) continue;
    ready.push(options.prepare ? await options.prepare(head) : head);
  }
  for (let i = 0; i < ready.length; i += options.parallel) {
    await Promise.all(ready.slice(i, i + options.parallel).map((row) => options.send(row)));
  }
  return { sent: ready.length, wakeAt };
}
