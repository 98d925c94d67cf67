/**
 * The `opsdesk` command: `serve` (the default) and the operator's tools on the host.
 *
 * Every command that changes state runs a core command as the system actor `cli` (door `cli`),
 * so it is authorised and audited like any other door. Command modules are imported on demand:
 * `token create` does not load the HTTP server.
 *
 * Exit codes: 0 done; 1 the database is unavailable, the configuration is invalid, the audit
 * trail is broken, or an internal error; 2 bad flags or input opsdesk refused (an OpsdeskError).
 */
import { CLIENT_ROLES, PROVIDER_ROLES } from '../../core/actor.ts';
import { OpsdeskError } from '../../core/errors.ts';
import { FatalError, UsageError } from './errors.ts';
import { flush } from './output.ts';

const USAGE_TEXT = `usage: opsdesk <command> [flags]

  serve                        run the opsdesk server, every door on one port (the default; npm start)
  migrate                      apply pending database migrations and exit
  org add --name NAME --slug SLUG
                               create a client organisation
  person add --org SLUG --email EMAIL --name NAME --role ROLE [--role ROLE ...]
             [--slack-team TEAM_ID --slack-user USER_ID]
                               add a new person to an org with roles (and their Slack identity);
                               with --existing --email EMAIL [--from-org SLUG] instead of --name,
                               add the person already known by that email to a further org
  person remove --org SLUG --email EMAIL [--reason TEXT]
                               remove a person from an org; with their last org, revoke their
                               tokens and unlink their Slack identities
  channel link --org SLUG --team TEAM_ID --channel CHANNEL_ID [--purpose PURPOSE]
                               link a Slack channel to an org; purpose: client (client orgs);
                               support, oncall or announcements (the provider)
  workspace add --org SLUG --team TEAM_ID
                               register a Slack workspace as a client org's own: its users may
                               become the org's contacts in the org's channels
  workspace remove --org SLUG --team TEAM_ID
                               take a workspace off the org's
  workspace list [--org SLUG]  the Slack workspaces of every client org (or of one)
  token create --email EMAIL [--org SLUG] [--label LABEL] [--expires ISO-8601]
                               create an API token; prints only the token on stdout;
                               --org says whose, when people of several orgs share the email
  token revoke --id TOKEN_ID   revoke an API token
  alarm-source create NAME     create an alarm source; prints only its webhook secret on stdout
  schedule list                the on-call schedules, who is on call now and next
  access allow --email EMAIL   let a provider person request production access
  access disallow --email EMAIL
                               take them off that list
  access eligible              who may request production access
  audit verify [--org SLUG [--checkpoint FILE]]
                               verify the audit hash chains (every org's, or one's; with a
                               checkpoint, that the chain extends it); exit 1 names what is wrong
  audit checkpoint --org SLUG  print the org's current signed checkpoint
  audit export --org SLUG      an org's audit trail as JSON lines, a checkpoint and the verify
                               result last
  audit verify-export FILE --key PUBLIC_KEY_FILE
                               check an export and its checkpoint offline (no database)
  demo                         load a demo provider team, two client orgs, Slack links and tokens
  help                         this text

Provider roles: ${PROVIDER_ROLES.join(', ')}
Client roles:   ${CLIENT_ROLES.join(', ')}

The CLI uses the server's database: DATABASE_URL (PostgreSQL), or else the embedded database in
DATA_DIR (default ./data), which one process holds at a time: stop the server before using the CLI
on it. Pending migrations are applied first. The first command on an empty database creates the
provider org and prints the bootstrap admin's one-time token.

Exit codes: 0 done; 1 database unavailable, invalid configuration, broken audit trail or internal
error; 2 bad flags or refused input.
`;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

type Handler = (args: string[], env: NodeJS.ProcessEnv) => Promise<number | void>;

