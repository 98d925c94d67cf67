/** The tickets' part of App Home: my open tickets, and what waits for my answer. */
import { myTickets } from '../../../core/tickets/index.ts';
import type { HomeSection } from '../home.ts';
import { homeTicketLines } from './presenters.ts';

export const ticketsHomeSection: HomeSection = async (deps, actor) => {
  const { mine, awaitingMyAnswer } = await deps.core.read(myTickets, actor, {});
  return [
    ...homeTicketLines('My open tickets', mine),
    ...homeTicketLines('Waiting for your answer (severity proposals, closure approvals)', awaitingMyAnswer),
  ];
};
