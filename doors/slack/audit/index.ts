/** The audit capability's part of the Slack door. */
import type { SlackPart } from '../index.ts';
import { auditNotifierRule } from './notifier-rule.ts';

export default { notifierRule: auditNotifierRule } satisfies SlackPart;
