/**
 * Who may do what with alarms. Alarms are the provider's own monitoring: they belong to no client,
 * and client people see nothing of them (NOT_FOUND, worded like a missing alarm, schedule, ...).
 *
 * - read (alarms, schedules, policies, sources, routes, who is on call; follow their events):
 *   provider staff with any role, and the system;
 * - respond (acknowledge, escalate, resolve, write a root cause): provider staff with role `oncall`
 *   or `admin`, and the system (the CLI operator);
 * - manage (sources and their secrets, schedules, overrides, policies, routes, DR contacts):
 *   provider admins and the system;
 * - ingest (send alarms, tell which source a webhook's secret is): only the webhook door's system
 *   actor, which runs the ingest for a source whose secret it has checked, and the scheduler, which
 *   runs opsdesk's own monitors (the status capability's probes and missing heartbeats).
 *
 * The subject is the kind of thing asked about, so that a refusal is worded after it.
 */
import type { Actor } from '../actor.ts';
import { definePolicy, hasProviderRole, isProviderAdmin, isProviderStaff, isSystem } from '../policy.ts';

export type AlarmSubjectKind =
  | 'alarm'
  | 'alarm source'
  | 'alarm route'
  | 'schedule'
  | 'override'
  | 'escalation policy'
  | 'disaster-recovery contacts';

export interface AlarmSubject {
  readonly kind: AlarmSubjectKind;
}

/** The subjects, one per kind. */
export const ALARM: AlarmSubject = { kind: 'alarm' };
export const ALARM_SOURCE: AlarmSubject = { kind: 'alarm source' };
export const ALARM_ROUTE: AlarmSubject = { kind: 'alarm route' };
export const SCHEDULE: AlarmSubject = { kind: 'schedule' };
export const OVERRIDE: AlarmSubject = { kind: 'override' };
export const ESCALATION_POLICY: AlarmSubject = { kind: 'escalation policy' };
export const DR_CONTACTS: AlarmSubject = { kind: 'disaster-recovery contacts' };

export type AlarmAction = 'alarm.read' | 'alarm.respond' | 'alarm.manage' | 'alarm.ingest' | 'alarm.report_page';

const readers = (actor: Actor) => isSystem(actor) || isProviderStaff(actor);
const responders = (actor: Actor) => isSystem(actor) || hasProviderRole(actor, 'oncall', 'admin');
const managers = (actor: Actor) => isSystem(actor) || isProviderAdmin(actor);
const webhookDoor = (actor: Actor) => actor.type === 'system' && actor.id === 'webhook';
const monitors = (actor: Actor) => webhookDoor(actor) || (actor.type === 'system' && actor.id === 'scheduler');
const plural = (kind: AlarmSubjectKind) => (kind.endsWith('s') ? kind : `${kind}s`);

export const alarmPolicy = definePolicy<AlarmSubject, AlarmAction>({
  sees: readers,
  notFound: (subject) => `${subject.kind} not found`,
  rules: {
    'alarm.read': { allow: readers, refusal: 'only provider staff see alarms and on-call' },
    'alarm.respond': { allow: responders, refusal: 'only on-call staff and provider admins may do this (respond to alarms)' },
    'alarm.manage': { allow: managers, refusal: (subject) => `only provider admins may do this (manage ${plural(subject.kind)})` },
    'alarm.ingest': { allow: monitors, refusal: 'only an alarm source may send alarms' },
    /** A channel's door says a page did not get through. */
    'alarm.report_page': { allow: isSystem, refusal: 'only opsdesk’s own doors report pages that did not get through' },
  },
});

/** Whose notification rules: the person's own (provider staff), provider admins', and the system's (the CLI operator). */
export interface RulesHolder {
  personId: string;
}

const ownOrAdmin = (actor: Actor, holder: RulesHolder) => isSystem(actor) || isProviderAdmin(actor) || (actor.type === 'person' && actor.id === holder.personId);

export const notificationRulesPolicy = definePolicy<RulesHolder, 'notification_rules.read' | 'notification_rules.set'>({
  sees: readers,
  notFound: 'person not found',
  rules: {
    'notification_rules.read': { allow: ownOrAdmin, refusal: 'you may only read your own notification rules' },
    'notification_rules.set': { allow: ownOrAdmin, refusal: 'you may only set your own notification rules' },
  },
});
