/** The tickets capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import type { NotifierRule } from '../notifier/types.ts';
import { attachmentNotifierRule, registerAttachmentListeners } from './attachments.ts';
import { ticketButtons } from './buttons.ts';
import { ticketsHomeSection } from './home.ts';
import { internalThreadButtons, internalThreadRule, registerInternalThreadListeners } from './internal-thread.ts';
import { registerTicketListeners } from './listeners.ts';
import { ticketNotifierRule } from './notifier-rule.ts';
import { ticketSlaNotifierRule } from './sla-notices.ts';
import { FROM_MESSAGE_SHORTCUT } from './presenters.ts';

/** The client's card and thread first, then the staff card and its internal thread. */
const notifierRule: NotifierRule = async (event, ctx) => [
  ...(await ticketNotifierRule(event, ctx)),
  ...(await internalThreadRule(event, ctx)),
  ...(await attachmentNotifierRule(event, ctx)),
  ...(await ticketSlaNotifierRule(event, ctx)),
];

export default {
  listeners: (app, deps) => {
    registerTicketListeners(app, deps);
    registerInternalThreadListeners(app, deps);
    registerAttachmentListeners(app, deps);
  },
  buttons: [...ticketButtons, ...internalThreadButtons],
  notifierRule,
  homeSection: ticketsHomeSection,
  manifest: {
    slashCommands: [{ command: '/ticket', description: 'Open or find a support ticket' }],
    shortcuts: [{ name: 'Open ticket from message', callbackId: FROM_MESSAGE_SHORTCUT, description: 'Open a support ticket prefilled from this message' }],
  },
} satisfies SlackPart;
