/**
 * Production access's part of the email door:
 * - `access.requested` that needs the client's approval: to the org's people who decide for the
 *   client's side (its admins, by the access policy) who want access mail by email (their choice;
 *   by default when Slack does not reach them, and both for people in Slack);
 * - each decision to the requester, by the same choice: an approval while the other side has not
 *   yet approved, a denial, and the grant (when the last approval lands, one message, not two).
 * Read through core queries, as the email door.
 */
import { accessCardAudience, AccessEvents } from '../../../core/access/index.ts';
import { emailAddresses, getOrg } from '../../../core/directory/index.ts';
import type { EmailContext, EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { accessDecisionMessage, accessRequestMessage, type AccessDecisionMail } from './presenters.ts';
import type { Message } from '../kit.ts';

export const accessEmailRule: EmailRule = async (event, ctx) => {
  if (AccessEvents.requested.is(event)) {
    if (!event.payload.clientApprovalRequired) return [];
    const audience = await ctx.read(accessCardAudience, { requestId: event.subjectId });
    const org = await ctx.read(getOrg, { orgId: event.payload.orgId });
    return toPeople(audience.deciders.client, accessRequestMessage(event.payload, org.name, ctx.consoleUrl), ctx);
  }
  let mail: AccessDecisionMail | undefined;
  if (AccessEvents.approved.is(event)) {
    const p = event.payload;
    // The last approval grants the access: the grant's own message says so.
    const complete = p.providerApprovedById !== null && (!p.clientApprovalRequired || p.clientApprovedById !== null);
    if (!complete) mail = { decision: 'approved', payload: p };
  } else if (AccessEvents.denied.is(event)) mail = { decision: 'denied', payload: event.payload };
  else if (AccessEvents.granted.is(event)) mail = { decision: 'granted', payload: event.payload };
  if (!mail) return [];
  const org = await ctx.read(getOrg, { orgId: mail.payload.orgId });
  return toPeople([mail.payload.requesterId], accessDecisionMessage(mail, org.name, ctx.consoleUrl), ctx);
};

async function toPeople(personIds: string[], message: Message, ctx: EmailContext): Promise<EmailOutput[]> {
  const addresses = await ctx.read(emailAddresses, { personIds, kind: 'access' });
  return personIds.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    return to ? [{ kind: 'access', to: { personId, name: to.name, address: to.address }, ...message }] : [];
  });
}

const part: EmailPart = { rule: accessEmailRule };
export default part;
