/** Text the CLI shows people: tables, the first-start block, writing with backpressure. */
import type { BootstrapResult } from '../../../core/index.ts';
import type { Config } from '../../../server/config.ts';

/** Left-aligned columns, two spaces apart, with a header row. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Write to a stream, waiting when its buffer is full (long exports into a slow pipe). */
export async function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/** Resolves once everything written to the stream so far has been handed to the OS. */
export function flush(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

const GRAPHQL_ME = '{"query":"{ me { name memberships { org { slug } roles } } }"}';

export function curlMe(url: string, token: string): string {
  return `curl -s ${url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' -d '${GRAPHQL_ME}'`;
}

/** The block `serve` prints on stdout when it created the provider org. */
export function bootstrapBlock(result: BootstrapResult, config: Config, url: string): string {
  const slug = config.OPSDESK_PROVIDER_SLUG;
  return `
================================================================================
 opsdesk: first start. Created the provider org "${config.OPSDESK_PROVIDER_NAME}" (slug ${slug})
 and a bootstrap admin (${config.OPSDESK_ADMIN_EMAIL}).

 One-time admin token (shown only now; only its hash is stored):

     ${result.token}

 Next:
  1. Open the web console at ${url}/ and sign in with this token. Under People, add yourself
     as an admin with a token of your own, sign in with that, and revoke this one.
  2. Or call GraphQL with it:
       ${curlMe(url, result.token)}
     or use the command line. The embedded database belongs to one process: stop this server
     (Ctrl-C) before these commands (on PostgreSQL, run them alongside it):
       npx opsdesk person add --org ${slug} --email you@example.com --name "Your Name" --role admin
       npx opsdesk token create --email you@example.com --label laptop
       npx opsdesk token revoke --id ${result.tokenId}
  3. Connect Slack: create the app from the manifest of
       npx opsdesk slack-manifest --url https://YOUR-HOST     (or without --url for Socket Mode)
     set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (Socket Mode: SLACK_APP_TOKEN and SLACK_BOT_TOKEN),
     restart, invite the bot to a channel and type: /opsdesk link <org-slug>
  4. Load demo data (people in every role with tokens, tickets, on-call, an alarm, a release):
       npm run demo     (the same: with the embedded database, stop this server first)
================================================================================

`;
}

/** The shorter note a CLI command prints on stderr when it found the database empty. */
export function bootstrapNotice(result: BootstrapResult, config: Config): string {
  return (
    `opsdesk: this database was empty: created the provider org "${config.OPSDESK_PROVIDER_NAME}" ` +
    `(slug ${config.OPSDESK_PROVIDER_SLUG}) and a bootstrap admin (${config.OPSDESK_ADMIN_EMAIL}).\n` +
    `opsdesk: one-time admin token (shown only now): ${result.token}\n`
  );
}