/** `group` or `group sub` → the handler, loaded on demand. */
const COMMANDS: Record<string, () => Promise<Handler>> = {
  serve: async () => (await import('./serve.ts')).serve,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  'org add': async () => (await import('./directory.ts')).orgAdd,
  'person add': async () => (await import('./directory.ts')).personAdd,
  'person remove': async () => (await import('./directory.ts')).personRemove,
  'channel link': async () => (await import('./directory.ts')).channelLink,
  'workspace add': async () => (await import('./workspaces.ts')).workspaceAdd,
  'workspace remove': async () => (await import('./workspaces.ts')).workspaceRemove,
  'workspace list': async () => (await import('./workspaces.ts')).workspaceList,
  'token create': async () => (await import('./directory.ts')).tokenCreate,
  'token revoke': async () => (await import('./directory.ts')).tokenRevoke,
  'alarm-source create': async () => (await import('./alarms.ts')).alarmSourceCreate,
  'schedule list': async () => (await import('./alarms.ts')).scheduleList,
  'access allow': async () => (await import('./access.ts')).accessAllow,
  'access disallow': async () => (await import('./access.ts')).accessDisallow,
  'access eligible': async () => (await import('./access.ts')).accessEligible,
  'audit verify': async () => (await import('./audit.ts')).auditVerify,
  'audit export': async () => (await import('./audit.ts')).auditExport,
  'audit checkpoint': async () => (await import('./audit.ts')).auditCheckpoint,
  'audit verify-export': async () => (await import('./audit.ts')).auditVerifyExport,
  demo: async () => (await import('./demo.ts')).demo,
};

const GROUPS = new Set(Object.keys(COMMANDS).filter((k) => k.includes(' ')).map((k) => k.split(' ')[0]!));

/** Run the CLI; resolves with the exit code, or undefined when the process should keep running (serve). */
async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  try {
    const [first = 'serve', ...rest] = argv;
    if (first === 'help' || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(USAGE_TEXT);
      return 0;
    }
    let name = first;
    let args = rest;
    if (GROUPS.has(first)) {
      const sub = rest[0];
      if (!sub || !COMMANDS[`${first} ${sub}`]) {
        const subs = Object.keys(COMMANDS).filter((k) => k.startsWith(`${first} `));
        throw new UsageError(`${sub ? `unknown command "${first} ${sub}"` : `"${first}" needs a command`}: ${subs.join(', ')}`);
      }
      name = `${first} ${sub}`;
      args = rest.slice(1);
    }
    const load = COMMANDS[name];
    if (!load) throw new UsageError(`unknown command "${first}"`);
    const code = await (await load())(args, env);
    return code ?? undefined;
  } catch (error) {
    return await report(error, env);
  }
}

/** The one boundary where errors become a message and an exit code. */
async function report(error: unknown, env: NodeJS.ProcessEnv): Promise<number> {
  // Loaded here, not at the top, so that `help` and flag errors do not load the database drivers;
  // when the database failed, the module is loaded already.
  const { DatabaseUnavailableError } = await import('../../db/client.ts');
  const line = (text: string) => process.stderr.write(`opsdesk: ${text.replace(/\s+/g, ' ').trim()}\n`);
  if (error instanceof UsageError) {
    line(error.message);
    process.stderr.write(error.usage ? `usage: ${error.usage}\n` : 'run "opsdesk help" for the commands\n');
    return 2;
  }
  if (error instanceof OpsdeskError) {
    line(`${error.code}: ${error.message}`);
    return 2;
  }
  if (error instanceof DatabaseUnavailableError || error instanceof FatalError) {
    line(error.message);
    return 1;
  }
  line('internal error');
  const level = env.LOG_LEVEL && LOG_LEVELS.has(env.LOG_LEVEL) ? env.LOG_LEVEL : 'info';
  const { stderrLogger } = await import('./context.ts');
  stderrLogger(level).error({ err: error }, 'internal error');
  return 1;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) {
  await flush(process.stdout);
  await flush(process.stderr);
  process.exit(code);
}
