/**
 * Who may attach a file to a ticket and fetch one: whoever sees the ticket (its org's members and
 * provider staff), as a person; opsdesk itself never attaches on its own. Anyone else is told the
 * ticket does not exist, as for every ticket.
 */
import { canSee, definePolicy } from '../policy.ts';
import type { TicketSubject } from './policy.ts';

export const attachmentPolicy = definePolicy<Pick<TicketSubject, 'orgId'>, 'ticket.attach' | 'ticket.download_attachment'>({
  sees: (actor, ticket) => canSee(actor, { id: ticket.orgId, kind: 'client' }),
  notFound: 'ticket not found',
  rules: {
    'ticket.attach': { allow: (actor) => actor.type === 'person', refusal: 'files are attached by people' },
    'ticket.download_attachment': { allow: (actor) => actor.type === 'person', refusal: 'files are downloaded by people' },
  },
});
