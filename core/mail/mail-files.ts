/**
 * The files of a mail that becomes a ticket or a comment: each is checked as every attachment is
 * (its content's kind, its size), the text says which were attached and which not and why, and the
 * accepted ones are attached in the same transaction as the ticket or comment, as the sender,
 * through the email door. A refused file is not stored and does not stop the mail.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseInput, type CommandContext } from '../command.ts';
import { attachFileToTicket, attachmentRefusal } from '../tickets/index.ts';
import { formatSize } from './model.ts';

export const mailFileSchema = z.object({ name: z.string().max(500), content: z.instanceof(Buffer) });
export type MailFile = z.output<typeof mailFileSchema>;

export interface ScreenedFile extends MailFile {
  /** Why it is not attached; null when it is. */
  refusal: string | null;
}

export async function screenMailFiles(files: readonly MailFile[]): Promise<ScreenedFile[]> {
  return Promise.all(files.map(async (file) => ({ ...file, refusal: await attachmentRefusal(file.content, file.name) })));
}

/** "Attached: log.txt (1.2 KB)" and "Not attached: tool.txt (2.0 KB): its content is ...", as a paragraph of the text. */
export function screenedFilesLine(files: readonly ScreenedFile[]): string {
  const taken = files.filter((f) => !f.refusal).map((f) => `${f.name} (${formatSize(f.content.length)})`);
  const refused = files.filter((f) => f.refusal).map((f) => `Not attached: ${f.name} (${formatSize(f.content.length)}): ${f.refusal}`);
  return [...(taken.length ? [`Attached: ${taken.join(', ')}`] : []), ...refused].join('\n');
}

/** Attach the accepted files to the ticket; each is known by the mail's Message-ID and its place in it, so it is taken once. */
export async function attachMailFiles(ctx: CommandContext, ticketId: string, messageId: string, files: readonly ScreenedFile[]): Promise<number> {
  const mailRef = createHash('sha256').update(messageId.toLowerCase()).digest('hex').slice(0, 40);
  let attached = 0;
  for (const [index, file] of files.entries()) {
    if (file.refusal) continue;
    await attachFileToTicket.run(
      ctx,
      parseInput(attachFileToTicket.input, { ticketId, fileName: file.name, content: file.content, source: 'email', externalRef: `mail:${mailRef}:${index}` }),
    );
    attached += 1;
  }
  return attached;
}
