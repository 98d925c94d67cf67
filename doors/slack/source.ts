/**
 * Who sent a Slack delivery, from where, and how to recognise it when Slack delivers it again.
 *
 * Payload shapes differ by kind (a slash command is flat form fields, a block action nests the user,
 * an event's `user` is usually a string but an object in some events), so this reads only fields
 * whose type it checks and treats anything else as absent rather than rejecting the delivery.
 */
export type DeliveryKind = 'event' | 'command' | 'action' | 'shortcut' | 'view' | 'options';

export interface DeliverySource {
  kind: DeliveryKind;
  /** The acting user's own workspace (in a Slack Connect channel, possibly not the provider's). */
  userTeamId?: string;
  userId?: string;
  channelId?: string;
  /** Slack's handle for the user, a fallback when `users.info` cannot say their name. */
  userName?: string;
  /** A bot's message: not a person, so opsdesk does not act on it (this includes its own posts). */
  fromBot: boolean;
  /** The idempotency key for retried or repeated deliveries; slash commands and option loads have none. */
  deliveryKey?: string;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

export function describeDelivery(raw: unknown): DeliverySource | undefined {
  const body = obj(raw);
  if (!body) return undefined;
  if (body.type === 'event_callback') {
    const event = obj(body.event) ?? {};
    const eventId = str(body.event_id);
    return {
      kind: 'event',
      userId: str(event.user),
      // Slack Connect messages name the author's workspace; other events happen in the app's own.
      userTeamId: str(event.user_team) ?? str(event.team) ?? str(body.team_id),
      channelId: str(event.channel),
      fromBot: Boolean(str(event.bot_id)) || event.subtype === 'bot_message',
      deliveryKey: eventId && `event:${eventId}`,
    };
  }
  if (str(body.command)) {
    return {
      kind: 'command',
      userId: str(body.user_id),
      userTeamId: str(body.team_id),
      channelId: str(body.channel_id),
      userName: str(body.user_name),
      fromBot: false,
    };
  }
  const user = obj(body.user) ?? {};
  const team = obj(body.team);
  const common = {
    userId: str(user.id),
    userTeamId: str(user.team_id) ?? str(team?.id),
    userName: str(user.username) ?? str(user.name),
    fromBot: false,
  };
  const triggerKey = str(body.trigger_id) && `interaction:${str(body.trigger_id)}`;
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message': {
      const first = Array.isArray(body.actions) ? obj(body.actions[0]) : undefined;
      const actionTs = str(first?.action_ts);
      return {
        kind: 'action',
        ...common,
        channelId: str(obj(body.channel)?.id) ?? str(obj(body.container)?.channel_id),
        deliveryKey: triggerKey ?? (actionTs && `action:${actionTs}`),
      };
    }
    case 'shortcut':
    case 'message_action':
      return { kind: 'shortcut', ...common, channelId: str(obj(body.channel)?.id), deliveryKey: triggerKey };
    case 'view_submission':
    case 'view_closed':
      return { kind: 'view', ...common, deliveryKey: triggerKey };
    case 'block_suggestion':
      // Option loads must be answered afresh each time: never deduplicated.
      return { kind: 'options', ...common, channelId: str(obj(body.channel)?.id) };
    default:
      return undefined;
  }
}
