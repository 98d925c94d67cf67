/**
 * Block Kit for upgrade announcements: the message each recipient gets (DM), the card per org in its
 * announcements channel, notices, the App Home section, the /announce modal, and the weekly digest.
 * Pure: a core view in, blocks out.
 */
import type { types } from '@slack/bolt';
import {
  previewOf,
  type AnnouncementView,
  type DigestLine,
  type Notice,
  type NoticeDetails,
  type OrgAnnouncementView,
  type Release,
} from '../../../core/announcements/index.ts';
import { button, input, option, section, type KnownBlock } from '../kit/blocks.ts';
import { slackTime, utcText } from '../kit/dates.ts';
import { clip, escapeText } from '../kit/text.ts';

/** The Acknowledge button; `announcement.acknowledge` is its id on cards posted before ids became `<capability>:<verb>`. */
export const ACKNOWLEDGE_ACTION = 'announcement:acknowledge';
export const LEGACY_ACKNOWLEDGE_ACTION = 'announcement.acknowledge';
/** The /announce modal; `announcement.create` is its id on modals opened before the change. */
export const ANNOUNCE_CALLBACK = 'announcement:create';
export const LEGACY_ANNOUNCE_CALLBACK = 'announcement.create';

/** Slack renders mrkdwn, not Markdown: headings and `**bold**` are turned into what it shows well. */
export function markdownToMrkdwn(markdown: string): string {
  return escapeText(markdown)
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^\s*[-*]\s+/gm, '• ');
}

export function acknowledgeButton(announcementId: string): KnownBlock {
  return { type: 'actions', block_id: `ack:${announcementId}`, elements: [button('Acknowledge', ACKNOWLEDGE_ACTION, announcementId, 'primary')] };
}

function releaseBlocks({ announcement, release }: AnnouncementView): KnownBlock[] {
  const window = `${slackTime(release.windowStart)} – ${slackTime(release.windowEnd)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Upgrade ${release.version}: ${release.title}`, 150) } },
    section(`*Service window:* ${window}${release.downtime ? ' — *the service will be offline*' : ' (no downtime)'}`),
  ];
  if (announcement.shortNotice) {
    blocks.push(section(`:warning: *Short notice: urgent maintenance.* ${escapeText(release.urgentReason ?? '')}`));
  }
  const preview = previewOf(release);
  if (preview) blocks.push(section(`*Preview:* ${slackTime(preview.start)} – ${slackTime(preview.end)} at <${preview.url}|the preview environment>`));
  blocks.push(section(`*Change log*\n${clip(markdownToMrkdwn(release.changeLog))}`));
  return blocks;
}

/** The DM to one recipient when the announcement goes out. */
export function announcementDm(view: AnnouncementView): { text: string; blocks: KnownBlock[] } {
  const { release } = view;
  const text = `${view.announcement.shortNotice ? 'Short notice: ' : ''}upgrade ${release.version} (${release.title}) on ${utcText(release.windowStart)}. Please acknowledge.`;
  return {
    text: escapeText(text),
    blocks: [
      ...releaseBlocks(view),
      section('Please let your end users know what concerns them, and acknowledge that you have read this.'),
      acknowledgeButton(view.announcement.id),
    ],
  };
}

/** The card in an org's announcements channel: the announcement and who of the org has acknowledged. */
export function orgCard(view: OrgAnnouncementView): { text: string; blocks: KnownBlock[] } {
  const { announcement, release } = view;
  const acknowledged = view.recipients.filter((r) => r.acknowledgedAt).map((r) => r.name);
  const pending = view.recipients.filter((r) => !r.acknowledgedAt).map((r) => r.name);
  const names = (list: string[]) => list.map(escapeText).join(', ');
  const state =
    announcement.status === 'cancelled'
      ? ':no_entry_sign: *This upgrade was cancelled.*'
      : announcement.status === 'completed'
        ? ':white_check_mark: *This upgrade is completed.*'
        : `*Acknowledged:* ${acknowledged.length ? names(acknowledged) : 'nobody yet'}` + (pending.length ? `\n*Waiting for:* ${names(pending)}` : '');
  const blocks = [...releaseBlocks(view), section(state)];
  if (announcement.status === 'active' && pending.length > 0) blocks.push(acknowledgeButton(announcement.id));
  return { text: escapeText(`Upgrade ${release.version}: ${release.title} (${announcement.status})`), blocks };
}

