/** `audit verify` and `audit export`: what an auditor runs on the host. */
import { orgs } from '../db/schema.ts';
import type { VerifyResult } from '../core/audit/chain.ts';
import { exportAuditTrail, verifyAllChains, verifyAuditTrail } from '../core/audit/queries.ts';
import { orgBySlug } from '../core/directory/lookups.ts';
import { OpsdeskError } from '../core/errors.ts';
import type { Queryable } from '../db/client.ts';
import { parseFlags, required } from './args.ts';
import { withCli } from './context.ts';
import { table, write } from './output.ts';

export const USAGE = {
  verify: 'opsdesk audit verify [--org SLUG]',
  export: 'opsdesk audit export --org SLUG',
};

async function requireOrgId(db: Queryable, slug: string): Promise<string> {
  const org = await orgBySlug(db, slug.trim());
  if (!org) throw new OpsdeskError('NOT_FOUND', `no organisation with the slug "${slug}"`);
  return org.id;
}

/** One line for the operator naming the first broken link. */
export function brokenLine(result: Extract<VerifyResult, { ok: false }>, slug: string): string {
  return `audit trail broken: chain ${slug} (${result.chainId}) at seq ${result.brokenAtSeq}: ${result.reason}`;
}

/** Exit 0 with a summary when every chain (or the org's) is intact; exit 1 naming the first broken link. */
export async function auditVerify(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' } }, USAGE.verify);
  return withCli(env, async ({ database, actor }) => {
    const db = database.db;
    const results = flags.org
      ? [await verifyAuditTrail(db, actor, await requireOrgId(db, flags.org))]
      : await verifyAllChains(db);
    const slugs = new Map((await db.select({ id: orgs.id, slug: orgs.slug }).from(orgs)).map((o) => [o.id, o.slug]));
    const slugOf = (chainId: string) => slugs.get(chainId) ?? '(unknown org)';
    const rows = results.map((r) => [
      r.ok ? 'ok' : 'BROKEN',
      slugOf(r.chainId),
      r.chainId,
      String(r.events),
      r.ok ? `head ${r.headHash.slice(0, 16)}` : `seq ${r.brokenAtSeq}: ${r.reason}`,
    ]);
    if (rows.length > 0) process.stdout.write(table(['STATUS', 'ORG', 'CHAIN', 'EVENTS', 'DETAIL'], rows));
    const broken = results.find((r): r is Extract<VerifyResult, { ok: false }> => !r.ok);
    if (broken) {
      process.stderr.write(`opsdesk: ${brokenLine(broken, slugOf(broken.chainId))}\n`);
      return 1;
    }
    const events = results.reduce((sum, r) => sum + r.events, 0);
    process.stdout.write(`audit trail intact: ${results.length} chain${results.length === 1 ? '' : 's'}, ${events} events\n`);
    return 0;
  });
}

/** JSON lines: `{"type":"event","event":{...}}` for each event in chain order, then `{"type":"verify","result":{...}}`. */
export async function auditExport(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = parseFlags(args, { org: { type: 'string' } }, USAGE.export);
  const slug = required(flags.org, 'org', USAGE.export);
  return withCli(env, async ({ database, actor }) => {
    const orgId = await requireOrgId(database.db, slug);
    let result: VerifyResult | undefined;
    for await (const item of exportAuditTrail(database.db, actor, orgId)) {
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
