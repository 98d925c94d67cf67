/**
 * The command line's contract with the process that runs it (app/cli): a command parses its flags,
 * runs core commands and queries as the operator, and prints. It never opens the database itself:
 * the process gives it a core on the same database as the server's (migrated first), for as long as
 * the command needs it, and closes it after.
 */
import type { SystemActor } from '../../../core/actor.ts';
import type { Core } from '../../../core/core.ts';
import type { Logger } from '../../../core/observability.ts';
import type { Config } from '../../../server/config.ts';

export interface CliContext {
  readonly config: Config;
  /** On stderr: stdout is the command's output. */
  readonly logger: Logger;
  readonly core: Core;
  /** The operator on the host (door `cli`); one request id per invocation. */
  readonly actor: SystemActor;
}

export interface CliSession {
  readonly env: NodeJS.ProcessEnv;
  /** Open the database, run `work` with a core on it, close it (also on failure). */
  withCore<T>(work: (ctx: CliContext) => Promise<T>): Promise<T>;
}

/** A command's code: its exit code, or undefined for 0. */
export type CliRun = (args: string[], session: CliSession) => Promise<number | void>;

export interface CliCommand {
  /** `org add`: a group and a verb, or one word. */
  readonly name: string;
  /** The usage line after `opsdesk `. */
  readonly usage: string;
  /** What it does, for `opsdesk help`. */
  readonly summary: string;
  /** Loaded only when the command runs: `help` loads none of them. */
  load(): Promise<CliRun>;
}

/** A capability's part of the command line. */
export interface CliPart {
  readonly commands: readonly CliCommand[];
}
