/**
 * Mail about upgrade announcements, pure: a core view in, a message out (subject, plain text,
 * simple HTML, and the calendar invitation for the service window).
 */
import { previewOf, type AnnouncementView, type Notice, type NoticeDetails, type Release } from '../../../core/announcements/index.ts';
import { escapeHtml, htmlPage, link, mailTime, para, pre, TEXT_FOOTER } from '../kit.ts';
import type { InvitationSpec } from '../types.ts';

export interface Message {
  subject: string;
  text: string;
  html: string;
}

const label = (release: Release) => `upgrade ${release.version}`;
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const announcementsUrl = (consoleUrl: string) => `${consoleUrl}/announcements`;

/** One invitation per announcement and org: its UID holds for every update and the cancellation. */
export function invitationUid(announcementId: string, orgId: string): string {
  return `announcement-${announcementId}-org-${orgId}@opsdesk`;
}

/** The service window as a calendar event. */
export function windowInvitation(
  view: AnnouncementView & { orgId: string },
  method: InvitationSpec['method'],
  consoleUrl: string,
  window: { start: Date; end: Date } = { start: view.release.windowStart, end: view.release.windowEnd },
): InvitationSpec {
  const { release } = view;
  return {
    method,
    uid: invitationUid(view.announcement.id, view.orgId),
    start: window.start,
    end: window.end,
    summary: `Service window: ${release.title} (${release.version})${release.downtime ? ', service offline' : ''}`,
    description: `${release.title} (${release.version}).\n${release.downtime ? 'The service will be offline during the window.' : 'The service stays available during the window.'}\n\n${release.changeLog}\n\nDetails and acknowledgement: ${announcementsUrl(consoleUrl)}`,
    url: announcementsUrl(consoleUrl),
  };
}

/** The announcement itself: the change log, the window, the preview, and where to acknowledge. */
export function announcementMessage(view: AnnouncementView, consoleUrl: string): Message {
  const { release, announcement } = view;
  const preview = previewOf(release);
  const window = `${mailTime(release.windowStart)} to ${mailTime(release.windowEnd)}`;
  const downtime = release.downtime ? 'The service will be offline during the window.' : 'The service stays available during the window.';
  const shortNotice =
    announcement.shortNotice && release.urgentReason ? `This is urgent maintenance announced at short notice: ${release.urgentReason}` : undefined;
  const previewLine = preview ? `A preview with your data is open from ${mailTime(preview.start)} to ${mailTime(preview.end)}: ${preview.url}` : undefined;
  const ack = `Please acknowledge this announcement in opsdesk: ${announcementsUrl(consoleUrl)}`;
  const text = [
    `Upgrade ${release.version}: ${release.title}`,
    '',
    ...(shortNotice ? [shortNotice, ''] : []),
    `Service window: ${window}.`,
    downtime,
    ...(previewLine ? [previewLine] : []),
    '',
    'Change log:',
    release.changeLog,
    '',
    ack,
    'The attached invitation puts the service window in your calendar.',
    '',
    TEXT_FOOTER,
  ].join('\n');
  const html = htmlPage(`Upgrade ${release.version}: ${release.title}`, [
    ...(shortNotice ? [`<p><strong>${escapeHtml(shortNotice)}</strong></p>`] : []),
    `<p><strong>Service window:</strong> ${escapeHtml(window)}.<br>${escapeHtml(downtime)}</p>`,
    ...(preview
      ? [`<p><strong>Preview:</strong> open from ${escapeHtml(mailTime(preview.start))} to ${escapeHtml(mailTime(preview.end))}: ${link(preview.url, preview.url)}</p>`]
      : []),
    '<h3>Change log</h3>',
    pre(release.changeLog),
    `<p>${link(announcementsUrl(consoleUrl), 'Acknowledge this announcement in opsdesk')}</p>`,
    para('The attached invitation puts the service window in your calendar.'),
  ]);
  const prefix = announcement.shortNotice ? 'Short notice: upgrade' : 'Upgrade';
  return { subject: `${prefix} ${release.version} (${release.title}) on ${mailTime(release.windowStart)}`, text, html };
}

/** What a notice says, in one sentence. */
export function noticeSentence(notice: Notice, release: Release, details: NoticeDetails): string {
  const v = label(release);
  const reason = details.reason ? ` (${details.reason})` : '';
  switch (notice) {
    case 'reminder':
      return `Reminder: ${v} starts in ${details.offset ?? 'a while'}, at ${mailTime(release.windowStart)}${release.downtime ? '; the service will be offline' : ''}.`;
    case 'acknowledgement_reminder':
      return `You have not acknowledged ${v} yet (window ${mailTime(release.windowStart)}). Please acknowledge it.`;
    case 'preview_opened': {
      const preview = previewOf(release);
      return `The preview of ${v} is open until ${preview ? mailTime(preview.end) : 'further notice'}${preview ? `: ${preview.url}` : ''}.`;
    }
    case 'window_started':
      return `The service window of ${v} has started; it ends ${mailTime(release.windowEnd)}.`;
    case 'window_ended':
      return `${capitalised(v)} is completed.`;
    case 'rescheduled':
      return `${capitalised(v)} is rescheduled to ${mailTime(details.windowStart ? new Date(details.windowStart) : release.windowStart)} to ${mailTime(details.windowEnd ? new Date(details.windowEnd) : release.windowEnd)}${reason}.`;
    case 'cancelled':
      return `${capitalised(v)} is cancelled${reason}.`;
  }
}

const SUBJECTS: Record<Notice, string> = {
  reminder: 'Reminder',
  acknowledgement_reminder: 'Please acknowledge',
  preview_opened: 'Preview open',
  window_started: 'Service window started',
  window_ended: 'Completed',
  rescheduled: 'Rescheduled',
  cancelled: 'Cancelled',
};

/** A notice to one recipient; `asksForAcknowledgement` when they still owe one. */
export function noticeMessage(notice: Notice, view: AnnouncementView, details: NoticeDetails, consoleUrl: string, asksForAcknowledgement: boolean): Message {
  const { release } = view;
  const sentence = noticeSentence(notice, release, details);
  const calendar =
    notice === 'rescheduled'
      ? 'The attached invitation updates the service window in your calendar.'
      : notice === 'cancelled'
        ? 'The attached cancellation removes the service window from your calendar.'
        : undefined;
  const ack = asksForAcknowledgement ? `Please acknowledge it in opsdesk: ${announcementsUrl(consoleUrl)}` : `Details in opsdesk: ${announcementsUrl(consoleUrl)}`;
  const text = [sentence, '', ...(calendar ? [calendar, ''] : []), ack, '', TEXT_FOOTER].join('\n');
  const html = htmlPage(`${SUBJECTS[notice]}: upgrade ${release.version}`, [
    para(sentence),
    ...(calendar ? [para(calendar)] : []),
    `<p>${link(announcementsUrl(consoleUrl), asksForAcknowledgement ? 'Acknowledge in opsdesk' : 'Details in opsdesk')}</p>`,
  ]);
  return { subject: `${SUBJECTS[notice]}: upgrade ${release.version} (${release.title})`, text, html };
}
