/** The tickets capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { registerTicketListeners } from './listeners.ts';
import { ticketNotifierRule } from './notifier-rule.ts';
import { ticketsHomeSection } from './home.ts';

export default { listeners: registerTicketListeners, notifierRule: ticketNotifierRule, homeSection: ticketsHomeSection } satisfies SlackPart;
