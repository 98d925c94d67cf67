/**
 * The Slack app's manifest, made from what the capabilities' Slack parts declare (their slash
 * commands and shortcuts) and what the door itself needs (App Home, the events it listens to, the
 * scopes its calls use). `opsdesk slack-manifest` prints it; paste it at https://api.slack.com/apps
 * → Create New App → From an app manifest. Nobody keeps a copy in step by hand.
 */
import type { SlackPart } from './index.ts';
import { SLACK_EVENTS_PATH } from './paths.ts';

/** A slash command a capability answers, as Slack's manifest describes it. */
export interface SlashCommandSpec {
  command: `/${string}`;
  description: string;
  usageHint?: string;
}

/** A message shortcut a capability answers. */
export interface ShortcutSpec {
  name: string;
  callbackId: string;
  description: string;
}

export interface ManifestOptions {
  /** opsdesk's public base URL (`https://desk.example.com`), for HTTP; none for Socket Mode. */
  publicUrl?: string;
}

export function slackManifest(parts: readonly SlackPart[], options: ManifestOptions = {}) {
  const requestUrl = options.publicUrl ? `${options.publicUrl.replace(/\/+$/, '')}${SLACK_EVENTS_PATH}` : undefined;
  const at = requestUrl ? { url: requestUrl } : {};
  const slashCommands = parts.flatMap((part) => part.manifest?.slashCommands ?? []);
  const shortcuts = parts.flatMap((part) => part.manifest?.shortcuts ?? []);
  return {
    display_information: {
      name: 'opsdesk',
      description: 'The operations desk: tickets, SLAs, production access, alarms and announcements.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: 'opsdesk', always_online: true },
      shortcuts: shortcuts.map((s) => ({ name: s.name, type: 'message', callback_id: s.callbackId, description: s.description })),
      slash_commands: slashCommands.map((c) => ({
        command: c.command,
        ...at,
        description: c.description,
        ...(c.usageHint ? { usage_hint: c.usageHint } : {}),
        should_escape: false,
      })),
    },
    oauth_config: {
      scopes: {
        bot: [
          'commands',
          'chat:write',
          'chat:write.public',
          'im:write',
          'users:read',
          'channels:read',
          'groups:read',
          'app_mentions:read',
          'channels:history',
          'groups:history',
          'im:history',
        ],
      },
    },
    settings: {
      event_subscriptions: {
        ...(requestUrl ? { request_url: requestUrl } : {}),
        bot_events: ['message.channels', 'message.groups', 'message.im', 'app_home_opened'],
      },
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !requestUrl,
      token_rotation_enabled: false,
    },
  };
}
