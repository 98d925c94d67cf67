/**
 * Block Kit for production access: the request card (one per place it is shown, edited in place as
 * the request moves on), the requester's notices, the client's "told at once" notice, the /access
 * modals (organisation, then the request itself), the Deny modal and the App Home section.
 */
import type { types } from '@slack/bolt';
import type { AccessRequestRow, AccessStatus } from '../../../db/schema.ts';
import { formatDuration, STATUS_LABELS } from '../../../core/access/model.ts';
import { button, section } from '../kit/blocks.ts';
import { escapeText } from '../kit/text.ts';

type KnownBlock = types.KnownBlock;
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

/**
 * Who looks at a card decides its buttons: a provider approver's DM, the client's linked channel,
 * a client admin's DM (org without a channel), the requester's DM. The command still decides who
 * may press what.
 */
export type CardAudience = 'approver' | 'channel' | 'admin' | 'requester';

/** What a card shows of a request, read by the notifier rule or the Home section. */
export interface AccessCardView {
  request: AccessRequestRow;
  orgName: string;
  requesterName: string;
  ticket: { key: string; title: string } | null;
  decisions: Array<{ side: 'provider' | 'client'; decision: 'APPROVE' | 'DENY'; deciderName: string; comment: string | null }>;
  /** Who closed it (revoked, ended, cancelled); undefined when opsdesk did (expiry, time-out). */
  closedByName?: string;
}

/** Slack shows the reader's local time; the fallback (and the tests) read UTC. */
export const slackTime = (at: Date) =>
  `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
const utc = (at: Date) => `${at.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
const clip = (text: string, max = 2900) => (text.length > max ? `${text.slice(0, max)}…` : text);

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

function decisionLine(view: AccessCardView, side: 'provider' | 'client'): string {
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
  const until = request.status === 'ACTIVE' && request.expiresAt ? ` until ${utc(request.expiresAt)}` : '';
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
export function accessCard(view: AccessCardView, audience: CardAudience): { text: string; blocks: KnownBlock[] } {
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

/** What the requester is told in a DM after an event; undefined when nothing is worth a message. */
export function requesterNotice(type: string, payload: Record<string, unknown>, view: AccessCardView): string | undefined {
  const { request } = view;
  const org = escapeText(view.orgName);
  const duty = escapeText(dutyShort(view));
  const comment = payload.comment ? ` — “${escapeText(String(payload.comment))}”` : '';
  const decider = escapeText(String(payload.deciderName ?? 'someone'));
  switch (type) {
    case 'access.approved': {
      const waiting = request.status === 'PENDING' ? ` Still waiting for the ${payload.side === 'provider' ? 'client' : 'provider'}'s approval.` : '';
      return `:white_check_mark: ${decider} approved your access request to ${org} (${duty}) for the ${payload.side} side${comment}.${waiting}`;
    }
    case 'access.denied':
      return `:no_entry_sign: ${decider} denied your access request to ${org} (${duty}) for the ${payload.side} side${comment}.`;
    case 'access.granted':
      return `:unlock: Your access to ${org} (${duty}) is granted until ${slackTime(request.expiresAt!)} (${formatDuration(request.durationMinutes)}). End it as soon as you are done.`;
    case 'access.expiry_warned':
      return `:hourglass: Your access to ${org} (${duty}) expires at ${slackTime(request.expiresAt!)}, in 15 minutes. To keep working, press Request extension on your grant: an extension is approved again.`;
    case 'access.expired':
      return `:lock: Your access to ${org} (${duty}) expired at ${slackTime(request.expiresAt ?? request.closedAt!)}.`;
    case 'access.ended':
      return `:lock: Your access to ${org} (${duty}) has ended${payload.reason ? `: ${escapeText(String(payload.reason))}` : ''}.`;
    case 'access.revoked':
      return `:no_entry: ${escapeText(String(payload.revokedByName ?? 'someone'))} revoked your access to ${org} (${duty})${payload.reason ? `: ${escapeText(String(payload.reason))}` : ''}.`;
    case 'access.timed_out':
      return `:hourglass: Your access request to ${org} (${duty}) timed out: ${escapeText(String(payload.reason ?? 'nobody answered'))}.`;
    case 'access.cancelled':
      return `:heavy_multiplication_x: Your access request to ${org} (${duty}) was cancelled${payload.reason ? `: ${escapeText(String(payload.reason))}` : ''}.`;
    default:
      return undefined;
  }
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

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text: text.slice(0, 75) }, value });
const plain = (text: string) => ({ type: 'plain_text' as const, text });

export function chooseOrgView(orgChoices: Array<{ id: string; name: string }>, privateMetadata: string): View {
  return {
    type: 'modal',
    callback_id: CHOOSE_ORG_VIEW,
    private_metadata: privateMetadata,
    title: plain('Request access'),
    submit: plain('Next'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: ACCESS_BLOCKS.org,
        label: plain("Whose production data"),
        element: { type: 'static_select', action_id: 'value', options: orgChoices.slice(0, 100).map((o) => option(o.name, o.id)) },
      },
    ],
  };
}

