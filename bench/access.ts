/**
 * Production access benchmark (`npx tsx bench/access.ts`, or `BENCH_ONLY=access npm run bench`),
 * over GraphQL HTTP on the real server, each party with its own API token:
 * - the Approve button in Slack (a signed block_actions into the real Bolt app) to its HTTP
 *   response, the decideAccess commit and audit append included, sequential: p50/p99;
 * - a grant's whole approval: requestAccess, the provider's decideAccess, the client's
 *   decideAccess (the grant starts), sequential: p50/p99 of the three mutations together;
 * - recordAccessUse, the call a tool makes for every action under a grant: sequential p50/p99,
 *   and uses per second with 8 tools, each holding its own engineer's token and grant.
 * On PGlite (in memory) and on PostgreSQL when reachable.
 *
 * Environment: BENCH_ACCESS_PRESSES (default 300), BENCH_ACCESS_GRANTS (default 100), BENCH_ACCESS_USES (default 2000),
 * BENCH_BACKENDS.
 */
import { randomUUID } from 'node:crypto';
import { requestAccess, setAccessEligibility, setAccessPolicy } from '../core/access/index.ts';
import { ACCESS_ACTIONS } from '../doors/slack/access/presenters.ts';
import { accessDecisions } from '../db/schema.ts';
import { inArray } from 'drizzle-orm';
import { createOrg } from '../core/directory/index.ts';
import { createLogger } from '../core/observability.ts';
import { openTicket } from '../core/tickets/index.ts';
import { loadConfig } from '../server/config.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { startOpsdesk } from '../app/start.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { runWhenMain } from './standalone.ts';
import { benchOperator, benchPerson, benchActor } from './people.ts';
import { nowMs, summarise, type Row } from './stats.ts';
import { press, signedInteraction, SLACK_BENCH_ENV } from './slack.ts';

export const ACCESS_TABLE_TITLE = 'Production access: Slack Approve button, request + two approvals and recordAccessUse over GraphQL HTTP';

export interface AccessBenchOptions {
  presses: number;
  grants: number;
  uses: number;
  log: (line: string) => void;
}

export const accessBenchOptions = (log: (line: string) => void): AccessBenchOptions => ({
  presses: Number(process.env.BENCH_ACCESS_PRESSES ?? 300),
  grants: Number(process.env.BENCH_ACCESS_GRANTS ?? 100),
  uses: Number(process.env.BENCH_ACCESS_USES ?? 2000),
  log,
});

async function gql<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data!;
}

const REQUEST = `mutation($input: RequestAccessInput!) { requestAccess(input: $input) { id status } }`;
const DECIDE = `mutation($id: ID!) { decideAccess(requestId: $id, decision: APPROVE) { status expiresAt } }`;
const USE = `mutation($id: ID!, $a: String!, $t: String!) { recordAccessUse(grantId: $id, action: $a, target: $t) { id } }`;

