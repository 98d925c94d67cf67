/**
 * Block Kit for production access: the request card (one per place it is shown, edited in place as
 * the request moves on), the requester's notices, the client's "told at once" notice, the /access
 * modals (organisation, then the request itself), the Deny modal and the App Home rows. Pure: a
 * core view in, blocks out.
 */
import type { types } from '@slack/bolt';
import { z } from 'zod';
import {
  AccessEvents,
  EXPIRY_WARNING_MINUTES,
  formatDuration,
  STATUS_LABELS,
  type AccessCardView,
  type AccessRequestForm,
  type AccessRequestRow,
  type AccessStatus,
  type Side,
} from '../../../core/access/index.ts';
import type { DomainEvent } from '../../../core/events/bus.ts';
import { button, input, option, section, type KnownBlock } from '../kit/blocks.ts';
import { slackTime, utcText } from '../kit/dates.ts';
import { clip, escapeText } from '../kit/text.ts';

type View = types.View;

/** Action ids of the card's buttons; the value of each is the request id. */
export const ACCESS_ACTIONS = {
  approve: 'access:approve',
  deny: 'access:deny',
  cancel: 'access:cancel',
  end: 'access:end',
  revoke: 'access:revoke',
  /** Opens the request modal for a new request that extends this grant. */
  extend: 'access:extend',
} as const;
/** Step one of /access, for provider staff outside a client's channel: which organisation. */
export const CHOOSE_ORG_VIEW = 'access:choose_org';
/** Step two (or the only step in a client's channel): the request. */
export const REQUEST_VIEW = 'access:request';
export const DENY_VIEW = 'access:deny';

/** Block ids of the modals' inputs; every input's action id is `value`. */
export const ACCESS_BLOCKS = {
  org: 'org',
  ticket: 'ticket',
  otherDuty: 'otherDuty',
  duration: 'duration',
  reason: 'reason',
  scope: 'scope',
  comment: 'comment',
} as const;

/** What the request modal carries to its submission: the org, and the grant it extends. */
export const requestMetadata = z.object({ orgId: z.string(), extendsRequestId: z.string().optional() });

/**
 * Who looks at a card decides its buttons: a provider approver's DM, the client's linked channel,
 * a client admin's DM (org without a channel), the requester's DM. The command still decides who
 * may press what.
 */
export type CardAudience = 'approver' | 'channel' | 'admin' | 'requester';

/** The card a decider sees, by the side they decide for. */
export const deciderAudience = (side: Side): CardAudience => (side === 'provider' ? 'approver' : 'admin');

const STATUS_ICON: Record<AccessStatus, string> = {
  PENDING: ':hourglass_flowing_sand:',
  ACTIVE: ':unlock:',
  EXPIRED: ':lock:',
  ENDED: ':lock:',
  REVOKED: ':no_entry:',
  DENIED: ':no_entry_sign:',
  CANCELLED: ':heavy_multiplication_x:',
  TIMED_OUT: ':hourglass:',
};

/** The duty a request serves: its ticket, or the other contractual duty in the requester's words. */
export function dutyText(view: Pick<AccessCardView, 'ticket' | 'request'>): string {
  if (view.ticket) return `*${escapeText(view.ticket.key)}* ${escapeText(view.ticket.title)}`;
  return `Another contractual duty: ${escapeText(view.request.otherDutyJustification ?? '')}`;
}
const dutyShort = (view: Pick<AccessCardView, 'ticket'>) => (view.ticket ? view.ticket.key : 'another contractual duty');

function decisionLine(view: AccessCardView, side: Side): string {
  const decided = view.decisions.find((d) => d.side === side);
  const label = side === 'provider' ? 'Provider' : 'Client';
  if (decided) {
    const verb = decided.decision === 'APPROVE' ? ':white_check_mark: approved' : ':no_entry_sign: denied';
    return `${label}: ${verb} by ${escapeText(decided.deciderName)}${decided.comment ? ` — “${escapeText(decided.comment)}”` : ''}`;
  }
  if (side === 'client' && !view.request.clientApprovalRequired) return `${label}: not required (URGENT ticket; the organisation's policy lets the provider's approval suffice)`;
  return view.request.status === 'PENDING' ? `${label}: waiting` : `${label}: no decision`;
}

