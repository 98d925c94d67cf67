/**
 * The auditor's commands on the host: `audit verify` (every chain, or one org's, optionally against
 * a checkpoint taken before), `audit checkpoint`, `audit export`, and `audit verify-export`, which
 * needs no database at all.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  currentAuditCheckpoint,
  exportAuditTrail,
  NoteError,
  signCheckpointWith,
  verifyAllChainsWith,
  verifyAuditTrailWith,
  verifyExport,
  type VerifyResult,
} from '../../../core/audit/index.ts';
import { listOrgs } from '../../../core/directory/index.ts';
import { parseFlags, required, UsageError } from '../kit/args.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { FatalError } from '../kit/errors.ts';
import { table, write } from '../kit/output.ts';
import { orgForSlug } from '../directory/people.ts';
import { USAGE } from './index.ts';


function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new FatalError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** One line for the operator naming the first problem, and how many more there are. */
export function brokenLine(result: VerifyResult, slug: string): string {
  const more = result.problems.length + result.moreProblems - 1;
  return (
    `audit trail broken: chain ${slug} (${result.chainId}) at seq ${result.brokenAtSeq}: ${result.reason}` +
    (more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '')
  );
}

/** Exit 0 with a summary when every chain (or the org's) is intact; exit 1 naming what is wrong. */
export async function auditVerify(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' }, checkpoint: { type: 'string' } }, USAGE.verify);
  if (flags.checkpoint && !flags.org) throw new UsageError('--checkpoint needs --org', USAGE.verify);
  const checkpoint = flags.checkpoint ? readText(flags.checkpoint, 'checkpoint') : undefined;
  return cli.withCore(async (ctx) => {
    const { actor, core } = ctx;
    const results = flags.org
      ? [await core.read(verifyAuditTrailWith(core.audit.key), actor, { orgId: (await orgForSlug(ctx, flags.org)).id, checkpoint })]
      : await core.read(verifyAllChainsWith(core.audit.key), actor, {});
    const slugs = new Map((await core.read(listOrgs, actor, {})).map((o) => [o.id, o.slug]));
    const slugOf = (chainId: string) => slugs.get(chainId) ?? '(no org)';
    const rows = results.flatMap((r) => {
      const status = r.ok ? 'ok' : 'BROKEN';
      const detail = r.ok ? `head ${r.headHash?.slice(0, 16)}${r.checkpointSize !== null ? `, extends the checkpoint of ${r.checkpointSize} events` : ''}` : '';
      if (r.ok) return [[status, slugOf(r.chainId), r.chainId, String(r.events), detail]];
      // Every problem on its own line, in plain words.
      return r.problems.map((p, i) => [i === 0 ? status : '', i === 0 ? slugOf(r.chainId) : '', i === 0 ? r.chainId : '', i === 0 ? String(r.events) : '', p.message]);
    });
    if (rows.length > 0) process.stdout.write(table(['STATUS', 'ORG', 'CHAIN', 'EVENTS', 'DETAIL'], rows));
    const broken = results.filter((r) => !r.ok);
    if (broken.length > 0) {
      for (const result of broken) process.stderr.write(`opsdesk: ${brokenLine(result, slugOf(result.chainId))}\n`);
      return 1;
    }
    const events = results.reduce((sum, r) => sum + r.events, 0);
    const against = checkpoint ? `; it extends the checkpoint of ${results[0]!.checkpointSize} events` : '';
    process.stdout.write(`audit trail intact: ${results.length} chain${results.length === 1 ? '' : 's'}, ${events} events${against}\n`);
    return 0;
  });
}

/** Print the org's current signed checkpoint (signing one when the chain moved since the latest). */
export async function auditCheckpoint(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' } }, USAGE.checkpoint);
  const slug = required(flags.org, 'org', USAGE.checkpoint);
  return cli.withCore(async (ctx) => {
    const { actor, core } = ctx;
    const orgId = (await orgForSlug(ctx, slug)).id;
    // The latest while it is current; otherwise one signed now, on the org's chain.
    const checkpoint =
      (await core.read(currentAuditCheckpoint, actor, { orgId })) ??
      (await core.execute(signCheckpointWith(core.auditKey), actor, { orgId, reason: 'demand' }));
    await write(process.stdout, checkpoint.note);
    return 0;
  });
}

/**
 * JSON lines: `{"type":"event","event":{...}}` for each event in chain order, then
 * `{"type":"checkpoint","checkpoint":{...}}` signed at export time, then `{"type":"verify","result":{...}}`.
 */
export async function auditExport(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' } }, USAGE.export);
  const slug = required(flags.org, 'org', USAGE.export);
  return cli.withCore(async (ctx) => {
    const { actor, core } = ctx;
    const orgId = (await orgForSlug(ctx, slug)).id;
    let result: VerifyResult | undefined;
    for await (const item of exportAuditTrail(core, actor, orgId)) {
      if (item.type === 'verify') result = item.result;
      await write(process.stdout, `${JSON.stringify(item)}\n`);
    }
    if (result && !result.ok) {
      process.stderr.write(`opsdesk: ${brokenLine(result, slug)}\n`);
      return 1;
    }
    return 0;
  });
}

/** Check an export and its checkpoint against a public key, offline: no database, no server. */
export async function auditVerifyExport(args: string[]): Promise<number> {
  const [file, ...rest] = args;
  if (!file || file.startsWith('-')) throw new UsageError('name the export file', USAGE.verifyExport);
  const flags = parseFlags(rest, { key: { type: 'string' } }, USAGE.verifyExport);
  const keyText = readText(required(flags.key, 'key', USAGE.verifyExport), 'public key file');
  readText(file, 'export');
  const lines = () => createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let result;
  try {
    result = await verifyExport(lines, keyText);
  } catch (error) {
    if (error instanceof NoteError) throw new FatalError(`${file}: ${error.message}`);
    throw error;
  }
  if (!result.ok) {
    for (const problem of result.problems) process.stdout.write(`${problem.message}\n`);
    process.stderr.write(`opsdesk: ${brokenLine(result, 'in the export')}\n`);
    return 1;
  }
  const at = result.checkpoint!.signedAt.toISOString();
  process.stdout.write(`export intact: ${result.events} events of chain ${result.chainId}; its checkpoint of ${at} (${result.checkpointSize} events) is validly signed and matches\n`);
  return 0;
}