export async function accessBench(backend: string, bench: BenchDatabase, options: AccessBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const config = loadConfig({ ...BENCH_SERVER_ENV, ...SLACK_BENCH_ENV });
  const running = await startOpsdesk({
    config,
    database: bench.database,
    logger: createLogger({ level: 'silent' }),
    ...benchAuditKey(),
    // The notifier takes its events in but sends nothing: there is no Slack to send to.
    slack: { notifier: { autoRun: false }, webClientOptions: { retryConfig: { retries: 0 } } },
  });
  try {
    const { core } = running;
    const url = running.server.url;
    const org = await core.execute(createOrg, benchOperator(), { name: 'Bench access', slug: `access-${randomUUID().slice(0, 6)}` });
    const contact = await benchPerson(running, org.id, ['contact']);
    const clientAdmin = await benchPerson(running, org.id, ['contract_admin']);
    const approver = await benchPerson(running, core.providerId!, ['access_approver'], 'UBENCHAPPROVER');
    const engineers: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < 8; i++) {
      const engineer = await benchPerson(running, core.providerId!, ['agent']);
      await core.execute(setAccessEligibility, benchOperator(), { personId: engineer.id, eligible: true });
      engineers.push(engineer);
    }
    const adminActor = await benchActor(core, clientAdmin.id, 'cli');
    // Every approval in the bench happens within the default one-hour pending timeout; the grants last the maximum.
    await core.execute(setAccessPolicy, adminActor, { orgId: org.id, maxDurationMinutes: 24 * 60 });
    const contactActor = await benchActor(core, contact.id, 'cli');
    const ticket = await core.execute(openTicket, contactActor, { orgId: org.id, title: 'Bench access' });

    const grant = async (engineer: { token: string }) => {
      const input = { orgId: org.id, ticketId: ticket.id, reason: 'bench', scope: 'bench database', durationMinutes: 24 * 60 };
      const { requestAccess } = await gql<{ requestAccess: { id: string } }>(url, engineer.token, REQUEST, { input });
      await gql(url, approver.token, DECIDE, { id: requestAccess.id });
      const { decideAccess } = await gql<{ decideAccess: { status: string } }>(url, clientAdmin.token, DECIDE, { id: requestAccess.id });
      if (decideAccess.status !== 'ACTIVE') throw new Error(`expected an active grant, got ${decideAccess.status}`);
      return requestAccess.id;
    };

    // 1. The Approve button: each press approves, for the provider, a request filed beforehand.
    const engineerActor = await benchActor(core, engineers[0]!.id, 'cli');
    const fileRequests = async (n: number) => {
      const ids: string[] = [];
      for (let k = 0; k < n; k++) {
        const request = await core.execute(requestAccess, engineerActor, { orgId: org.id, ticketId: ticket.id, reason: 'bench', scope: 'bench', durationMinutes: 60 });
        ids.push(request.id);
      }
      return ids;
    };
    const pressApprove = async (requestId: string) => {
      const t0 = nowMs();
      const response = await signedInteraction(url, press('UBENCHAPPROVER', 'DBENCHAPPROVER', ACCESS_ACTIONS.approve, requestId));
      await response.text();
      if (response.status !== 200) throw new Error(`approve press answered ${response.status}`);
      return nowMs() - t0;
    };
    for (const id of await fileRequests(30)) await pressApprove(id); // warm-up
    const pressTimes: number[] = [];
    const toApprove = await fileRequests(options.presses);
    const pressStarted = nowMs();
    for (const id of toApprove) pressTimes.push(await pressApprove(id));
    const decided = await core.database.db.$count(accessDecisions, inArray(accessDecisions.requestId, toApprove));
    if (decided !== toApprove.length) throw new Error(`${toApprove.length - decided} presses approved nothing`);
    const p = summarise(pressTimes);
    rows.push({ backend, scenario: 'Slack Approve button -> HTTP response (commit incl.), sequential', n: p.n, p50: p.p50, p99: p.p99, opsPerSec: (p.n / (nowMs() - pressStarted)) * 1000 });
    options.log(`  ${backend}: Approve button p50 ${p.p50.toFixed(2)} ms, p99 ${p.p99.toFixed(2)} ms`);

    // 2. Request and both approvals, sequential.
    for (let k = 0; k < 10; k++) await grant(engineers[0]!); // warm-up
    const grantTimes: number[] = [];
    for (let k = 0; k < options.grants; k++) {
      const t0 = nowMs();
      await grant(engineers[k % engineers.length]!);
      grantTimes.push(nowMs() - t0);
    }
    const g = summarise(grantTimes);
    rows.push({ backend, scenario: 'requestAccess + 2 x decideAccess -> ACTIVE, sequential', n: g.n, p50: g.p50, p99: g.p99, opsPerSec: (g.n / grantTimes.reduce((a, b) => a + b, 0)) * 1000 });
    options.log(`  ${backend}: grant cycle p50 ${g.p50.toFixed(2)} ms, p99 ${g.p99.toFixed(2)} ms`);

    // 3. recordAccessUse: one tool, then eight, each with its engineer's own grant.
    const grants = await Promise.all(engineers.map((engineer) => grant(engineer)));
    for (const callers of [1, 8]) {
      const latencies: number[] = [];
      let next = 0;
      const started = nowMs();
      await Promise.all(
        Array.from({ length: callers }, async (_, caller) => {
          while (next++ < options.uses) {
            const t0 = nowMs();
            await gql(url, engineers[caller]!.token, USE, { id: grants[caller], a: 'SELECT', t: `reports.row_${next}` });
            latencies.push(nowMs() - t0);
          }
        }),
      );
      const s = summarise(latencies);
      const rate = (s.n / (nowMs() - started)) * 1000;
      rows.push({ backend, scenario: `recordAccessUse, ${callers} tool(s)`, n: s.n, p50: s.p50, p99: s.p99, opsPerSec: rate });
      options.log(`  ${backend}: recordAccessUse with ${callers} tool(s): ${rate.toFixed(0)}/s, p99 ${s.p99.toFixed(2)} ms`);
    }
    return rows;
  } finally {
    await running.stop();
  }
}

runWhenMain(import.meta.url, 'access', ACCESS_TABLE_TITLE, (backend, db, log) => accessBench(backend, db, accessBenchOptions(log)));