const capitalised = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/** One line for a notice; DMs and the card's thread both use it. */
export function noticeText(notice: Notice, release: Release, details: NoticeDetails): string {
  const v = `upgrade ${escapeText(release.version)}`;
  const reason = details.reason ? ` (${escapeText(details.reason)})` : '';
  switch (notice) {
    case 'reminder':
      return `Reminder: ${v} starts in ${escapeText(details.offset ?? '')} (${slackTime(release.windowStart)})${release.downtime ? '; the service will be offline' : ''}.`;
    case 'acknowledgement_reminder':
      return `You have not acknowledged ${v} yet (window ${slackTime(release.windowStart)}). Please acknowledge.`;
    case 'preview_opened':
      return `The preview of ${v} is open until ${release.previewEnd ? slackTime(release.previewEnd) : 'further notice'}${release.previewUrl ? `: <${release.previewUrl}|preview environment>` : ''}.`;
    case 'window_started':
      return `The service window of ${v} has started; it ends ${slackTime(release.windowEnd)}.`;
    case 'window_ended':
      return `${capitalised(v)} is completed.`;
    case 'rescheduled':
      return `${capitalised(v)} is rescheduled to ${slackTime(release.windowStart)} – ${slackTime(release.windowEnd)}${reason}.`;
    case 'cancelled':
      return `${capitalised(v)} is cancelled${reason}.`;
  }
}

/** A notice to one recipient, with the Acknowledge button when they are still asked for it. */
export function noticeDm(notice: Notice, view: AnnouncementView, details: NoticeDetails, withButton: boolean) {
  const text = noticeText(notice, view.release, details);
  return { text, blocks: [section(text), ...(withButton ? [acknowledgeButton(view.announcement.id)] : [])] };
}

/** What the presser is told after acknowledging. */
export function acknowledgedReply(version: string, at: Date): string {
  return `Thank you: you acknowledged upgrade ${escapeText(version)} at ${slackTime(at)}.`;
}

/** App Home: the announcements still waiting for this person's acknowledgement, each with its button. */
export function homeSectionBlocks(pending: readonly AnnouncementView[]): KnownBlock[] {
  if (pending.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Upgrade announcements awaiting your acknowledgement*')];
  for (const { announcement, release } of pending.slice(0, 15)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeText(release.version)}* ${escapeText(release.title)} — ${slackTime(release.windowStart)}${release.downtime ? ', offline' : ''}${announcement.shortNotice ? ' :warning: short notice' : ''}`,
      },
      accessory: button('Acknowledge', ACKNOWLEDGE_ACTION, announcement.id),
    });
  }
  return blocks;
}

/** The weekly compliance digest in the provider's support channels. */
export function digestMessage(overdue: number, lines: readonly DigestLine[]): { text: string; blocks: KnownBlock[] } {
  if (overdue === 0) {
    const text = 'Weekly upgrade compliance: every installation is within the maintenance policy.';
    return { text, blocks: [section(`*${text}*`)] };
  }
  const text = `Weekly upgrade compliance: ${overdue} installation${overdue === 1 ? '' : 's'} overdue.`;
  const list = lines
    .map((l) => `• ${escapeText(l.orgName ?? '?')}: ${l.kind} *${escapeText(l.name)}* runs ${escapeText(l.version)}, needs ${escapeText(l.requiredVersion)} (${l.overdueDays} days overdue)`)
    .join('\n');
  return { text, blocks: [section(`*${text}*`), section(clip(list)), ...(overdue > lines.length ? [section(`…and ${overdue - lines.length} more.`)] : [])] };
}

const optional = { optional: true };

/** The /announce modal: a release and its announcement, sent together. */
export function announceModal(orgs: ReadonlyArray<{ id: string; name: string }>): types.ModalView {
  const regular = option('Regular (at least 14 days notice)', 'regular');
  const blocks: KnownBlock[] = [
    input('version', 'Version', { type: 'plain_text_input', placeholder: { type: 'plain_text', text: '5.2.0' } }),
    input('title', 'Title', { type: 'plain_text_input' }),
    input('changeLog', 'Change log (Markdown)', { type: 'plain_text_input', multiline: true }),
    input('windowStart', 'Service window starts', { type: 'datetimepicker' }),
    input('windowEnd', 'Service window ends', { type: 'datetimepicker' }),
    input('downtime', 'Downtime', { type: 'checkboxes', options: [option('The service is offline during the window', 'yes')] }, optional),
    input('kind', 'Kind', {
      type: 'static_select',
      initial_option: regular,
      options: [regular, option('Urgent maintenance (may be short notice)', 'urgent')],
    }),
    input('urgentReason', 'Reason for urgent maintenance', { type: 'plain_text_input', multiline: true }, optional),
    input('previewStart', 'Preview opens', { type: 'datetimepicker' }, optional),
    input('previewEnd', 'Preview closes', { type: 'datetimepicker' }, optional),
    input('previewUrl', 'Preview environment address', { type: 'url_text_input' }, optional),
  ];
  if (orgs.length > 0) {
    blocks.push(
      input(
        'orgs',
        'Only these organisations (leave empty for all)',
        { type: 'multi_static_select', options: orgs.slice(0, 100).map((o) => option(clip(o.name, 70), o.id)) },
        optional,
      ),
    );
  }
  return {
    type: 'modal',
    callback_id: ANNOUNCE_CALLBACK,
    title: { type: 'plain_text', text: 'Announce an upgrade' },
    submit: { type: 'plain_text', text: 'Announce' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}