/** One line on where the request stands now. */
export function statusLine(view: AccessCardView): string {
  const { request } = view;
  const by = view.closedByName ? ` by ${escapeText(view.closedByName)}` : '';
  const why = request.closeReason ? `: ${escapeText(request.closeReason)}` : '';
  switch (request.status) {
    case 'PENDING':
      return `Waiting for approval until ${slackTime(request.pendingUntil)}`;
    case 'ACTIVE':
      return `Access granted until ${slackTime(request.expiresAt!)} (since ${slackTime(request.startedAt!)})`;
    case 'EXPIRED':
      return `Expired at ${slackTime(request.expiresAt ?? request.closedAt!)}`;
    case 'ENDED':
      return `Ended${by} at ${slackTime(request.closedAt!)}${why}`;
    case 'REVOKED':
      return `Revoked${by} at ${slackTime(request.closedAt!)}${why}`;
    case 'DENIED':
      return `Denied${by} at ${slackTime(request.closedAt!)}`;
    case 'CANCELLED':
      return `Cancelled${by} at ${slackTime(request.closedAt!)}${why}`;
    case 'TIMED_OUT':
      return `Timed out at ${slackTime(request.closedAt!)}${why}`;
  }
}

/** The buttons that fit the state for this audience; pressing one runs the command as the presser. */
export function accessButtons(request: AccessRequestRow, audience: CardAudience) {
  const id = request.id;
  if (request.status === 'PENDING') {
    switch (audience) {
      case 'requester':
        return [button('Cancel request', ACCESS_ACTIONS.cancel, id)];
      case 'approver':
        return request.providerApprovedById ? [] : [button('Approve', ACCESS_ACTIONS.approve, id, 'primary'), button('Deny', ACCESS_ACTIONS.deny, id, 'danger')];
      case 'channel':
      case 'admin':
        if (request.clientApprovedById) return [];
        // Not required (URGENT under the org's policy): the client can still say no.
        return request.clientApprovalRequired
          ? [button('Approve', ACCESS_ACTIONS.approve, id, 'primary'), button('Deny', ACCESS_ACTIONS.deny, id, 'danger')]
          : [button('Deny', ACCESS_ACTIONS.deny, id, 'danger')];
    }
  }
  if (request.status === 'ACTIVE') {
    switch (audience) {
      case 'requester':
        return [button('End now', ACCESS_ACTIONS.end, id), button('Request extension', ACCESS_ACTIONS.extend, id)];
      case 'channel':
        // The requester may be in the shared channel too.
        return [button('End now', ACCESS_ACTIONS.end, id), button('Revoke', ACCESS_ACTIONS.revoke, id, 'danger')];
      case 'approver':
      case 'admin':
        return [button('Revoke', ACCESS_ACTIONS.revoke, id, 'danger')];
    }
  }
  return [];
}

/** The plain-text line Slack shows in notifications and where blocks cannot be shown. */
export function cardText(view: AccessCardView): string {
  const { request } = view;
  const until = request.status === 'ACTIVE' && request.expiresAt ? ` until ${utcText(request.expiresAt)}` : '';
  return `Production access for ${view.requesterName} to ${view.orgName} (${dutyShort(view)}, ${formatDuration(request.durationMinutes)}): ${STATUS_LABELS[request.status]}${until}`;
}

function requestBlocks(view: AccessCardView): KnownBlock[] {
  const { request } = view;
  const fields = [
    `*Organisation*\n${escapeText(view.orgName)}`,
    `*Requested by*\n${escapeText(view.requesterName)}`,
    `*Duty*\n${dutyText(view)}`,
    `*Duration*\n${formatDuration(request.durationMinutes)}${request.extendsRequestId ? ' (an extension)' : ''}`,
  ].map((text) => ({ type: 'mrkdwn' as const, text: clip(text, 1900) }));
  return [
    { type: 'section', fields },
    section(clip(`*Reason*\n${escapeText(request.reason)}`)),
    section(clip(`*Scope*\n${escapeText(request.scope)}`)),
  ];
}

/** The request card: the same request, with the buttons of the place it is shown. */
export function cardMessage(view: AccessCardView, audience: CardAudience): { text: string; blocks: KnownBlock[] } {
  const { request } = view;
  const heading = audience === 'requester' ? 'Your production access request' : 'Production access request';
  const blocks: KnownBlock[] = [
    section(`${STATUS_ICON[request.status]} *${heading}: ${STATUS_LABELS[request.status]}*\n${statusLine(view)}`),
    ...requestBlocks(view),
    { type: 'context', elements: [decisionLine(view, 'provider'), decisionLine(view, 'client')].map((text) => ({ type: 'mrkdwn' as const, text: clip(text, 1900) })) },
  ];
  const buttons = accessButtons(request, audience);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `access:${request.id}`, elements: buttons });
  return { text: escapeText(cardText(view)), blocks };
}

