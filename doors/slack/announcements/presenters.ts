/**
 * Block Kit for upgrade announcements: the message each recipient gets (DM), the card per org in its
 * announcements channel, notices, the App Home section, the /announce modal, and the weekly digest.
 */
import type { types } from '@slack/bolt';
import type { ReleaseRow } from '../../../db/schema.ts';
import { section } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

type KnownBlock = types.KnownBlock;
type View = types.ModalView;

export const ACKNOWLEDGE_ACTION = 'announcement.acknowledge';
export const ANNOUNCE_CALLBACK = 'announcement.create';

/** Slack renders mrkdwn, not Markdown: headings and `**bold**` are turned into what it shows well. */
export function markdownToMrkdwn(markdown: string): string {
  return escapeText(markdown)
    .replace(/^#{1,6}\s+(.+)$/gm, '*$1*')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^\s*[-*]\s+/gm, '• ');
}

const when = (date: Date) => `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} {time}|${date.toISOString()}>`;
/** Section text is limited to 3000 characters. */
const clip = (text: string, max = 2900) => (text.length > max ? `${text.slice(0, max)}…` : text);

export function acknowledgeButton(announcementId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: `ack:${announcementId}`,
    elements: [
      { type: 'button', action_id: ACKNOWLEDGE_ACTION, value: announcementId, style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' } },
    ],
  };
}

export interface AnnouncementView {
  announcementId: string;
  release: ReleaseRow;
  shortNotice: boolean;
}

function releaseBlocks({ release, shortNotice }: AnnouncementView): KnownBlock[] {
  const window = `${when(release.windowStart)} – ${when(release.windowEnd)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Upgrade ${release.version}: ${release.title}`, 150) } },
    section(`*Service window:* ${window}${release.downtime ? ' — *the service will be offline*' : ' (no downtime)'}`),
  ];
  if (shortNotice) {
    blocks.push(section(`:warning: *Short notice: urgent maintenance.* ${escapeText(release.urgentReason ?? '')}`));
  }
  if (release.previewUrl && release.previewStart && release.previewEnd) {
    blocks.push(section(`*Preview:* ${when(release.previewStart)} – ${when(release.previewEnd)} at <${release.previewUrl}|the preview environment>`));
  }
  blocks.push(section(`*Change log*\n${clip(markdownToMrkdwn(release.changeLog))}`));
  return blocks;
}

/** The DM to one recipient when the announcement goes out. */
export function announcementDm(view: AnnouncementView): { text: string; blocks: KnownBlock[] } {
  const text = `${view.shortNotice ? 'Short notice: ' : ''}upgrade ${view.release.version} (${view.release.title}) on ${view.release.windowStart.toISOString()}. Please acknowledge.`;
  return {
    text: escapeText(text),
    blocks: [
      ...releaseBlocks(view),
      section('Please let your end users know what concerns them, and acknowledge that you have read this.'),
      acknowledgeButton(view.announcementId),
    ],
  };
}

/** The card in an org's announcements channel: the announcement and how many of the org have acknowledged. */
export function orgCard(
  view: AnnouncementView & { status: 'active' | 'cancelled' | 'completed'; acknowledged: string[]; pending: string[] },
): { text: string; blocks: KnownBlock[] } {
  const names = (list: string[]) => list.map(escapeText).join(', ');
  const state =
    view.status === 'cancelled'
      ? ':no_entry_sign: *This upgrade was cancelled.*'
      : view.status === 'completed'
        ? ':white_check_mark: *This upgrade is completed.*'
        : `*Acknowledged:* ${view.acknowledged.length ? names(view.acknowledged) : 'nobody yet'}` +
          (view.pending.length ? `\n*Waiting for:* ${names(view.pending)}` : '');
  const blocks = [...releaseBlocks(view), section(state)];
  if (view.status === 'active' && view.pending.length > 0) blocks.push(acknowledgeButton(view.announcementId));
  return { text: escapeText(`Upgrade ${view.release.version}: ${view.release.title} (${view.status})`), blocks };
}

export type NoticeKind = 'reminder' | 'acknowledgement_reminder' | 'preview_opened' | 'window_started' | 'window_ended' | 'rescheduled' | 'cancelled';

