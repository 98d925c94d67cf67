/** Mail about production access, pure: a request's event payload in, a message out. */
import { formatDuration, type AccessApproved, type AccessDenied, type AccessGranted, type AccessRequested } from '../../../core/access/index.ts';
import { htmlPage, link, mailTime, para, TEXT_FOOTER } from '../kit.ts';
import type { Message } from '../kit.ts';

const accessUrl = (consoleUrl: string) => `${consoleUrl}/access`;

const duty = (request: Pick<AccessRequested, 'ticketKey' | 'otherDuty' | 'otherDutyJustification'>) =>
  request.ticketKey ? `for ticket ${request.ticketKey}` : `for another contractual duty: ${request.otherDutyJustification ?? ''}`;

/** To a client approver: the provider asks for access to the org's production data. */
export function accessRequestMessage(request: AccessRequested, orgName: string, consoleUrl: string): Message {
  const url = accessUrl(consoleUrl);
  const lead = `${request.requesterName} asks for access to ${orgName}'s production data for ${formatDuration(request.durationMinutes)}, ${duty(request)}.`;
  const lines = [`Reason: ${request.reason}`, `Scope: ${request.scope}`, `Unanswered, the request times out at ${mailTime(new Date(request.pendingUntil))}.`];
  const ask = 'All access to your data is controlled by you: approve or deny it in opsdesk. The clock starts when the last approval lands.';
  return {
    subject: `Access request to ${orgName}'s data: ${request.requesterName}, ${formatDuration(request.durationMinutes)}`,
    text: [lead, '', ...lines, '', ask, `Approve or deny: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage('Production access requested', [para(lead), ...lines.map(para), para(ask), `<p>${link(url, 'Approve or deny')}</p>`]),
  };
}

export type AccessDecisionMail =
  | { decision: 'approved'; payload: AccessApproved }
  | { decision: 'denied'; payload: AccessDenied }
  | { decision: 'granted'; payload: AccessGranted };

const SIDE = { provider: "the provider's approver", client: "the client's admin" } as const;

/** To the requester: a decision on their request. */
export function accessDecisionMessage(mail: AccessDecisionMail, orgName: string, consoleUrl: string): Message {
  const url = accessUrl(consoleUrl);
  let subject: string;
  let lead: string;
  const comment: string[] = [];
  switch (mail.decision) {
    case 'approved': {
      const p = mail.payload;
      subject = `Access to ${orgName}: approved by ${p.deciderName}, waiting for the other side`;
      lead = `${p.deciderName} (${SIDE[p.side]}) approved your request for access to ${orgName}'s data. It still waits for the other side's approval.`;
      if (p.comment) comment.push(`Comment: ${p.comment}`);
      break;
    }
    case 'denied': {
      const p = mail.payload;
      subject = `Access to ${orgName}: denied by ${p.deciderName}`;
      lead = `${p.deciderName} (${SIDE[p.side]}) denied your request for access to ${orgName}'s data.`;
      if (p.comment) comment.push(`Comment: ${p.comment}`);
      break;
    }
    case 'granted': {
      const p = mail.payload;
      const until = p.expiresAt ? ` until ${mailTime(new Date(p.expiresAt))}` : '';
      subject = `Access to ${orgName}: granted${p.expiresAt ? ` for ${formatDuration(p.durationMinutes)}` : ''}`;
      lead = p.clientApproved
        ? `Your access to ${orgName}'s data is granted${until}: both sides approved.`
        : `Your access to ${orgName}'s data is granted${until}: the provider's approval sufficed by the org's policy, and the client is told.`;
      break;
    }
  }
  return {
    subject,
    text: [lead, ...comment, '', `The request: ${url}`, '', TEXT_FOOTER].join('\n'),
    html: htmlPage(subject, [para(lead), ...comment.map(para), `<p>${link(url, 'Open access requests')}</p>`]),
  };
}
