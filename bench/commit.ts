/**
 * Commit latency and throughput of one real domain command (`setRoles`, toggling a role on a
 * membership: one UPDATE, the audit append and the outbox row), against the identical state
 * change without the audit append, on one org (sequential and concurrent) and on several orgs.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { domainEvents, memberships, people } from '../db/schema.ts';
import { systemActor, type Role } from '../core/actor.ts';
import { parseInput, type CommandContext } from '../core/command.ts';
import type { Core } from '../core/core.ts';
import { addPerson, checkRolesFit, createOrg, orgPolicy, requireOrg, setRoles } from '../core/directory/index.ts';
import { OpsdeskError } from '../core/errors.ts';
import { bootstrapIfEmpty, createCore } from '../core/index.ts';
import { createLogger } from '../core/observability.ts';
import { nowMs, ratioOf, summarise, type Row } from './stats.ts';
import { coreCapabilities } from '../app/capabilities.ts';

const ORGS = 8;
const PEOPLE_PER_ORG = 8;
const ROLES_A: Role[] = ['contact'];
const ROLES_B: Role[] = ['contact', 'space_admin'];

export interface Target {
  orgId: string;
  personId: string;
  /** Which of the two role sets the membership holds now. */
  flipped: boolean;
}

export interface CommitFixture {
  core: Core;
  orgs: Array<{ id: string; members: Target[] }>;
}

/** Migrate, bootstrap, start a core (its bus listens on PostgreSQL), make 8 orgs of 8 people. */
export async function setUpCommitFixture(database: Database): Promise<CommitFixture> {
  await migrate(database);
  const core = createCore({ capabilities: await coreCapabilities(), database, logger: createLogger({ level: 'silent' }), timers: { autoArm: false } });
  await bootstrapIfEmpty(core);
  await core.start();
  const actor = systemActor('cli', 'cli', `bench-setup-${randomUUID()}`);
  const orgs: CommitFixture['orgs'] = [];
  for (let o = 0; o < ORGS; o++) {
    const org = await core.execute(createOrg, actor, { name: `Bench org ${o}`, slug: `bench-${o}-${randomUUID().slice(0, 6)}` });
    const members: Target[] = [];
    for (let p = 0; p < PEOPLE_PER_ORG; p++) {
      const person = await core.execute(addPerson, actor, {
        orgId: org.id,
        name: `Bench person ${o}.${p}`,
        email: `bench-${o}-${p}-${randomUUID().slice(0, 8)}@example.test`,
        roles: ROLES_A,
      });
      members.push({ orgId: org.id, personId: person.id, flipped: false });
    }
    orgs.push({ id: org.id, members });
  }
  return { core, orgs };
}

/**
 * `setRoles` without `ctx.record`: the same reads, lock, UPDATE and read-back through `ctx.tx`,
 * in one transaction, but no audit event and no outbox row (so, on PostgreSQL, no NOTIFY either).
 */
async function setRolesUnaudited(ctx: CommandContext, input: { orgId: string; personId: string; roles: Role[] }) {
  const org = await requireOrg(ctx.tx, input.orgId);
  orgPolicy.authorize(ctx.actor, 'org.manage', org);
  const roles = [...new Set(input.roles)];
  checkRolesFit(org, roles);
  const [member] = await ctx.tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.personId, input.personId), eq(memberships.orgId, org.id)))
    .for('update');
  if (!member) throw new OpsdeskError('NOT_FOUND', 'person not found in this organisation');
  await ctx.tx
    .update(memberships)
    .set({ roles })
    .where(and(eq(memberships.personId, input.personId), eq(memberships.orgId, org.id)));
  const [person] = await ctx.tx.select().from(people).where(eq(people.id, input.personId));
  return { ...person!, orgId: org.id, roles, before: member.roles };
}

export type Variant = 'audit' | 'outbox' | 'none';

export const VARIANT_LABEL: Record<Variant, string> = {
  audit: 'with audit (setRoles)',
  outbox: 'outbox row only, no audit',
  none: 'without audit',
};

/** One state change on `target` in the given variant. */
async function changeOnce(core: Core, variant: Variant, target: Target, seq: number): Promise<void> {
  target.flipped = !target.flipped;
  const raw = { orgId: target.orgId, personId: target.personId, roles: target.flipped ? ROLES_B : ROLES_A };
  const actor = systemActor('cli', 'cli', `bench-${seq}`);
  if (variant === 'audit') {
    await core.execute(setRoles, actor, raw);
    return;
  }
  // The same validation `execute` does, then the same transaction runner.
  const input = parseInput(setRoles.input, raw);
  await core.transact(
    actor,
    async (ctx) => {
      const changed = await setRolesUnaudited(ctx, input);
      if (variant === 'outbox') {
        // The outbox half of ctx.record, without the chain: tells the two costs apart.
        await ctx.tx.insert(domainEvents).values({
          orgId: changed.orgId,
          type: 'person.roles_set',
          subjectType: 'person',
          subjectId: changed.id,
          payload: { before: changed.before, after: changed.roles },
          actorId: actor.id,
          requestId: actor.requestId,
          at: ctx.now,
        });
      }
      return changed;
    },
    { requireRecord: false },
  );
}

