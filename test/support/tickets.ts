/** The cast of the ticket suites: two client orgs, their people, provider staff (an agent, on-call). */
import type { PersonActor } from '../../core/actor.ts';
import type { Core } from '../../core/core.ts';
import { makePerson, makeTenants } from './server.ts';

export async function makeTicketCast(core: Core) {
  const tenants = await makeTenants(core);
  return {
    ...tenants,
    aSecond: await makePerson(core, tenants.a.id, ['contact']),
    providerOncall: await makePerson(core, core.providerId!, ['oncall']),
    providerAdmin: await makePerson(core, core.providerId!, ['admin']),
  };
}

export { actorOf } from './core.ts';

/** The modal's state values for the fields of /ticket. */
export function ticketFormValues(fields: { title: string; description?: string; kind?: string; severity?: string; orgId?: string }) {
  const selected = (value: string | undefined) => ({ value: { type: 'static_select', selected_option: value ? { value } : null } });
  return {
    ...(fields.orgId ? { org: selected(fields.orgId) } : {}),
    title: { value: { type: 'plain_text_input', value: fields.title } },
    description: { value: { type: 'plain_text_input', value: fields.description ?? null } },
    kind: selected(fields.kind ?? 'incident'),
    severity: { value: { type: 'radio_buttons', selected_option: fields.severity ? { value: fields.severity } : null } },
  };
}

/** A message shortcut ("Open ticket from message") on a message in a channel. */
export function messageShortcut(user: { teamId: string; userId: string }, channelId: string, text: string) {
  return {
    type: 'message_action',
    callback_id: 'ticket:from_message',
    trigger_id: `${Date.now()}.${Math.random().toString(36).slice(2)}`,
    team: { id: user.teamId, domain: user.teamId.toLowerCase() },
    user: { id: user.userId, name: user.userId.toLowerCase(), team_id: user.teamId },
    channel: { id: channelId, name: channelId.toLowerCase() },
    message: { type: 'message', user: 'UOTHER', text, ts: `${Math.floor(Date.now() / 1000)}.000200` },
    message_ts: `${Math.floor(Date.now() / 1000)}.000200`,
    response_url: 'https://hooks.slack.com/app/T/1/R',
    token: 'deprecated-verification-token',
    action_ts: `${Date.now() / 1000}`,
  };
}
