/**
 * Where a stored archive lives: `org_export_chunks`, its bytes in order, in the database that is
 * backed up with the rest and reachable from every instance. Written by the running job as the
 * archive streams out of the zip writer; read back one chunk at a time for a download.
 */
import { Writable } from 'node:stream';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Queryable } from '../../../db/client.ts';
import { orgExportChunks, orgExports, type OrgExportRow } from '../../../db/schema.ts';
import { EXPORT_CHUNK_BYTES } from '../model.ts';

/** A writable that stores what it is given as chunks of the export, in order. */
export class ChunkSink extends Writable {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(
    private readonly db: Queryable,
    private readonly exportId: string,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < EXPORT_CHUNK_BYTES) return done();
    this.flush().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.flush().then(() => done(), done);
  }

  private async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    await this.db.insert(orgExportChunks).values({ exportId: this.exportId, seq: this.seq++, bytes });
  }
}

/** The archive's chunks in order, read one at a time. */
export async function* storedChunks(db: Queryable, exportId: string): AsyncGenerator<Buffer> {
  for (let after = -1; ; ) {
    const [chunk] = await db
      .select()
      .from(orgExportChunks)
      .where(and(eq(orgExportChunks.exportId, exportId), gt(orgExportChunks.seq, after)))
      .orderBy(asc(orgExportChunks.seq))
      .limit(1);
    if (!chunk) return;
    yield chunk.bytes;
    after = chunk.seq;
  }
}

export async function dropChunks(db: Queryable, exportId: string): Promise<void> {
  await db.delete(orgExportChunks).where(eq(orgExportChunks.exportId, exportId));
}

export async function exportRow(db: Queryable, id: string, lock = false): Promise<OrgExportRow | undefined> {
  const query = db.select().from(orgExports).where(eq(orgExports.id, id));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}