const becauseOf = (reason: string | null) => (reason ? `: ${escapeText(reason)}` : '');

/** What the requester is told in a DM after an event; undefined when nothing is worth a message. */
export function requesterNotice(event: DomainEvent, view: AccessCardView): string | undefined {
  const { request } = view;
  const org = escapeText(view.orgName);
  const duty = escapeText(dutyShort(view));
  if (AccessEvents.approved.is(event) || AccessEvents.denied.is(event)) {
    const { side, comment, deciderName } = event.payload;
    const said = comment ? ` — “${escapeText(comment)}”` : '';
    const decider = escapeText(deciderName);
    if (AccessEvents.denied.is(event)) return `:no_entry_sign: ${decider} denied your access request to ${org} (${duty}) for the ${side} side${said}.`;
    const waiting = request.status === 'PENDING' ? ` Still waiting for the ${side === 'provider' ? 'client' : 'provider'}'s approval.` : '';
    return `:white_check_mark: ${decider} approved your access request to ${org} (${duty}) for the ${side} side${said}.${waiting}`;
  }
  if (AccessEvents.granted.is(event)) {
    return `:unlock: Your access to ${org} (${duty}) is granted until ${slackTime(request.expiresAt!)} (${formatDuration(request.durationMinutes)}). End it as soon as you are done.`;
  }
  if (AccessEvents.expiryWarned.is(event)) {
    return `:hourglass: Your access to ${org} (${duty}) expires at ${slackTime(request.expiresAt!)}, in ${EXPIRY_WARNING_MINUTES} minutes. To keep working, press Request extension on your grant: an extension is approved again.`;
  }
  if (AccessEvents.expired.is(event)) return `:lock: Your access to ${org} (${duty}) expired at ${slackTime(request.expiresAt ?? request.closedAt!)}.`;
  if (AccessEvents.ended.is(event)) return `:lock: Your access to ${org} (${duty}) has ended${becauseOf(event.payload.reason)}.`;
  if (AccessEvents.revoked.is(event)) {
    return `:no_entry: ${escapeText(event.payload.revokedByName)} revoked your access to ${org} (${duty})${becauseOf(event.payload.reason)}.`;
  }
  if (AccessEvents.timedOut.is(event)) return `:hourglass: Your access request to ${org} (${duty}) timed out: ${escapeText(event.payload.reason ?? 'nobody answered')}.`;
  if (AccessEvents.cancelled.is(event)) return `:heavy_multiplication_x: Your access request to ${org} (${duty}) was cancelled${becauseOf(event.payload.reason)}.`;
  return undefined;
}

/** The client's notice when the provider's approval sufficed (URGENT ticket, by the org's policy). */
export function toldAtOnceText(view: AccessCardView): string {
  const { request } = view;
  return (
    `:rotating_light: *${escapeText(view.requesterName)}* now has access to ${escapeText(view.orgName)}'s production data for the URGENT ticket ${dutyText(view)}, ` +
    `approved by the provider alone as your access policy allows, until ${slackTime(request.expiresAt!)}. ` +
    `Scope: ${escapeText(clip(request.scope, 500))}. You can revoke it on the request's card.`
  );
}

// ---------------------------------------------------------------------------------------------
// Modals

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const longText = (initial?: string | null) => ({ type: 'plain_text_input', multiline: true, max_length: 2000, ...(initial ? { initial_value: initial } : {}) });

export function chooseOrgView(orgChoices: Array<{ id: string; name: string }>): View {
  return {
    type: 'modal',
    callback_id: CHOOSE_ORG_VIEW,
    private_metadata: '',
    title: plain('Request access'),
    submit: plain('Next'),
    close: plain('Cancel'),
    blocks: [input(ACCESS_BLOCKS.org, 'Whose production data', { type: 'static_select', options: orgChoices.slice(0, 100).map((o) => option(o.name, o.id)) })],
  };
}

/** The steps of duration offered, cut at the org's policy maximum (which is always offered). */
export function durationChoices(maxMinutes: number): number[] {
  const steps = [15, 30, 60, 120, 240, 480, 720, 1440].filter((m) => m < maxMinutes);
  return [...steps, maxMinutes];
}

