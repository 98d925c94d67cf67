/**
 * Asking for an org's back-up, and taking it away. Starting one records `export.requested` and arms
 * the run (runner.ts); the archive is then written by whichever instance claims that timer. A
 * download records `export.downloaded` before the first byte leaves.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { orgExports } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { requireOrg, uuidSchema } from '../directory/index.ts';
import { OpsdeskError } from '../errors.ts';
import { ExportEvents } from './events.ts';
import { armRun, armWatch } from './internal/lifecycle.ts';
import { exportRow } from './internal/store.ts';
import { exportView, type OrgExportView } from './model.ts';
import { exportPolicy } from './policy.ts';

const IN_FLIGHT = ['queued', 'running'] as const;

export const startOrgExport = defineCommand({
  name: 'startOrgExport',
  input: z.object({
    orgId: uuidSchema,
    /**
     * `caller`: the caller writes the archive itself, now, on this instance (the operator's
     * `opsdesk export`), and nothing is kept; `stored`: a job writes it and keeps it for a link.
     */
    delivery: z.enum(['stored', 'caller']).default('stored'),
  }),
  async run(ctx, input): Promise<OrgExportView> {
    const org = await requireOrg(ctx.tx, input.orgId);
    exportPolicy.authorize(ctx.actor, 'export.take', org);
    // One at a time per org: an archive is the whole org, and a second adds nothing but load.
    const [busy] = await ctx.tx
      .select({ id: orgExports.id })
      .from(orgExports)
      .where(and(eq(orgExports.orgId, org.id), inArray(orgExports.state, [...IN_FLIGHT])))
      .limit(1);
    if (busy) throw new OpsdeskError('CONFLICT', 'an export of this organisation is already under way', { exportId: busy.id });
    const [row] = await ctx.tx
      .insert(orgExports)
      .values({
        orgId: org.id,
        requestedById: ctx.actor.type === 'person' ? ctx.actor.id : null,
        delivery: input.delivery,
        ...(input.delivery === 'caller' ? { state: 'running' as const, attempts: 1, heartbeatAt: ctx.now } : {}),
        createdAt: ctx.now,
      })
      .returning();
    await ctx.record(ExportEvents.requested(row!, { exportId: row!.id }));
    if (input.delivery === 'stored') await armRun(ctx, row!);
    // The caller's process may die mid-way: the watch then marks it failed.
    else await armWatch(ctx, row!, ctx.now);
    return exportView(row!, ctx.now);
  },
});

/** Taking the archive away: allowed to who may take the org's back-up, while it is kept. */
export const downloadOrgExport = defineCommand({
  name: 'downloadOrgExport',
  input: z.object({ exportId: uuidSchema }),
  async run(ctx, { exportId }): Promise<OrgExportView> {
    const row = await exportRow(ctx.tx, exportId);
    const org = row && (await requireOrg(ctx.tx, row.orgId));
    if (!row || !org) throw exportPolicy.notFound();
    exportPolicy.authorize(ctx.actor, 'export.take', org);
    const view = exportView(row, ctx.now);
    if (row.state === 'queued' || row.state === 'running') throw new OpsdeskError('CONFLICT', 'this export is not finished yet');
    if (!view.downloadPath) throw new OpsdeskError('NOT_FOUND', 'this export has no archive to download: it failed, it has expired, or the command line wrote it to a file');
    await ctx.record(ExportEvents.downloaded(row, { exportId: row.id }));
    return view;
  },
});
