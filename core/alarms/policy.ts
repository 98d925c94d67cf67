/**
 * Who may do what with alarms. Alarms are the provider's own monitoring: they belong to the
 * provider org, and client people see nothing of them (NOT_FOUND, worded like a missing alarm).
 *
 * - read (alarms, schedules, policies, who is on call): provider staff with any role, and the system;
 * - respond (acknowledge, escalate, resolve, write a root cause): provider staff with role `oncall`
 *   or `admin`, and the system (the CLI operator);
 * - manage (sources and their secrets, schedules, overrides, policies, routes, DR contacts):
 *   provider admins and the system;
 * - ingest: only the webhook door's system actor of an authenticated source.
 */
import { providerMembership, type Actor } from '../actor.ts';
import { OpsdeskError } from '../errors.ts';
import { isProviderAdmin, isProviderStaff, isSystem } from '../policy.ts';

const RESPONDER_ROLES = ['oncall', 'admin'];

export const ALARM_POLICY = {
  'alarm.read': (actor: Actor) => isSystem(actor) || isProviderStaff(actor),
  'alarm.respond': (actor: Actor) =>
    isSystem(actor) || (providerMembership(actor)?.roles.some((r) => RESPONDER_ROLES.includes(r)) ?? false),
  'alarm.manage': (actor: Actor) => isSystem(actor) || isProviderAdmin(actor),
  'alarm.ingest': (actor: Actor) => actor.type === 'system' && actor.id === 'webhook',
} as const;

export type AlarmAction = keyof typeof ALARM_POLICY;

/**
 * NOT_FOUND (named `what`) for anyone who may not see alarms at all; FORBIDDEN for provider staff
 * who may see but not do this.
 */
export function authorizeAlarms(actor: Actor, action: AlarmAction, what = 'alarm'): void {
  if (action === 'alarm.ingest') {
    if (!ALARM_POLICY['alarm.ingest'](actor)) throw new OpsdeskError('FORBIDDEN', 'only an alarm source may send alarms');
    return;
  }
  if (!ALARM_POLICY['alarm.read'](actor)) throw new OpsdeskError('NOT_FOUND', `${what} not found`);
  if (!ALARM_POLICY[action](actor)) {
    const who = action === 'alarm.manage' ? 'provider admins' : 'on-call staff and provider admins';
    throw new OpsdeskError('FORBIDDEN', `only ${who} may do this (${action})`);
  }
}
