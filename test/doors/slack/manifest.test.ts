/**
 * The Slack app's manifest is made from the capabilities' Slack parts: every slash command and
 * shortcut it declares reaches a listener of the real Bolt app, and for HTTP every request URL is
 * opsdesk's one Slack endpoint.
 */
import { describe, expect, it } from 'vitest';
import { partsOf } from '../../../app/capabilities.ts';
import { slackManifest } from '../../../doors/slack/manifest.ts';
import { slackDesk } from '../../support/slack-desk.ts';
import { PROVIDER_TEAM } from '../../support/slack.ts';

const parts = await partsOf('slack');

describe("the Slack app's manifest", () => {
  it('points every request of an HTTP app at /slack/events, and an app without a URL at Socket Mode', () => {
    const http = slackManifest(parts, { publicUrl: 'https://desk.example.com/' });
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.event_subscriptions.request_url).toBe('https://desk.example.com/slack/events');
    expect(http.settings.interactivity.request_url).toBe('https://desk.example.com/slack/events');
    expect(new Set(http.features.slash_commands.map((c) => ('url' in c ? c.url : undefined)))).toEqual(new Set(['https://desk.example.com/slack/events']));

    const socket = slackManifest(parts);
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toContain('request_url');
    expect(socket.features.slash_commands.every((c) => !('url' in c))).toBe(true);
  });

  it("lists the capabilities' slash commands and shortcuts, each once", () => {
    const manifest = slackManifest(parts);
    const commands = manifest.features.slash_commands.map((c) => c.command);
    expect(commands.sort()).toEqual(['/access', '/announce', '/incident', '/oncall', '/opsdesk', '/status', '/ticket']);
    expect(manifest.features.shortcuts.map((s) => s.callback_id)).toEqual(['ticket:from_message']);
  });
});

describe("the manifest's slash commands on the real Bolt app", () => {
  const desk = slackDesk('pglite');
  const someone = { teamId: PROVIDER_TEAM, userId: 'UMANIFEST1' };

  it('each reaches a listener: a person opsdesk knows gets an answer from it, not silence', async () => {
    await desk.person(desk.core.providerId!, ['admin'], 'Mani Fest', someone);
    for (const { command } of slackManifest(parts).features.slash_commands) {
      const modals = desk.slack.callsTo('views.open').length;
      const response = await desk.command(someone, 'CMANIFEST1', command, 'help');
      expect(response.status, command).toBe(200);
      // A listener answered: with a message (an ephemeral answer), or an empty ack and a modal.
      const answered = response.text !== '' || desk.slack.callsTo('views.open').length > modals;
      expect(answered, command).toBe(true);
    }
  });
});
