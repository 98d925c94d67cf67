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
import { FatalError, UsageError } from '../../doors/cli/kit/errors.ts';
import { flush } from '../../doors/cli/kit/output.ts';
import type { CliCommand } from '../../doors/cli/kit/command.ts';
import { partsOf } from '../capabilities.ts';

/** The command line's own commands; every capability adds its part (app/capabilities.ts). */
const BUILT_IN: CliCommand[] = [
  {
    name: 'serve',
    usage: 'opsdesk serve',
    summary: 'run the opsdesk server, every door on one port (the default; npm start)',
    load: async () => (await import('./serve.ts')).serve,
  },
  { name: 'migrate', usage: 'opsdesk migrate', summary: 'apply pending database migrations and exit', load: async () => (await import('./migrate.ts')).migrateCommand },
  {
    name: 'slack-manifest',
    usage: 'opsdesk slack-manifest [--url https://HOST]',
    summary: "the Slack app's manifest (JSON) to create the app from; with --url for HTTP, without for Socket Mode",
    load: async () => (await import('./slack-manifest.ts')).slackManifestCommand,
  },
  {
    name: 'demo',
    usage: 'opsdesk demo',
    summary: 'load demo data: a provider team, two client orgs, Slack links, tokens, tickets, on-call, an alarm and a release',
    load: async () => (await import('../../doors/cli/demo.ts')).demo,
  },
];

const EPILOGUE = `
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

/** Every command: the built-in ones, then each capability's, in the list's order. */
async function allCommands(): Promise<CliCommand[]> {
  return [...BUILT_IN, ...(await partsOf('cli')).flatMap((part) => part.commands)];
}

/** `  org add --name NAME --slug SLUG` and what it does, aligned as a help text is. */
function usageText(commands: CliCommand[]): string {
  const COLUMN = 31;
  const lines = commands.map((command) => {
    const usage = `  ${command.usage.replace(/^opsdesk /, '')}`;
    const summary = wrap(command.summary, 100 - COLUMN).map((line) => `${' '.repeat(COLUMN)}${line}`);
    if (usage.length < COLUMN - 1) summary[0] = usage.padEnd(COLUMN) + summary[0]!.trimStart();
    else summary.unshift(usage);
    return summary.join('\n');
  });
  return `usage: opsdesk <command> [flags]\n\n${lines.join('\n')}\n  help                         this text\n${EPILOGUE}`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/** Run the CLI; resolves with the exit code, or undefined when the process should keep running (serve). */
async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  try {
    const commands = await allCommands();
    const [first = 'serve', ...rest] = argv;
    if (first === 'help' || argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(usageText(commands));
      return 0;
    }
    const byName = new Map(commands.map((command) => [command.name, command]));
    const groups = new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]!));
    let name = first;
    let args = rest;
    if (groups.has(first)) {
      const sub = rest[0];
      if (!sub || !byName.has(`${first} ${sub}`)) {
        const subs = commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name);
        throw new UsageError(`${sub ? `unknown command "${first} ${sub}"` : `"${first}" needs a command`}: ${subs.join(', ')}`);
      }
      name = `${first} ${sub}`;
      args = rest.slice(1);
    }
    const command = byName.get(name);
    if (!command) throw new UsageError(`unknown command "${first}"`);
    // The database drivers load with the session, not for `help` or a flag error.
    const { cliSession } = await import('./session.ts');
    const code = await (await command.load())(args, cliSession(env));
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
  const { stderrLogger } = await import('./session.ts');
  stderrLogger(level).error({ err: error }, 'internal error');
  return 1;
}

const code = await main(process.argv.slice(2));
if (code !== undefined) {
  await flush(process.stdout);
  await flush(process.stderr);
  process.exit(code);
}
