/**
 * Group commit across sources: requests of several alarm sources that wait while a commit is under
 * way go together in the next transaction, each event on the trail under its own source and request
 * id; the same fingerprint from two sources is two alarms; a batch that fails is retried request by
 * request, so one request's trouble fails no other. The real core on PGlite; only the commit of the
 * first request is held until the others have queued.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type SystemActor } from '../../../core/actor.ts';
import type { Core } from '../../../core/core.ts';
import { alarms, auditEvents } from '../../../db/schema.ts';
import { IngestBatcher } from '../../../doors/webhooks/alarms/ingest-batcher.ts';
import { makeAlarmSource } from '../../support/alarms.ts';
import { backends, createTestDatabase, type TestDatabase } from '../../support/db.ts';
import { startTestServer, type TestServer } from '../../support/server.ts';

const actorOf = (sourceName: string, requestId: string): SystemActor => ({ ...systemActor('webhook', 'webhook', requestId), name: `alarm source ${sourceName}` });

/** The core, with the first commit held until `release()` and every command's input kept. */
function gatedCore(core: Core) {
  const inputs: unknown[] = [];
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const gated = new Proxy(core, {
    get(target, key, receiver) {
      if (key !== 'execute') return Reflect.get(target, key, receiver);
      return async (command: never, actor: never, input: never) => {
        inputs.push(input);
        if (inputs.length === 1) await gate;
        return target.execute(command, actor, input);
      };
    },
  });
  return { core: gated, inputs, release };
}

describe.each(backends)('group commit of alarm deliveries across sources on %s', (backend) => {
  let db: TestDatabase;
  let server: TestServer;
  let prometheus: { id: string; name: string };
  let nagios: { id: string; name: string };

  beforeAll(async () => {
    db = await createTestDatabase(backend);
    server = await startTestServer(db.database);
    prometheus = await makeAlarmSource(server.core, 'prometheus');
    nagios = await makeAlarmSource(server.core, 'nagios');
  });
  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('commits the deliveries of two sources that waited in one transaction, each event under its own source and request', async () => {
    const { core, inputs, release } = gatedCore(server.core);
    const batcher = new IngestBatcher(core);
    const firing = (fingerprint: string) => [{ fingerprint, summary: `Down: ${fingerprint}`, severity: 'critical' as const, status: 'firing' as const }];
    const first = batcher.ingest(prometheus.id, actorOf('prometheus', 'req-first'), firing('first'));
    const waiting = [
      batcher.ingest(prometheus.id, actorOf('prometheus', 'req-p1'), firing('shared')),
      batcher.ingest(nagios.id, actorOf('nagios', 'req-n1'), firing('shared')),
      batcher.ingest(nagios.id, actorOf('nagios', 'req-n2'), firing('nagios-only')),
    ];
    release();
    const [alone, ...together] = await Promise.all([first, ...waiting]);

    expect(inputs).toHaveLength(2);
    expect(inputs[1]).toEqual({
      deliveries: [
        { sourceId: prometheus.id, requestId: 'req-p1', actorName: 'alarm source prometheus', alarms: firing('shared') },
        { sourceId: nagios.id, requestId: 'req-n1', actorName: 'alarm source nagios', alarms: firing('shared') },
        { sourceId: nagios.id, requestId: 'req-n2', actorName: 'alarm source nagios', alarms: firing('nagios-only') },
      ],
    });
    expect(alone!.map((o) => o.outcome)).toEqual(['triggered']);
    // The same fingerprint of two sources is two alarms, each triggered.
    expect(together.map((outcomes) => outcomes.map((o) => `${o.fingerprint}:${o.outcome}`))).toEqual([['shared:triggered'], ['shared:triggered'], ['nagios-only:triggered']]);
    const ids = together.map((outcomes) => outcomes[0]!.alarmId!);
    expect(new Set(ids).size).toBe(3);
    const rows = await server.core.database.db.select().from(alarms).where(inArray(alarms.id, ids));
    expect(new Map(rows.map((r) => [r.id, r.sourceId]))).toEqual(new Map([[ids[0], prometheus.id], [ids[1], nagios.id], [ids[2], nagios.id]]));
    const trail = await server.core.database.db.select().from(auditEvents).where(inArray(auditEvents.subjectId, ids));
    const byAlarm = new Map(trail.map((e) => [e.subjectId, [e.actorName, e.requestId, e.door]]));
    expect(ids.map((id) => byAlarm.get(id))).toEqual([
      ['alarm source prometheus', 'req-p1', 'webhook'],
      ['alarm source nagios', 'req-n1', 'webhook'],
      ['alarm source nagios', 'req-n2', 'webhook'],
    ]);
    // One transaction: one instant for all three.
    expect(new Set(trail.map((e) => e.at.getTime())).size).toBe(1);
  });

  it('retries a failed batch request by request: the delivery of a source removed meanwhile fails alone', async () => {
    const { core, inputs, release } = gatedCore(server.core);
    const batcher = new IngestBatcher(core);
    const fingerprint = `f-${randomUUID().slice(0, 6)}`;
    const alarm = [{ fingerprint, summary: 'Disk full', severity: 'warning' as const, status: 'firing' as const }];
    const first = batcher.ingest(prometheus.id, actorOf('prometheus', 'req-a'), alarm);
    const unknownSource = batcher.ingest(randomUUID(), actorOf('gone', 'req-gone'), alarm);
    const fine = batcher.ingest(nagios.id, actorOf('nagios', 'req-b'), alarm);
    release();
    await first;
    await expect(unknownSource).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await fine).map((o) => o.outcome)).toEqual(['triggered']);
    // The batch, then each of its requests on its own.
    expect(inputs).toHaveLength(4);
    const [row] = await server.core.database.db.select().from(alarms).where(eq(alarms.id, (await fine)[0]!.alarmId!));
    expect(row!.sourceId).toBe(nagios.id);
  });
});
