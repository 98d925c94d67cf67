/**
 * Every capability's notifier rules, run in this order for each committed domain event.
 * A capability adds its rule here (see `types.ts` for the contract).
 */
import { ticketNotifierRule } from '../tickets/notifier-rule.ts';
import type { NotifierRule } from './types.ts';
import { announcementRule } from '../announcements/notifier-rule.ts';
import { alarmNotifierRule } from '../alarms/notifier-rule.ts';
import { accessNotifierRule } from '../access/notifier-rule.ts';
import { auditNotifierRule } from '../audit/notifier-rule.ts';

export const NOTIFIER_RULES: NotifierRule[] = [ticketNotifierRule, announcementRule, alarmNotifierRule, accessNotifierRule, auditNotifierRule];
