/** The tickets capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { ticketButtons } from './buttons.ts';
import { ticketsHomeSection } from './home.ts';
import { registerTicketListeners } from './listeners.ts';
import { ticketNotifierRule } from './notifier-rule.ts';
import { ticketSlaNotifierRule } from './sla-notices.ts';
import type { NotifierRule } from '../notifier/types.ts';
import { FROM_MESSAGE_SHORTCUT } from './presenters.ts';

export default {
  listeners: registerTicketListeners,
  buttons: ticketButtons,
  notifierRule: (async (event, ctx) => [...(await ticketNotifierRule(event, ctx)), ...(await ticketSlaNotifierRule(event, ctx))]) satisfies NotifierRule,
  homeSection: ticketsHomeSection,
  manifest: {
    slashCommands: [{ command: '/ticket', description: 'Open or find a support ticket' }],
    shortcuts: [{ name: 'Open ticket from message', callbackId: FROM_MESSAGE_SHORTCUT, description: 'Open a support ticket prefilled from this message' }],
  },
} satisfies SlackPart;
