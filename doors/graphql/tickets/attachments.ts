/** `Ticket.attachments`: one core query per ticket, which also signs each file's link for the asker. */
import { OpsdeskError } from '../../../core/errors.ts';
import { listAttachments } from '../../../core/tickets/index.ts';
import type { Resolvers } from '../generated.ts';

export const attachmentResolvers: Resolvers = {
  Ticket: {
    attachments: async ({ id }, _args, { core, actor }) =>
      (await core.read(listAttachments, actor, { ticketId: id })).map((file) => {
        // GraphQL is asked by people only; a link is never made for anyone else.
        if (!file.downloadPath || !file.downloadExpiresAt) throw new OpsdeskError('FORBIDDEN', 'download links are given to people');
        return {
          id: file.id,
          fileName: file.fileName,
          contentType: file.contentType,
          size: file.size,
          sha256: file.sha256,
          source: file.source,
          uploadedBy: { id: file.uploadedById, name: file.uploadedByName },
          uploadedAt: file.uploadedAt,
          downloadUrl: file.downloadPath,
          downloadExpiresAt: file.downloadExpiresAt,
        };
      }),
  },
};
