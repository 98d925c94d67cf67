/**
 * Reads of export jobs and their archives, for who may take the org's back-up: a job of an org the
 * actor cannot see is not found; of an org they see but may not export, forbidden.
 */
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { orgExports, type OrgExportRow } from '../../db/schema.ts';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { orgById, requireOrg, uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { storedChunks, exportRow } from './internal/store.ts';
import { exportFileName, exportView, type ExportManifest, type OrgExportView } from './model.ts';
import { exportPolicy } from './policy.ts';

/** The job, when the actor may take its org's back-up; NOT_FOUND (as if it did not exist) or FORBIDDEN otherwise. */
async function allowedExport(db: Queryable, actor: Actor, id: string): Promise<OrgExportRow> {
  const row = await exportRow(db, id);
  const org = row && (await orgById(db, row.orgId));
  if (!row || !org) throw exportPolicy.notFound();
  exportPolicy.authorize(actor, 'export.take', org);
  return row;
}

export const getOrgExport = defineQuery({
  name: 'getOrgExport',
  input: z.object({ id: uuidSchema }),
  async run({ db, actor, now }, { id }): Promise<OrgExportView> {
    return exportView(await allowedExport(db, actor, id), now);
  },
});

/** The org's exports, newest first (the latest 20: older ones are long expired). */
export const listOrgExports = defineQuery({
  name: 'listOrgExports',
  input: z.object({ orgId: uuidSchema }),
  async run({ db, actor, now }, { orgId }): Promise<OrgExportView[]> {
    const org = await requireOrg(db, orgId);
    exportPolicy.authorize(actor, 'export.take', org);
    const rows = await db.select().from(orgExports).where(eq(orgExports.orgId, org.id)).orderBy(desc(orgExports.createdAt)).limit(20);
    return rows.map((row) => exportView(row, now));
  },
});

export interface ExportArchive {
  fileName: string;
  sizeBytes: number;
  manifest: ExportManifest;
  /** The archive's bytes, read from the database a chunk at a time as they are consumed. */
  chunks: AsyncIterable<Buffer>;
}

/** A kept archive's bytes, while it is kept (the door records the download first: `downloadOrgExport`). */
export const exportArchive = defineQuery({
  name: 'exportArchive',
  input: z.object({ id: uuidSchema }),
  async run({ db, actor, now }, { id }): Promise<ExportArchive> {
    const row = await allowedExport(db, actor, id);
    if (!exportView(row, now).downloadPath) throw new OpsdeskError('NOT_FOUND', 'this export has no archive to download: it failed, it has expired, or the command line wrote it to a file');
    const manifest = row.manifest as ExportManifest;
    return { fileName: exportFileName(manifest.org.slug, row.createdAt), sizeBytes: row.sizeBytes ?? 0, manifest, chunks: storedChunks(db, row.id) };
  },
});
