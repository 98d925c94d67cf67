/**
 * Files on tickets through Slack. A file shared in a ticket card's thread is fetched from Slack with
 * the bot token (only from Slack's own file hosts, and no more than ATTACHMENT_MAX_BYTES of it) and
 * attached as the person who shared it; a refusal (its kind, its size, a closed ticket) is told to
 * that person only. A file attached elsewhere (the console, email) gets a line in the card's thread;
 * downloads stay in the console, where each link is made for one person.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { linkedChannels } from '../../../core/directory/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { AttachmentEvents, attachFileToTicket, commentOnTicket, describeBytes } from '../../../core/tickets/index.ts';
import { actorOf, requestIdOf, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import { escapeText } from '../kit/text.ts';
import type { NotifierRule } from '../notifier/types.ts';
import { ticketCardKey, ticketOfCardKey } from './notifier-rule.ts';

/** A file of a message event, as Slack documents it (only what is used). */
const slackFileSchema = z.object({
  id: z.string().max(40),
  name: z.string().max(1000).optional(),
  title: z.string().max(1000).optional(),
  size: z.number().int().min(0).optional(),
  mode: z.string().max(40).optional(),
  url_private_download: z.string().max(2000).optional(),
  url_private: z.string().max(2000).optional(),
});

const fileMessageSchema = z.object({
  subtype: z.string().optional(),
  channel: z.string(),
  user: z.string(),
  ts: z.string(),
  thread_ts: z.string(),
  text: z.string().optional(),
  files: z.array(z.unknown()).min(1).max(20),
});

type SlackFile = z.output<typeof slackFileSchema>;

/** Only Slack's own file hosts get the bot token (and a local fake's host named by SLACK_API_URL). */
function slackFileUrl(deps: SlackDeps, file: SlackFile): URL | undefined {
  const raw = file.url_private_download ?? file.url_private;
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const fakeHost = deps.config.SLACK_API_URL ? new URL(deps.config.SLACK_API_URL).host : undefined;
  const slackHost = url.protocol === 'https:' && (url.hostname === 'files.slack.com' || url.hostname.endsWith('.slack.com') || url.hostname === 'slack-files.com');
  return slackHost || url.host === fakeHost ? url : undefined;
}

const couldNotFetch = (name: string) => new OpsdeskError('UNAVAILABLE', `"${name}" could not be fetched from Slack, so it was not attached; share it again`);

/** The file's bytes, read no further than `limit` bytes (refused beyond it). */
async function download(deps: SlackDeps, url: URL, name: string, limit: number): Promise<Buffer> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${deps.config.SLACK_BOT_TOKEN}` } }).catch(() => undefined);
  if (!response?.ok || !response.body) throw couldNotFetch(name);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      await response.body.cancel().catch(() => undefined);
      throw new OpsdeskError('INVALID_INPUT', `"${name}" was not attached: it is larger than the limit of ${describeBytes(limit)}`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

async function tellOnly(client: WebClient, deps: SlackDeps, channel: string, user: string, text: string) {
  await client.chat.postEphemeral({ channel, user, text }).catch((error) => deps.logger.warn({ err: error }, 'could not post an ephemeral reply'));
}

export function registerAttachmentListeners(app: App, deps: SlackDeps): void {
  app.event('message', async ({ event, context, client }) => {
    const parsed = fileMessageSchema.safeParse(event);
    if (!parsed.success || (parsed.data.subtype && parsed.data.subtype !== 'file_share')) return;
    const message = parsed.data;
    if (message.thread_ts === message.ts) return;
    const cardKey = await deps.store.cards.keyAt(message.channel, message.thread_ts);
    const ticketId = cardKey && ticketOfCardKey(cardKey);
    const actor = actorOf(context);
    if (!ticketId || !actor) return;
    const tell = (error: unknown) => tellOnly(client, deps, message.channel, message.user, slackErrorText(error, requestIdOf(context), deps.logger));
    // A message with files has a subtype, so the comment listener leaves its text to this one.
    if (message.subtype === 'file_share' && message.text?.trim()) {
      await deps.core.execute(commentOnTicket, actor, { ticketId, body: message.text, externalRef: message.ts }).catch((error) => {
        if (!(error instanceof OpsdeskError && error.code === 'CONFLICT')) return tell(error);
      });
    }
    const limit = deps.config.ATTACHMENT_MAX_BYTES;
    for (const raw of message.files) {
      const file = slackFileSchema.safeParse(raw);
      if (!file.success || file.data.mode === 'tombstone' || file.data.mode === 'external') continue;
      const name = file.data.name ?? file.data.title ?? 'attachment';
      try {
        if (file.data.size !== undefined && file.data.size > limit) {
          throw new OpsdeskError('INVALID_INPUT', `"${name}" was not attached: it is larger than the limit of ${describeBytes(limit)}`);
        }
        const url = slackFileUrl(deps, file.data);
        if (!url) throw couldNotFetch(name);
        const content = await download(deps, url, name, limit);
        await deps.core.execute(attachFileToTicket, actor, { ticketId, fileName: name, content, source: 'slack', externalRef: `slack:${file.data.id}` });
      } catch (error) {
        // Slack delivers an event again when it is not acknowledged in time: the file is already there.
        if (error instanceof OpsdeskError && error.code === 'CONFLICT') continue;
        await tell(error);
      }
    }
  });
}

/** A file attached from the console or email gets a line in the card's thread. */
export const attachmentNotifierRule: NotifierRule = async (event, ctx) => {
  if (!AttachmentEvents.fileAttached.is(event) || event.payload.source === 'slack' || !event.orgId) return [];
  const [cardChannel] = await ctx.read(linkedChannels, { teamId: ctx.teamId, orgId: event.orgId, purpose: 'client' });
  if (!cardChannel) return [];
  const { uploadedByName, fileName, size, source } = event.payload;
  const text = `${escapeText(uploadedByName)} attached *${escapeText(fileName)}* (${describeBytes(size)}) from ${source === 'email' ? 'email' : 'the console'}; download it from the ticket in the console.`;
  return [{ kind: 'post', threadOf: ticketCardKey(event.subjectId), text }];
};
