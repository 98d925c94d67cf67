/**
 * Files on tickets over HTTP, for the console (and a client's own tools):
 *
 * - `POST /tickets/:ticketId/attachments?name=<file name>` takes the file as the raw body (any
 *   content type: what the file is, the core decides from its bytes), by the console's session with
 *   its CSRF token or a bearer token, read up to ATTACHMENT_MAX_BYTES and no further (413 beyond).
 * - `GET /attachments/:id?token=<link token>` serves a file through the link the ticket's
 *   `attachments` gave one person: it must be that person asking (their session cookie or bearer
 *   token; the token in the URL stands in for the CSRF header, which a plain link cannot carry) and
 *   they must still see the ticket. The file goes as a download with the type its content was
 *   checked as, never sniffed, never rendered as a page of this origin.
 */
import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { PersonActor } from '../../core/actor.ts';
import { parseInput } from '../../core/command.ts';
import { OpsdeskError } from '../../core/errors.ts';
import type { TokenCredential } from '../../core/directory/index.ts';
import { attachFileToTicket, downloadLinkGrant, recordAttachmentDownload } from '../../core/tickets/index.ts';
import { authenticate, bearerOfCookie, hostActor, limitKeyOf } from '../../server/auth.ts';
import type { Host } from '../../server/door.ts';
import { sessionSecretOf } from '../../server/web-session.ts';
import { downloadActor } from './download-auth.ts';

const uploadInput = z.object({
  ticketId: z.string().max(100),
  name: z.string({ required_error: 'name the file: ?name=<file name>' }).trim().min(1, 'name the file: ?name=<file name>').max(1000),
});
const downloadInput = z.object({ id: z.string().max(100), token: z.string({ required_error: 'the link has no token' }).max(300) });

export function mountTicketAttachments(app: Express, host: Host): void {
  const { core } = host;
  const raw = express.raw({ limit: host.config.ATTACHMENT_MAX_BYTES, type: () => true });

  app.post('/tickets/:ticketId/attachments', async (req: Request, res: Response, next) => {
    try {
      // Who asks, before a byte of the file is read.
      const actor = await downloadActor(host, req);
      const { ticketId, name } = parseInput(uploadInput, { ticketId: req.params.ticketId, name: req.query.name });
      await new Promise<void>((resolve, reject) => raw(req, res, (error?: unknown) => (error ? reject(error) : resolve())));
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const attached = await core.execute(attachFileToTicket, actor, { ticketId, fileName: name, content, source: 'console' });
      res.status(201).json({
        id: attached.id,
        ticketId: attached.ticketId,
        fileName: attached.fileName,
        contentType: attached.contentType,
        size: attached.size,
        sha256: attached.sha256,
        uploadedAt: attached.uploadedAt.toISOString(),
      });
    } catch (error) {
      next(error);
    }
  });

  app.get('/attachments/:id', async (req: Request, res: Response, next) => {
    try {
      const { id, token } = parseInput(downloadInput, { id: req.params.id, token: req.query.token });
      const grant = await core.read(downloadLinkGrant, hostActor('web', req.requestId), { token });
      const { actor, credential } = await whoAsks(host, req);
      // A link given to someone else, or for another file, reads as a file that does not exist.
      if (grant.attachmentId !== id || grant.personId !== actor.id) throw new OpsdeskError('NOT_FOUND', 'attachment not found');
      host.limiter.take(limitKeyOf(credential), 'this token');
      const file = await core.execute(recordAttachmentDownload, actor, { attachmentId: id });
      res.status(200);
      res.setHeader('content-type', file.contentType === 'text/plain' ? 'text/plain; charset=utf-8' : file.contentType);
      res.setHeader('content-length', String(file.size));
      res.setHeader('content-disposition', contentDisposition(file.fileName));
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('content-security-policy', "default-src 'none'; sandbox");
      res.setHeader('cross-origin-resource-policy', 'same-origin');
      res.setHeader('cache-control', 'private, no-store');
      res.end(file.content);
    } catch (error) {
      next(error);
    }
  });
}

/** The person behind the request: a bearer token, or the console's session cookie. */
async function whoAsks({ core, config }: Host, req: Request): Promise<{ actor: PersonActor; credential: TokenCredential }> {
  const unauthenticated = new OpsdeskError('UNAUTHENTICATED', 'sign in to download files: the link works only for the person it was given to');
  if (req.headers.authorization !== undefined) {
    const outcome = await authenticate(core, req.headers.authorization, 'web', req.requestId);
    if ('problem' in outcome) throw unauthenticated;
    return { actor: { ...outcome.actor, requestId: req.requestId }, credential: outcome.credential };
  }
  const secret = sessionSecretOf(req.headers);
  const found = secret ? await bearerOfCookie(core, secret, config.WEB_SESSION_IDLE_MINUTES, req.requestId) : undefined;
  if (!found) throw unauthenticated;
  return { actor: { ...found.actor, requestId: req.requestId }, credential: found.credential };
}

/** `attachment`, with an ASCII fallback name and the exact one in RFC 5987 form. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