/** One line for a notice; DMs and the card's thread both use it. */
export function noticeText(notice: NoticeKind, release: ReleaseRow, data: Record<string, unknown>): string {
  const v = `upgrade ${escapeText(release.version)}`;
  switch (notice) {
    case 'reminder':
      return `Reminder: ${v} starts in ${escapeText(String(data.offset ?? ''))} (${when(release.windowStart)})${release.downtime ? '; the service will be offline' : ''}.`;
    case 'acknowledgement_reminder':
      return `You have not acknowledged ${v} yet (window ${when(release.windowStart)}). Please acknowledge.`;
    case 'preview_opened':
      return `The preview of ${v} is open until ${release.previewEnd ? when(release.previewEnd) : 'further notice'}${release.previewUrl ? `: <${release.previewUrl}|preview environment>` : ''}.`;
    case 'window_started':
      return `The service window of ${v} has started; it ends ${when(release.windowEnd)}.`;
    case 'window_ended':
      return `${v[0]!.toUpperCase()}${v.slice(1)} is completed.`;
    case 'rescheduled':
      return `${v[0]!.toUpperCase()}${v.slice(1)} is rescheduled to ${when(release.windowStart)} – ${when(release.windowEnd)}${data.reason ? ` (${escapeText(String(data.reason))})` : ''}.`;
    case 'cancelled':
      return `${v[0]!.toUpperCase()}${v.slice(1)} is cancelled${data.reason ? ` (${escapeText(String(data.reason))})` : ''}.`;
  }
}

export function noticeDm(notice: NoticeKind, release: ReleaseRow, data: Record<string, unknown>, announcementId: string, withButton: boolean) {
  const text = noticeText(notice, release, data);
  return { text, blocks: [section(text), ...(withButton ? [acknowledgeButton(announcementId)] : [])] };
}

export function acknowledgedReply(version: string, at: Date): string {
  return `Thank you: you acknowledged upgrade ${escapeText(version)} at ${when(at)}.`;
}

export interface PendingForHome {
  announcementId: string;
  version: string;
  title: string;
  windowStart: Date;
  downtime: boolean;
  shortNotice: boolean;
}

export function homeSectionBlocks(pending: PendingForHome[]): KnownBlock[] {
  if (pending.length === 0) return [];
  const blocks: KnownBlock[] = [section('*Upgrade announcements awaiting your acknowledgement*')];
  for (const p of pending.slice(0, 15)) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${escapeText(p.version)}* ${escapeText(p.title)} — ${when(p.windowStart)}${p.downtime ? ', offline' : ''}${p.shortNotice ? ' :warning: short notice' : ''}`,
      },
      accessory: { type: 'button', action_id: ACKNOWLEDGE_ACTION, value: p.announcementId, text: { type: 'plain_text', text: 'Acknowledge' } },
    });
  }
  return blocks;
}

export interface DigestLine {
  orgName: string | null;
  kind: string;
  name: string;
  version: string;
  requiredVersion: string;
  overdueDays: number;
}

export function digestMessage(overdue: number, lines: DigestLine[]): { text: string; blocks: KnownBlock[] } {
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

const input = (blockId: string, label: string, element: Record<string, unknown>, optional = false): KnownBlock =>
  ({ type: 'input', block_id: blockId, optional, label: { type: 'plain_text', text: label }, element: { action_id: 'value', ...element } }) as KnownBlock;

/** The /announce modal: a release and its announcement, sent together. */
export function announceModal(orgs: Array<{ id: string; name: string }>): View {
  const blocks: KnownBlock[] = [
    input('version', 'Version', { type: 'plain_text_input', placeholder: { type: 'plain_text', text: '5.2.0' } }),
    input('title', 'Title', { type: 'plain_text_input' }),
    input('changeLog', 'Change log (Markdown)', { type: 'plain_text_input', multiline: true }),
    input('windowStart', 'Service window starts', { type: 'datetimepicker' }),
    input('windowEnd', 'Service window ends', { type: 'datetimepicker' }),
    input('downtime', 'Downtime', { type: 'checkboxes', options: [{ text: { type: 'plain_text', text: 'The service is offline during the window' }, value: 'yes' }] }, true),
    input('kind', 'Kind', {
      type: 'static_select',
      initial_option: { text: { type: 'plain_text', text: 'Regular (at least 14 days notice)' }, value: 'regular' },
      options: [
        { text: { type: 'plain_text', text: 'Regular (at least 14 days notice)' }, value: 'regular' },
        { text: { type: 'plain_text', text: 'Urgent maintenance (may be short notice)' }, value: 'urgent' },
      ],
    }),
    input('urgentReason', 'Reason for urgent maintenance', { type: 'plain_text_input', multiline: true }, true),
    input('previewStart', 'Preview opens', { type: 'datetimepicker' }, true),
    input('previewEnd', 'Preview closes', { type: 'datetimepicker' }, true),
    input('previewUrl', 'Preview environment address', { type: 'url_text_input' }, true),
  ];
  if (orgs.length > 0) {
    blocks.push(
      input(
        'orgs',
        'Only these organisations (leave empty for all)',
        { type: 'multi_static_select', options: orgs.slice(0, 100).map((o) => ({ text: { type: 'plain_text', text: clip(o.name, 70) }, value: o.id })) },
        true,
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
