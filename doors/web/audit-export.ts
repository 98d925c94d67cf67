/**
 * The audit export as a download: `POST /audit/export/:orgId` answers the org's whole trail as JSON
 * lines, ending with a checkpoint signed for the export and the verify result (the format of
 * `opsdesk audit export`, checkable offline with `opsdesk audit verify-export`). A POST, because the
 * export signs a checkpoint; by the console's session (with its CSRF token) or by a bearer token,
 * for a client's back-up job.
 */
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { parseInput } from '../../core/command.ts';
import { exportAuditTrail } from '../../core/audit/index.ts';
import type { Host } from '../../server/door.ts';
import { downloadActor } from './download-auth.ts';

const params = z.object({ orgId: z.string().uuid() });

export function mountAuditExport(app: Express, host: Host): void {
  const { core, logger } = host;
  app.post('/audit/export/:orgId', async (req: Request, res: Response, next) => {
    try {
      const actor = await downloadActor(host, req);
      const { orgId } = parseInput(params, req.params);
      const items = exportAuditTrail(core, actor, orgId);
      // The first item decides the answer: a refusal (not found, forbidden) is still a JSON error.
      const first = await items.next();
      res.status(200);
      res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader('content-disposition', `attachment; filename="opsdesk-audit-${orgId}-${core.clock.now().toISOString().slice(0, 10)}.jsonl"`);
      try {
        if (!first.done) await write(res, `${JSON.stringify(first.value)}\n`);
        for await (const item of items) await write(res, `${JSON.stringify(item)}\n`);
        res.end();
      } catch (error) {
        // Half an export must not look whole: the connection ends without its closing lines.
        logger.error({ err: error, requestId: req.requestId }, 'the audit export broke off');
        res.destroy();
      }
    } catch (error) {
      next(error);
    }
  });
}

function write(res: Response, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.write(line)) resolve();
    else {
      res.once('drain', resolve);
      res.once('close', () => reject(new Error('the client went away')));
    }
  });
}
