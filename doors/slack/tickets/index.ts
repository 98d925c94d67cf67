/** The tickets capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { ticketButtons } from './buttons.ts';
import { ticketsHomeSection } from './home.ts';
import { registerTicketListeners } from './listeners.ts';
import { ticketNotifierRule } from './notifier-rule.ts';

export default {
  listeners: registerTicketListeners,
  buttons: ticketButtons,
  notifierRule: ticketNotifierRule,
  homeSection: ticketsHomeSection,
} satisfies SlackPart;