export interface ScenarioResult {
  samples: number[];
  wallMs: number;
}

/** `total` changes spread over one concurrent caller per target; each caller works on its own target. */
export async function runScenario(core: Core, variant: Variant, targets: Target[], total: number): Promise<ScenarioResult> {
  const samples: number[] = [];
  let issued = 0;
  const started = nowMs();
  await Promise.all(
    targets.map(async (target) => {
      while (issued < total) {
        const seq = issued++;
        const t0 = nowMs();
        await changeOnce(core, variant, target, seq);
        samples.push(nowMs() - t0);
      }
    }),
  );
  return { samples, wallMs: nowMs() - started };
}

export interface CommitScenario {
  name: string;
  targets: (fixture: CommitFixture) => Target[];
}

export const COMMIT_SCENARIOS: CommitScenario[] = [
  { name: '1 org, sequential', targets: (f) => [f.orgs[0]!.members[0]!] },
  { name: '1 org, 8 callers', targets: (f) => f.orgs[0]!.members.slice(0, 8) },
  { name: '8 orgs, 8 callers', targets: (f) => f.orgs.slice(0, 8).map((o) => o.members[0]!) },
];

/**
 * The floor under every figure above: transactions of one INSERT into a table of their own, one per
 * caller at a time, 1 and 8 callers. On PostgreSQL this is what the disk's flush at COMMIT allows
 * (group commit included); no command can commit faster than this loop.
 */
async function bareCommitRows(backend: string, database: Database, iterations: number, log: (line: string) => void): Promise<Row[]> {
  await database.db.execute(sql`create table if not exists bench_bare_commits (id bigserial primary key, caller int not null, at timestamptz not null default now())`);
  const rows: Row[] = [];
  try {
    for (const callers of [1, 8]) {
      const loop = async (total: number) => {
        const samples: number[] = [];
        let issued = 0;
        const started = nowMs();
        await Promise.all(
          Array.from({ length: callers }, async (_, caller) => {
            while (issued++ < total) {
              const t0 = nowMs();
              await database.db.transaction(async (tx) => {
                await tx.execute(sql`insert into bench_bare_commits (caller) values (${caller})`);
              });
              samples.push(nowMs() - t0);
            }
          }),
        );
        return { samples, wallMs: nowMs() - started };
      };
      await loop(Math.min(200, iterations));
      const { samples, wallMs } = await loop(iterations);
      const s = summarise(samples);
      const row: Row = { backend, scenario: `bare commit (one INSERT per transaction), ${callers === 1 ? 'sequential' : `${callers} callers`}`, n: s.n, p50: s.p50, p99: s.p99, opsPerSec: (s.n / wallMs) * 1000 };
      rows.push(row);
      log(`  ${backend} | ${row.scenario}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, ${row.opsPerSec!.toFixed(0)}/s`);
    }
  } finally {
    await database.db.execute(sql`drop table if exists bench_bare_commits`);
  }
  return rows;
}

/** Every scenario in every variant; rows carry the audit/without ratio. Last, the bare commit loop (the disk's bound). */
export async function commitBench(
  backend: string,
  database: Database,
  options: {
    iterations: number;
    variants: Variant[];
    /** Commands for the diagnostic `outbox` variant (default: iterations). */
    outboxIterations?: number;
    log: (line: string) => void;
  },
): Promise<Row[]> {
  const fixture = await setUpCommitFixture(database);
  const rows: Row[] = [];
  try {
    for (const scenario of COMMIT_SCENARIOS) {
      const targets = scenario.targets(fixture);
      const byVariant = new Map<Variant, Row>();
      for (const variant of options.variants) {
        const iterations = variant === 'outbox' ? (options.outboxIterations ?? options.iterations) : options.iterations;
        // Warm-up: JIT, prepared statements, pool connections, buffer cache.
        await runScenario(fixture.core, variant, targets, Math.min(200, Math.max(20, Math.floor(iterations / 10))));
        const { samples, wallMs } = await runScenario(fixture.core, variant, targets, iterations);
        const s = summarise(samples);
        const row: Row = {
          backend,
          scenario: `${scenario.name}, ${VARIANT_LABEL[variant]}`,
          n: s.n,
          p50: s.p50,
          p99: s.p99,
          opsPerSec: (s.n / wallMs) * 1000,
        };
        byVariant.set(variant, row);
        rows.push(row);
        options.log(
          `  ${backend} | ${row.scenario}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms, ` +
            `${row.opsPerSec!.toFixed(0)}/s`,
        );
      }
      const none = byVariant.get('none');
      if (none) {
        for (const variant of ['audit', 'outbox'] as const) {
          const row = byVariant.get(variant);
          if (row) row.ratio = ratioOf(row, none);
        }
      }
    }
    rows.push(...(await bareCommitRows(backend, database, options.iterations, options.log)));
  } finally {
    await fixture.core.stop();
  }
  return rows;
}
