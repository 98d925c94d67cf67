/**
 * The provider's own Slack workspace, where the app is installed with one bot token.
 *
 * Its team id decides who is provider staff (`registerSlackUser`) and is the team under which
 * channels are linked: a Slack Connect channel has one id in every workspace that shares it, and
 * the app sees it from its installation, so links and lookups both use the installation's team.
 */
import type { AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../core/observability.ts';

export class SlackWorkspace {
  private known: { teamId?: string; botUserId?: string; botId?: string };
  private identifying: Promise<void> | undefined;

  constructor(
    private readonly client: WebClient,
    private readonly botToken: string,
    configuredTeamId: string | undefined,
    private readonly logger: Logger,
  ) {
    this.known = { teamId: configuredTeamId };
  }

  /** True when `SLACK_PROVIDER_TEAM_ID` (or an earlier `auth.test`) already named the team. */
  get teamKnown(): boolean {
    return this.known.teamId !== undefined;
  }

  /**
   * Ask Slack who the bot token belongs to (`auth.test`). A failure is logged, not thrown: the door
   * keeps serving, and the next delivery that needs the team asks again.
   */
  identify(): Promise<void> {
    this.identifying ??= (async () => {
      try {
        const result = await this.client.auth.test();
        this.known = {
          teamId: this.known.teamId ?? result.team_id,
          botUserId: result.user_id,
          botId: result.bot_id,
        };
        this.logger.info({ teamId: this.known.teamId, botUserId: result.user_id }, 'Slack bot token verified');
      } catch (error) {
        this.logger.error({ err: error }, 'Slack auth.test failed: the provider team is unknown until it succeeds');
      } finally {
        this.identifying = undefined;
      }
    })();
    return this.identifying;
  }

  /** The provider's team id, asking Slack once more if it is not known yet. */
  async providerTeamId(): Promise<string | undefined> {
    if (!this.known.teamId) await this.identify();
    return this.known.teamId;
  }

  /** The team a channel is linked under: the installation's; the payload's team only while that is unknown. */
  async channelTeamId(payloadTeamId: string): Promise<string> {
    return (await this.providerTeamId()) ?? payloadTeamId;
  }

  /**
   * Bolt's `authorize`: the one bot token, without a network call per delivery. The bot's own ids
   * (for Bolt's `ignoreSelf`) are known once `auth.test` ran; the identity middleware drops bot
   * messages in any case.
   */
  authorization(): AuthorizeResult {
    return {
      botToken: this.botToken,
      ...(this.known.teamId ? { teamId: this.known.teamId } : {}),
      ...(this.known.botUserId ? { botUserId: this.known.botUserId } : {}),
      ...(this.known.botId ? { botId: this.known.botId } : {}),
    };
  }
}
