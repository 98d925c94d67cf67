/**
 * `opsdesk slack-manifest [--url https://HOST]`: the Slack app's manifest as JSON, made from every
 * capability's Slack part, to paste at https://api.slack.com/apps → Create New App → From an app
 * manifest. With --url, Slack reaches opsdesk over HTTP at HOST/slack/events; without, the app uses
 * Socket Mode (SLACK_APP_TOKEN). Needs no database and no Slack configuration.
 */
import { parseFlags, UsageError } from '../../doors/cli/kit/args.ts';
import { slackManifest } from '../../doors/slack/manifest.ts';
import { partsOf } from '../capabilities.ts';

export const USAGE = 'opsdesk slack-manifest [--url https://HOST]';

export async function slackManifestCommand(args: string[]): Promise<number> {
  const flags = parseFlags(args, { url: { type: 'string' } }, USAGE);
  if (flags.url !== undefined && !/^https:\/\/[^\s/]+(\/[^\s]*)?$/.test(flags.url)) {
    throw new UsageError('--url is opsdesk\'s public https:// address (Slack calls nothing else)', USAGE);
  }
  const manifest = slackManifest(await partsOf('slack'), { publicUrl: flags.url });
  process.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
  return 0;
}