/** The request for one org (step two), or the extension of a grant: its duty comes prefilled. */
export function requestView(form: AccessRequestForm): View {
  const durations = durationChoices(form.maxDurationMinutes);
  const initial = durations.includes(60) ? 60 : durations[durations.length - 1]!;
  const policy =
    `At most ${formatDuration(form.maxDurationMinutes)} at a time. ` +
    (form.providerSufficesForUrgent
      ? 'For a ticket agreed URGENT, the provider’s approval suffices and the client is told at once; otherwise the client approves too.'
      : 'A provider approver and the client both approve.');
  const extending = form.extending
    ? `\n*An extension* of your grant that ends at ${slackTime(form.extending.expiresAt)}: a new request, approved again; when it is granted, the old grant ends.`
    : '';
  const blocks: KnownBlock[] = [section(`*${escapeText(form.org.name)}*\n${policy}${extending}`)];
  const ticketOptions = form.tickets.slice(0, 100).map((t) => option(`${t.key} ${t.title}${t.severity ? ` (${t.severity})` : ''}`, t.id));
  const sameTicket = ticketOptions.find((o) => o.value === form.extending?.ticketId);
  if (form.tickets.length > 0) {
    blocks.push(
      input(
        ACCESS_BLOCKS.ticket,
        'Ticket it serves',
        { type: 'static_select', placeholder: plain('An open ticket of the organisation'), options: ticketOptions, ...(sameTicket ? { initial_option: sameTicket } : {}) },
        { optional: true },
      ),
    );
  } else {
    blocks.push(section('_The organisation has no open ticket: name the contractual duty below._'));
  }
  blocks.push(
    input(ACCESS_BLOCKS.otherDuty, 'Or another contractual duty', longText(form.extending?.otherDutyJustification), {
      optional: true,
      hint: 'Instead of a ticket: which duty of the contract needs this access, and why (at least 20 characters).',
    }),
    input(
      ACCESS_BLOCKS.duration,
      'For how long',
      { type: 'static_select', initial_option: option(formatDuration(initial), String(initial)), options: durations.map((m) => option(formatDuration(m), String(m))) },
      { hint: 'The clock starts when the last approval lands.' },
    ),
    input(ACCESS_BLOCKS.reason, 'Why you need access', longText()),
    input(ACCESS_BLOCKS.scope, 'Scope: which systems and data', longText()),
  );
  const metadata: z.input<typeof requestMetadata> = { orgId: form.org.id, ...(form.extending ? { extendsRequestId: form.extending.requestId } : {}) };
  return {
    type: 'modal',
    callback_id: REQUEST_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: plain('Request access'),
    submit: plain('Request'),
    close: plain('Cancel'),
    blocks,
  };
}

/** Deny, with an optional comment the requester and the other approvers see. */
export function denyView(view: AccessCardView): View {
  return {
    type: 'modal',
    callback_id: DENY_VIEW,
    private_metadata: view.request.id,
    title: plain('Deny access'),
    submit: plain('Deny'),
    close: plain('Cancel'),
    blocks: [
      section(`*${escapeText(view.requesterName)}* → ${escapeText(view.orgName)} (${dutyText(view)}), ${formatDuration(view.request.durationMinutes)}`),
      input(ACCESS_BLOCKS.comment, 'Comment', longText(), { optional: true, hint: 'Why not, or what would change your mind. The requester sees it.' }),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// App Home

/** A titled list of requests, each with its state and the buttons of its audience. */
export function homeAccessBlocks(title: string, items: Array<{ view: AccessCardView; audience: CardAudience }>): KnownBlock[] {
  if (items.length === 0) return [];
  const blocks: KnownBlock[] = [section(`*${title}*`)];
  for (const { view, audience } of items) {
    const who = audience === 'requester' ? '' : `*${escapeText(view.requesterName)}* → `;
    blocks.push(
      section(
        clip(
          `${STATUS_ICON[view.request.status]} ${who}${escapeText(view.orgName)} (${dutyText(view)}), ${formatDuration(view.request.durationMinutes)}\n` +
            `${statusLine(view)}\n_${escapeText(clip(view.request.reason, 300))}_`,
        ),
      ),
    );
    const buttons = accessButtons(view.request, audience);
    if (buttons.length > 0) blocks.push({ type: 'actions', block_id: `access:${view.request.id}:home`, elements: buttons });
  }
  return blocks;
}
