/**
 * An org's back-up as a download: `GET /exports/:exportId/archive` streams the zip a finished export
 * job wrote (core/exports), while it is kept (24 hours). By the console's session (with its CSRF
 * token) or by a bearer token, for a client's back-up job; the export's policy decides, and the
 * download is on the org's chain before the first byte leaves.
 */
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../core/command.ts';
import { downloadOrgExport, exportArchive } from '../../core/exports/index.ts';
import type { Host } from '../../server/door.ts';
import { downloadActor } from './download-auth.ts';

const params = z.object({ exportId: z.string().uuid() });

export function mountOrgExport(app: Express, host: Host): void {
  const { core, logger } = host;
  app.get('/exports/:exportId/archive', async (req: Request, res: Response, next) => {
    try {
      const actor = await downloadActor(host, req);
      const { exportId } = parseInput(params, req.params);
      await core.execute(downloadOrgExport, actor, { exportId });
      const archive = await core.read(exportArchive, actor, { id: exportId });
      res.status(200);
      res.setHeader('content-type', 'application/zip');
      res.setHeader('content-length', String(archive.sizeBytes));
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-disposition', `attachment; filename="${archive.fileName}"`);
      try {
        for await (const chunk of archive.chunks) await write(res, chunk);
        res.end();
      } catch (error) {
        // Half an archive must not look whole: the connection ends short of its length.
        logger.error({ err: error, requestId: req.requestId }, 'an org export download broke off');
        res.destroy();
      }
    } catch (error) {
      next(error);
    }
  });
}

function write(res: Response, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.write(chunk)) resolve();
    else {
      res.once('drain', resolve);
      res.once('close', () => reject(new Error('the client went away')));
    }
  });
}
