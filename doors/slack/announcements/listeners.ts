/**
 * The Slack door of announcements:
 *   /announce                     opens the release-and-announcement modal (product owners)
 *   modal submission              creates and announces the release in one command
 * The Acknowledge button is in buttons.ts, run by the one runner. Each listener parses, calls one
 * core query or command, and answers with ack or an ephemeral reply.
 */
import type { App } from '@slack/bolt';
import type { z } from 'zod';
import { announceChoices, createAndAnnounceRelease } from '../../../core/announcements/index.ts';
import { OpsdeskError } from '../../../core/errors.ts';
import { requestIdOf, requireActor, type SlackDeps } from '../context.ts';
import { ephemeral } from '../kit/blocks.ts';
import { slackErrorText } from '../kit/errors.ts';
import { fieldValue, type ViewState } from '../kit/modals.ts';
import { ANNOUNCE_CALLBACK, announceModal, LEGACY_ANNOUNCE_CALLBACK } from './presenters.ts';

export function registerAnnouncementListeners(app: App, deps: SlackDeps): void {
  app.command('/announce', async ({ command, ack, context, client }) => {
    try {
      // Refused to anyone but a product owner, before the modal opens.
      const choices = await deps.core.read(announceChoices, requireActor(context), {});
      await ack();
      // views.open needs the trigger within 3 seconds: right after the ack, before anything else.
      await client.views.open({ trigger_id: command.trigger_id, view: announceModal(choices.orgs) });
    } catch (error) {
      await ack(ephemeral(slackErrorText(error, requestIdOf(context), deps.logger)));
    }
  });

  // Modals opened before the `<capability>:<verb>` ids carry the old callback id.
  for (const callbackId of [ANNOUNCE_CALLBACK, LEGACY_ANNOUNCE_CALLBACK]) {
    app.view(callbackId, async ({ ack, view, context }) => {
      const requestId = requestIdOf(context);
      try {
        await deps.core.execute(createAndAnnounceRelease, requireActor(context), modalInput(view.state.values as ViewState));
        await ack();
      } catch (error) {
        await ack({ response_action: 'errors', errors: modalErrors(error, requestId, deps) });
      }
    });
  }
}

/**
 * The modal's fields as the command takes them. A field left empty stays undefined: the command's
 * schema then names it, and the error shows under that field.
 */
function modalInput(state: ViewState): z.input<typeof createAndAnnounceRelease.input> {
  const text = (block: string) => fieldValue(state, block)?.trim() || undefined;
  const time = (block: string) => {
    const seconds = state[block]?.value?.selected_date_time;
    return typeof seconds === 'number' ? new Date(seconds * 1000) : undefined;
  };
  const previewStart = time('previewStart');
  const previewEnd = time('previewEnd');
  const previewUrl = text('previewUrl');
  const anyPreview = previewStart || previewEnd || previewUrl;
  const chosen = state.orgs?.value?.selected_options?.map((o) => o.value) ?? [];
  const release = {
    version: text('version'),
    title: text('title'),
    changeLog: text('changeLog'),
    windowStart: time('windowStart'),
    windowEnd: time('windowEnd'),
    downtime: (state.downtime?.value?.selected_options?.length ?? 0) > 0,
    kind: fieldValue(state, 'kind') ?? 'regular',
    urgentReason: text('urgentReason'),
    // Half a preview is an error the person should see on the fields, not a silently dropped preview.
    preview: anyPreview ? { start: previewStart, end: previewEnd, url: previewUrl } : undefined,
  };
  // Unchecked here on purpose: the command's schema checks every field and says which is missing or wrong.
  return { release, orgIds: chosen.length > 0 ? chosen : undefined } as unknown as z.input<typeof createAndAnnounceRelease.input>;
}

/** Where each field's error shows in the modal; anything else goes on the version field. */
const BLOCK_OF_FIELD: Record<string, string> = {
  'release.version': 'version',
  'release.title': 'title',
  'release.changeLog': 'changeLog',
  'release.windowStart': 'windowStart',
  'release.windowEnd': 'windowEnd',
  'release.kind': 'kind',
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