/** The steps of duration offered, cut at the org's policy maximum (which is always offered). */
export function durationChoices(maxMinutes: number): number[] {
  const steps = [15, 30, 60, 120, 240, 480, 720, 1440].filter((m) => m < maxMinutes);
  return [...steps, maxMinutes];
}

export interface RequestModal {
  org: { id: string; name: string };
  tickets: Array<{ id: string; key: string; title: string; severity: string | null }>;
  maxDurationMinutes: number;
  providerSufficesForUrgent: boolean;
  privateMetadata: string;
  /** The grant this request would extend: its duty comes prefilled. */
  extending?: { expiresAt: Date; ticketId: string | null; otherDutyJustification: string | null };
}

export function requestView(modal: RequestModal): View {
  const durations = durationChoices(modal.maxDurationMinutes);
  const initial = durations.includes(60) ? 60 : durations[durations.length - 1]!;
  const policy =
    `At most ${formatDuration(modal.maxDurationMinutes)} at a time. ` +
    (modal.providerSufficesForUrgent
      ? 'For a ticket agreed URGENT, the provider’s approval suffices and the client is told at once; otherwise the client approves too.'
      : 'A provider approver and the client both approve.');
  const extending = modal.extending
    ? `\n*An extension* of your grant that ends at ${slackTime(modal.extending.expiresAt)}: a new request, approved again; when it is granted, the old grant ends.`
    : '';
  const blocks: KnownBlock[] = [section(`*${escapeText(modal.org.name)}*\n${policy}${extending}`)];
  const ticketOptions = modal.tickets.slice(0, 100).map((t) => option(`${t.key} ${t.title}${t.severity ? ` (${t.severity})` : ''}`, t.id));
  const sameTicket = ticketOptions.find((o) => o.value === modal.extending?.ticketId);
  const sameDuty = modal.extending?.otherDutyJustification;
  if (modal.tickets.length > 0) {
    blocks.push({
      type: 'input',
      block_id: ACCESS_BLOCKS.ticket,
      optional: true,
      label: plain('Ticket it serves'),
      element: {
        type: 'static_select',
        action_id: 'value',
        placeholder: plain('An open ticket of the organisation'),
        options: ticketOptions,
        ...(sameTicket ? { initial_option: sameTicket } : {}),
      },
    });
  } else {
    blocks.push(section('_The organisation has no open ticket: name the contractual duty below._'));
  }
  blocks.push(
    {
      type: 'input',
      block_id: ACCESS_BLOCKS.otherDuty,
      optional: true,
      label: plain('Or another contractual duty'),
      hint: plain('Instead of a ticket: which duty of the contract needs this access, and why (at least 20 characters).'),
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000, ...(sameDuty ? { initial_value: sameDuty } : {}) },
    },
    {
      type: 'input',
      block_id: ACCESS_BLOCKS.duration,
      label: plain('For how long'),
      hint: plain('The clock starts when the last approval lands.'),
      element: {
        type: 'static_select',
        action_id: 'value',
        initial_option: option(formatDuration(initial), String(initial)),
        options: durations.map((m) => option(formatDuration(m), String(m))),
      },
    },
    {
      type: 'input',
      block_id: ACCESS_BLOCKS.reason,
      label: plain('Why you need access'),
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
    },
    {
      type: 'input',
      block_id: ACCESS_BLOCKS.scope,
      label: plain('Scope: which systems and data'),
      element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
    },
  );
  return {
    type: 'modal',
    callback_id: REQUEST_VIEW,
    private_metadata: modal.privateMetadata,
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
      {
        type: 'input',
        block_id: ACCESS_BLOCKS.comment,
        optional: true,
        label: plain('Comment'),
        hint: plain('Why not, or what would change your mind. The requester sees it.'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
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
