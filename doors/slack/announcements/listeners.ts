/**
 * The Slack door of announcements:
 *   /announce                     opens the release-and-announcement modal (product owners)
 *   modal submission              creates and announces the release in one command
 *   the Acknowledge button        acknowledges for the person who pressed it (DM, channel card, App Home)
 * Each listener parses, calls at most one core command, and answers with ack or an ephemeral reply.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import { acknowledgeAnnouncement, createAndAnnounceRelease } from '../../../core/announcements/index.ts';
import { releaseById, announcementById } from '../../../core/announcements/lookups.ts';
import { authorizeReleaseManagement } from '../../../core/announcements/policy.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { clientOrgChoices } from '../kit/orgs.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { slackErrorText } from '../kit/errors.ts';
import {
  ACKNOWLEDGE_ACTION,
  acknowledgedReply,
  ANNOUNCE_CALLBACK,
  announceModal,
} from './presenters.ts';
import { ephemeral } from '../kit/blocks.ts';

export function registerAnnouncementListeners(app: App, deps: SlackDeps): void {
  app.command('/announce', async ({ command, ack, context, client }) => {
    try {
      const actor = requireActor(context);
      authorizeReleaseManagement(actor);
      const clientOrgs = await clientOrgChoices(deps, actor);
      await ack();
      // views.open needs the trigger within 3 seconds: right after the ack, before anything else.
      await client.views.open({ trigger_id: command.trigger_id, view: announceModal(clientOrgs) });
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), deps.logger)));
    }
  });

  app.view(ANNOUNCE_CALLBACK, async ({ ack, view, context }) => {
    const requestId = requestIdOf(context);
    try {
      const input = modalInput(view.state.values as ModalValues);
      await deps.core.execute(createAndAnnounceRelease, requireActor(context), input);
      await ack();
    } catch (error) {
      await ack({ response_action: 'errors', errors: modalErrors(error, requestId, deps) });
    }
  });

  app.action(ACKNOWLEDGE_ACTION, async ({ ack, action, context, respond }) => {
    const requestId = requestIdOf(context);
    let reply: string;
    try {
      const announcementId = z.string().uuid().parse((action as { value?: string }).value, { path: ['value'] });
      const result = await deps.core.execute(acknowledgeAnnouncement, requireActor(context), { announcementId });
      await ack();
      const announcement = await announcementById(deps.core.database.db, announcementId);
      const release = announcement && (await releaseById(deps.core.database.db, announcement.releaseId));
      reply = acknowledgedReply(release?.version ?? '', result.acknowledgedAt);
    } catch (error) {
      await ack();
      reply =
        error instanceof z.ZodError
          ? slackErrorText(new OpsdeskError('INVALID_INPUT', 'this button does not name an announcement'), requestId, deps.logger)
          : slackErrorText(error, requestId, deps.logger);
    }
    // Only the person who pressed sees it; the card and App Home are updated by the notifier.
    await respond({ response_type: 'ephemeral', replace_original: false, text: reply }).catch((error: unknown) =>
      deps.logger.warn({ err: error, requestId }, 'answering an Acknowledge press failed'),
    );
  });
}

type ModalValues = Record<string, Record<string, {
  value?: string | null;
  selected_date_time?: number | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }>;
}>>;

function modalInput(values: ModalValues) {
  const v = (block: string) => values[block]?.value;
  const text = (block: string) => v(block)?.value?.trim() || undefined;
  const time = (block: string) => {
    const seconds = v(block)?.selected_date_time;
    return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
  };
  const previewStart = time('previewStart');
  const previewEnd = time('previewEnd');
  const previewUrl = text('previewUrl');
  const anyPreview = previewStart || previewEnd || previewUrl;
  const chosen = v('orgs')?.selected_options?.map((o) => o.value) ?? [];
  return {
    release: {
      version: text('version'),
      title: text('title'),
      changeLog: text('changeLog'),
      windowStart: time('windowStart'),
      windowEnd: time('windowEnd'),
      downtime: (v('downtime')?.selected_options?.length ?? 0) > 0,
      kind: (v('kind')?.selected_option?.value ?? 'regular') as 'regular' | 'urgent',
      urgentReason: text('urgentReason'),
      // Half a preview is an error the person should see on the fields, not a silently dropped preview.
      preview: anyPreview ? { start: previewStart, end: previewEnd, url: previewUrl } : undefined,
    },
    orgIds: chosen.length > 0 ? chosen : undefined,
  } as never;
}

/** Where each field's error shows in the modal; anything else goes on the version field. */
const BLOCK_OF_FIELD: Record<string, string> = {
  'release.version': 'version',
  'release.title': 'title',
  'release.changeLog': 'changeLog',
  'release.windowStart': 'windowStart',
  'release.windowEnd': 'windowEnd',
  'release.urgentReason': 'urgentReason',
  'release.preview.start': 'previewStart',
  'release.preview.end': 'previewEnd',
  'release.preview.url': 'previewUrl',
  'release.preview': 'previewStart',
  orgIds: 'orgs',
};

function modalErrors(error: unknown, requestId: string, deps: SlackDeps): Record<string, string> {
  const fields = error instanceof OpsdeskError ? (error.details?.fields as Record<string, string> | undefined) : undefined;
  if (fields) {
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(fields)) errors[BLOCK_OF_FIELD[field] ?? 'version'] ??= message;
    return errors;
  }
  // The two-week rule and other refusals concern the window (or the release as a whole).
  const block = error instanceof OpsdeskError && error.code === 'INVALID_TRANSITION' ? 'windowStart' : 'version';
  return { [block]: slackErrorText(error, requestId, deps.logger) };
}
