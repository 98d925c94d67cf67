/**
 * What else must happen, in the same transaction, when a ticket closes. Other capabilities
 * register here (production access ends the grants that served the ticket), so tickets need not
 * know them.
 */
import type { TicketRow } from '../../db/schema.ts';
import type { CommandContext } from '../command.ts';

export type TicketClosedReaction = (ctx: CommandContext, ticket: TicketRow) => Promise<void>;

// A set: every core in a process registers the same functions, which must run once each.
const reactions = new Set<TicketClosedReaction>();

export function whenTicketCloses(reaction: TicketClosedReaction): void {
  reactions.add(reaction);
}

export async function reactToClosure(ctx: CommandContext, ticket: TicketRow): Promise<void> {
  for (const reaction of reactions) await reaction(ctx, ticket);
}
