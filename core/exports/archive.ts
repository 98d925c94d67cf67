/**
 * The archive of an org's back-up: a zip (written as a stream, each file's size unknown until it
 * ends) of one `<kind>.jsonl` per exporter, `audit.jsonl` (the org's trail in the format of
 * `opsdesk audit export`, with the checkpoint signed for it and the verify result), and
 * `manifest.json` last, naming the kinds with their row counts and sha256. Every kind is read in
 * pages after a cursor and written as it is read: memory holds one page, never the org.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Org } from '../../db/schema.ts';
import type { Actor } from '../actor.ts';
import { exportAuditTrail, type ExportItem } from '../audit/index.ts';
import type { Core } from '../core.ts';
import type { OrgExporter } from '../exporter.ts';
import { EXPORT_FORMAT_VERSION, EXPORT_PAGE_ROWS, type ExportManifest, type ManifestKind } from './model.ts';

export interface ArchiveProgress {
  kindsDone: number;
  rowsDone: number;
}

export interface WrittenArchive {
  manifest: ExportManifest;
  manifestSha256: string;
  /** The archive's size in bytes. */
  sizeBytes: number;
}

/** One file of the archive, hashed and counted as its lines go in. */
class JsonLinesEntry {
  readonly stream = new PassThrough();
  private readonly hash = createHash('sha256');
  rows = 0;
  bytes = 0;

  constructor(
    readonly file: string,
    private readonly broken: Promise<never>,
  ) {}

  /** Write lines, one per value, in one write (a page at a time: one small write per row costs more than the rows). */
  async write(values: readonly unknown[], rows = values.length): Promise<void> {
    if (values.length === 0) return;
    const bytes = Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''), 'utf8');
    this.hash.update(bytes);
    this.bytes += bytes.length;
    this.rows += rows;
    if (!this.stream.write(bytes)) await Promise.race([once(this.stream, 'drain'), this.broken]);
  }

  end(kind: string): ManifestKind {
    this.stream.end();
    return { kind, file: this.file, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** How many files an archive has with these exporters: one per kind, and the audit trail. */
export const kindsOf = (exporters: readonly OrgExporter[]) => exporters.length + 1;

/**
 * Write the org's archive to `output`, reading as `actor` (who must be allowed the org's audit
 * trail: the export's own policy was asked before). `onProgress` runs after every page; a throw
 * from it abandons the archive.
 */
export async function writeOrgArchive(
  core: Core,
  actor: Actor,
  org: Org,
  exportId: string | null,
  output: Writable,
  onProgress: (progress: ArchiveProgress) => Promise<void> = async () => {},
): Promise<WrittenArchive> {
  const createdAt = core.clock.now();
  const zip = new yazl.ZipFile();
  let sizeBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  const written = pipeline(zip.outputStream, counter, output);
  // A reader gone (a full disk, a closed connection) ends every wait for room at once.
  const broken = written.then(() => new Promise<never>(() => {}));
  broken.catch(() => {});
  const progress: ArchiveProgress = { kindsDone: 0, rowsDone: 0 };
  const open = (file: string) => {
    const entry = new JsonLinesEntry(file, broken);
    zip.addReadStream(entry.stream, file, { mtime: createdAt });
    return entry;
  };
  try {
    const kinds: ManifestKind[] = [];
    for (const exporter of core.exporters) {
      const entry = open(`${exporter.kind}.jsonl`);
      for (let after: string | null = null; ; ) {
        const page = await exporter.page(core.database.db, org.id, after, EXPORT_PAGE_ROWS);
        await entry.write(page.rows);
        progress.rowsDone += page.rows.length;
        if (page.next === null) break;
        await onProgress(progress);
        after = page.next;
      }
      kinds.push(entry.end(exporter.kind));
      progress.kindsDone++;
      await onProgress(progress);
    }
    const audit = open('audit.jsonl');
    let checkpoint: ExportManifest['audit']['checkpoint'] | undefined;
    let verify: ExportManifest['audit']['verify'] | undefined;
    // The trail comes an event at a time: written a page at a time.
    let page: ExportItem[] = [];
    const flush = async () => {
      await audit.write(page, page.filter((item) => item.type === 'event').length);
      page = [];
      await onProgress({ ...progress, rowsDone: progress.rowsDone + audit.rows });
    };
    for await (const item of exportAuditTrail(core, actor, org.id)) {
      page.push(item);
      if (item.type === 'checkpoint') {
        const { seq, size, headHash, keyId, signedAt, note } = item.checkpoint;
        checkpoint = { seq, size, headHash, keyId, signedAt: signedAt.toISOString(), note };
      }
      if (item.type === 'verify') verify = item.result;
      if (page.length === EXPORT_PAGE_ROWS) await flush();
    }
    await audit.write(page, page.filter((item) => item.type === 'event').length);
    const auditKind = audit.end('audit');
    progress.rowsDone += auditKind.rows;
    progress.kindsDone++;
    await onProgress(progress);
    const manifest: ExportManifest = {
      format: 'opsdesk-org-export',
      formatVersion: EXPORT_FORMAT_VERSION,
      org: { id: org.id, slug: org.slug, name: org.name },
      exportId,
      createdAt: createdAt.toISOString(),
      kinds: [...kinds, auditKind],
      audit: { file: auditKind.file, events: auditKind.rows, checkpoint: checkpoint!, verify: verify! },
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
    zip.addBuffer(manifestBytes, 'manifest.json', { mtime: createdAt });
    zip.end();
    await written;
    return { manifest, manifestSha256: createHash('sha256').update(manifestBytes).digest('hex'), sizeBytes };
  } catch (error) {
    // Half an archive must not look whole: the output is torn down, never ended.
    output.destroy(error as Error);
    await written.catch(() => {});
    throw error;
  }
}
