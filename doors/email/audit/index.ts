/**
 * The audit trail's part of the email door: the weekly signed checkpoint
 * (`audit.checkpoint_published`) to each client org's admins (who read its trail) who want it by
 * email (their choice for `audit`; by default everyone, as well as in Slack), with the signed note
 * attached as a text file: a copy the client keeps in its own mailboxes, which the provider cannot
 * take back. Read through core queries, as the email door.
 */
import { AuditEvents, checkpointKeepers } from '../../../core/audit/index.ts';
import { emailAddresses, getOrg } from '../../../core/directory/index.ts';
import type { EmailOutput, EmailPart, EmailRule } from '../types.ts';
import { checkpointMessage } from './presenters.ts';

export const auditEmailRule: EmailRule = async (event, ctx) => {
  if (!AuditEvents.checkpointPublished.is(event) || !event.orgId) return [];
  const keepers = await ctx.read(checkpointKeepers, { orgId: event.orgId });
  if (keepers.length === 0) return [];
  const org = await ctx.read(getOrg, { orgId: event.orgId });
  const message = checkpointMessage(event.payload, org, ctx.consoleUrl);
  const addresses = await ctx.read(emailAddresses, { personIds: keepers, kind: 'audit' });
  return keepers.flatMap((personId): EmailOutput[] => {
    const to = addresses.get(personId);
    return to ? [{ kind: 'audit', to: { personId, name: to.name, address: to.address }, ...message }] : [];
  });
};

const part: EmailPart = { rule: auditEmailRule };
export default part;
