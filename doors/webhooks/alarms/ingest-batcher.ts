/**
 * Group commit for alarm webhooks. Every source's alarms go on the provider's audit chain, whose
 * head each transaction holds until commit: one transaction per request would cap ingest at one
 * commit at a time, whichever source sent it. Instead, requests that arrive while a commit is under
 * way wait and go together in the next one, of every source and caller (one `ingestAlarms`
 * command, one transaction), each event keeping its own request id and its own source as its audit
 * actor. A lone request goes at once: batching adds no delay when there is no queue.
 *
 * Each request still answers only after its alarms are committed. If a shared transaction fails,
 * its requests are tried again one by one, so one request's trouble never fails the others.
 */
import { ingestAlarms, type IncomingAlarm, type IngestOutcome } from '../../../core/alarms/index.ts';
import type { SystemActor } from '../../../core/actor.ts';
import type { Core } from '../../../core/core.ts';

/** The most alarms one transaction takes (the command's own limit). */
const MAX_ALARMS_PER_COMMIT = 1000;

interface Waiting {
  sourceId: string;
  actor: SystemActor;
  alarms: IncomingAlarm[];
  resolve: (outcomes: IngestOutcome[]) => void;
  reject: (error: unknown) => void;
}

export class IngestBatcher {
  private readonly waiting: Waiting[] = [];
  private committing = false;

  constructor(private readonly core: Core) {}

  /** Ingest one request's alarms; resolves with their outcomes once they are committed. */
  ingest(sourceId: string, actor: SystemActor, alarms: IncomingAlarm[]): Promise<IngestOutcome[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ sourceId, actor, alarms, resolve, reject });
      if (!this.committing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.committing = true;
    while (this.waiting.length > 0) {
      const batch = takeBatch(this.waiting);
      if (batch.length === 1) await this.commitAlone(batch[0]!);
      else await this.commitTogether(batch);
    }
    this.committing = false;
  }

  private async commitAlone(request: Waiting): Promise<void> {
    try {
      request.resolve(await this.core.execute(ingestAlarms, request.actor, { sourceId: request.sourceId, alarms: request.alarms }));
    } catch (error) {
      request.reject(error);
    }
  }

  private async commitTogether(batch: Waiting[]): Promise<void> {
    let outcomes: IngestOutcome[];
    try {
      outcomes = await this.core.execute(ingestAlarms, batch[0]!.actor, {
        deliveries: batch.map((request) => ({
          sourceId: request.sourceId,
          requestId: request.actor.requestId,
          actorName: request.actor.name,
          alarms: request.alarms,
        })),
      });
    } catch {
      for (const request of batch) await this.commitAlone(request);
      return;
    }
    let offset = 0;
    for (const request of batch) {
      request.resolve(outcomes.slice(offset, offset + request.alarms.length));
      offset += request.alarms.length;
    }
  }
}

/** The oldest waiting requests, as many as fit one commit (always at least one). */
function takeBatch(waiting: Waiting[]): Waiting[] {
  let alarms = 0;
  let count = 0;
  while (count < waiting.length && (count === 0 || alarms + waiting[count]!.alarms.length <= MAX_ALARMS_PER_COMMIT)) {
    alarms += waiting[count]!.alarms.length;
    count++;
  }
  return waiting.splice(0, count);
}
