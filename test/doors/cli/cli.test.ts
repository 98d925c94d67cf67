/**
 * The real `opsdesk` command, as an operator runs it, on each backend. The tests of one backend
 * share one database and run in order: first start, then the directory, the audit trail, the demo.
 */
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultRows } from '../../../db/client.ts';
import { peopleOnCall } from '../../../core/alarms/index.ts';
import { systemActor } from '../../../core/actor.ts';
import { createCore } from '../../../core/index.ts';
import { coreCapabilities } from '../../../app/capabilities.ts';
import { createLogger } from '../../../core/observability.ts';
import { auditSigningKey } from '../../../core/audit/signing-key.ts';
import { loadConfig } from '../../../server/config.ts';
import { startOpsdesk } from '../../../app/start.ts';
import { eventually, gql } from '../../support/clients.ts';
import { backends } from '../../support/db.ts';
import { CLI_TIMEOUT_MS, createCliDatabase, runCli, startServe, type CliDatabase } from './cli.ts';

const TOKEN = /^odk_[A-Za-z0-9_-]{20,}$/;

/** The tables the demo writes, and the audit trail. */
const DEMO_TABLES = [
  'orgs', 'people', 'memberships', 'api_tokens', 'channel_links', 'slack_workspaces', 'access_eligibility',
  'tickets', 'ticket_comments', 'alarm_sources', 'alarms', 'oncall_schedules', 'escalation_policies', 'alarm_routes',
  'disaster_recovery_contacts', 'releases', 'announcements', 'announcement_recipients', 'timers', 'audit_events',
];

/** The total the summary line of `audit verify` reports. */
function eventTotal(stdout: string): number {
  const match = /audit trail intact: \d+ chains?, (\d+) events/.exec(stdout);
  if (!match) throw new Error(`no summary in:\n${stdout}`);
  return Number(match[1]);
}

describe.each(backends)('the opsdesk command on %s', (backend) => {
  let db: CliDatabase;
  let cli: (...args: string[]) => ReturnType<typeof runCli>;
  /** Where the auditor keeps what they took away: exports, checkpoints, the public key. */
  const work = mkdtempSync(join(tmpdir(), 'opsdesk-auditor-'));

  beforeAll(async () => {
    db = await createCliDatabase(backend);
    cli = (...args) => runCli(args, db.env);
  });
  afterAll(async () => {
    await db?.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('serve starts on an empty database, shows the one-time admin token, answers /healthz, and exits 0 on SIGTERM', async () => {
    const server = await startServe(db.env);
    try {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      // The block is printed after the listening line (it reads the token's id first): wait for it.
      await eventually(() => /One-time admin token[^\n]*\n\s*\n\s*odk_\S+/.test(server.stdout()));
      const bootstrap = /One-time admin token[^\n]*\n\s*\n\s*(odk_\S+)/.exec(server.stdout());
      expect(bootstrap, server.stdout()).not.toBeNull();
      const me = await gql(server.url, bootstrap![1], '{ me { memberships { org { slug } roles } } }');
      expect(me.data?.me.memberships).toEqual([{ org: { slug: 'provider' }, roles: ['ADMIN'] }]);
      expect(server.stdout()).toContain('npm run demo');
      // The first start made the audit signing key beside the data, for its owner only, and logged its public half.
      expect(statSync(join(db.env.DATA_DIR!, 'audit-signing-key.pem')).mode & 0o777).toBe(0o600);
      expect(server.stdout()).toMatch(/"verifierKey":"opsdesk\/provider\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}".*"msg":"made a new audit signing key/);
      // The secret is shown on the terminal, never in a log line.
      const logLines = server.stdout().split('\n').filter((l) => l.startsWith('{'));
      expect(logLines.some((l) => l.includes(bootstrap![1]!))).toBe(false);

      if (backend === 'pglite') {
        // The embedded database belongs to the running server: the CLI is refused, in one line.
        const refused = await cli('audit', 'verify');
        expect(refused.code).toBe(1);
        expect(refused.stderr.trim().split('\n')).toHaveLength(1);
        expect(refused.stderr).toMatch(/^opsdesk: the embedded database in .* is in use by another opsdesk process/);
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toContain('"msg":"stopped"');
  }, 90_000);

  it('org add, person add and token create give a token, alone on stdout, that authenticates against GraphQL', async () => {
    const org = await cli('org', 'add', '--name', 'Northwind Freight', '--slug', 'northwind');
    expect(org.stderr).toBe('');
    expect(org.code).toBe(0);
    expect(org.stdout).toMatch(/created client org "Northwind Freight" \(slug northwind, id [0-9a-f-]{36}\)/);

    const person = await cli(
      'person', 'add', '--org', 'northwind', '--email', 'Nora@Northwind.example', '--name', 'Nora Nilsson',
      '--role', 'contract_admin', '--role', 'contact', '--slack-team', 'T0NORTH', '--slack-user', 'U0NORA',
    );
    expect(person.code).toBe(0);
    expect(person.stdout).toContain('added Nora Nilsson <nora@northwind.example> to Northwind Freight (northwind) as contract_admin, contact');

    const token = await cli('token', 'create', '--email', 'nora@northwind.example', '--label', 'dashboard');
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(new RegExp(`^${TOKEN.source.slice(1, -1)}\\n$`));
    expect(token.stderr).toContain('"dashboard" for Nora Nilsson');

    // The server on the same database accepts it (for PGlite: now that no child holds the data directory).
    const database = await db.open();
    const running = await startOpsdesk({
      config: loadConfig({ ...db.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
      database,
      logger: createLogger({ level: 'silent' }),
      timers: { autoArm: false },
    });
    try {
      const me = await gql(running.server.url, token.stdout.trim(), '{ me { name email memberships { org { slug } roles } slack { teamId userId } } }');
      expect(me.errors).toBeUndefined();
      expect(me.data?.me).toEqual({
        name: 'Nora Nilsson',
        email: 'nora@northwind.example',
        memberships: [{ org: { slug: 'northwind' }, roles: ['CONTRACT_ADMIN', 'CONTACT'] }],
        slack: [{ teamId: 'T0NORTH', userId: 'U0NORA' }],
      });
    } finally {
      await running.stop();
      await database.close(); // handed in, so ours to close (and, on PGlite, to unlock)
    }
  }, 90_000);

  it('refused input gets one clear line and exit 2, and writes nothing', async () => {
    const before = await cli('audit', 'verify');
    expect(before.code).toBe(0);

    const wrongSide = await cli('person', 'add', '--org', 'provider', '--email', 'x@northwind.example', '--name', 'X', '--role', 'contact');
    expect(wrongSide.code).toBe(2);
    expect(wrongSide.stderr).toBe(
      'opsdesk: INVALID_INPUT: contact is not a role of a provider org; use agent, oncall, access_approver, product_owner, admin\n',
    );
    expect(wrongSide.stdout).toBe('');

    const unknownOrg = await cli('channel', 'link', '--org', 'nowhere', '--team', 'T0NORTH', '--channel', 'C0NORTH');
    expect(unknownOrg.code).toBe(2);
    expect(unknownOrg.stderr).toBe('opsdesk: NOT_FOUND: no organisation with the slug "nowhere"\n');

    const after = await cli('audit', 'verify');
    expect(eventTotal(after.stdout)).toBe(eventTotal(before.stdout));
  }, 90_000);

  it('audit export prints the org trail as JSON lines, in chain order, ending with a checkpoint signed at export and the verify result', async () => {
    const exported = await cli('audit', 'export', '--org', 'northwind');
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const events = lines.slice(0, -2);
    expect(events.map((l) => [l.type, l.event.seq, l.event.action, l.event.door])).toEqual([
      ['event', 1, 'org.created', 'cli'],
      ['event', 2, 'person.added', 'cli'],
      ['event', 3, 'api_token.created', 'cli'],
      ['event', 4, 'audit.checkpoint_signed', 'cli'],
    ]);
    expect(events[2].event.data).not.toHaveProperty('token');
    expect(lines.at(-2)).toMatchObject({ type: 'checkpoint', checkpoint: { seq: 4, size: 3, headHash: events[2].event.hash, reason: 'export' } });
    expect(lines.at(-2).checkpoint.note).toBe(events[3].event.data.note);
    expect(lines.at(-1)).toMatchObject({ type: 'verify', result: { ok: true, events: 4, headHash: events[3].event.hash, checkpointSize: 3 } });
    writeFileSync(join(work, 'northwind.jsonl'), exported.stdout);
  }, CLI_TIMEOUT_MS * 2);

  it('audit checkpoint prints the signed checkpoint, and verify-export checks an export offline with the verifier key or the PEM key', async () => {
    const printed = await cli('audit', 'checkpoint', '--org', 'northwind');
    expect(printed.code, printed.stderr).toBe(0);
    const [origin, size, , org, time, blank, signature] = printed.stdout.split('\n');
    // Nothing but the export's own checkpoint was appended since it: that one is still current.
    expect([origin, size, org, blank]).toEqual(['opsdesk/provider/audit', '3', expect.stringMatching(/^org [0-9a-f-]{36}$/), '']);
    expect(time).toMatch(/^time \d{4}-\d\d-\d\dT/);
    expect(signature).toMatch(/^— opsdesk\/provider\/audit [A-Za-z0-9+/]{91}=$/);
    writeFileSync(join(work, 'northwind.checkpoint'), printed.stdout);
    // Asked again with nothing new on the chain, it is the same checkpoint.
    expect((await cli('audit', 'checkpoint', '--org', 'northwind')).stdout).toBe(printed.stdout);

    // What the auditor was given: the public key, as /.well-known/opsdesk-audit-key serves it.
    const key = auditSigningKey('opsdesk/provider/audit', createPrivateKey(readFileSync(join(db.env.DATA_DIR!, 'audit-signing-key.pem'))));
    writeFileSync(join(work, 'audit.vkey'), `${key.verifierKey}\n`);
    writeFileSync(join(work, 'audit.pub.pem'), key.publicKeyPem);
    const offline = await runCli(['audit', 'verify-export', join(work, 'northwind.jsonl'), '--key', join(work, 'audit.vkey')], {});
    expect(offline).toMatchObject({ code: 0, stderr: '' });
    expect(offline.stdout).toMatch(/^export intact: 4 events of chain [0-9a-f-]{36}; its checkpoint of .* \(3 events\) is validly signed and matches\n$/);
    expect((await runCli(['audit', 'verify-export', join(work, 'northwind.jsonl'), '--key', join(work, 'audit.pub.pem')], {})).code).toBe(0);

    const forged = readFileSync(join(work, 'northwind.jsonl'), 'utf8').replace('"name":"Nora Nilsson"', '"name":"Mallory"');
    writeFileSync(join(work, 'forged.jsonl'), forged);
    const refused = await runCli(['audit', 'verify-export', join(work, 'forged.jsonl'), '--key', join(work, 'audit.vkey')], {});
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('event 2 was altered after it was written\n');
    expect(refused.stderr).toMatch(/^opsdesk: audit trail broken: chain in the export \([0-9a-f-]{36}\) at seq 2: event 2 was altered after it was written\n$/);
  }, 90_000);

  it('audit verify exits 0 on an intact trail and 1, naming the first broken link, after an event was altered', async () => {
    const intact = await cli('audit', 'verify', '--org', 'northwind', '--checkpoint', join(work, 'northwind.checkpoint'));
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^ok\s+northwind\s+[0-9a-f-]{36}\s+4\s+head [0-9a-f]{16}, extends the checkpoint of 3 events$/m);
    expect(intact.stdout).toContain('audit trail intact: 1 chain, 4 events; it extends the checkpoint of 3 events');

    // Only someone who can switch the append-only trigger off can alter a row; the chain still tells.
    await db.sql(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_refuse_update_delete;
      UPDATE audit_events SET data = '{"name":"Mallory","roles":["contract_owner"]}'::jsonb
        WHERE seq = 2 AND chain_id = (SELECT id FROM orgs WHERE slug = 'northwind');
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_refuse_update_delete;
    `);

    const broken = await cli('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN\s+northwind\s+[0-9a-f-]{36}\s+4\s+event 2 was altered after it was written$/m);
    expect(broken.stdout).toMatch(/^ok\s+provider\s/m);
    expect(broken.stderr).toMatch(
      /^opsdesk: audit trail broken: chain northwind \([0-9a-f-]{36}\) at seq 2: event 2 was altered after it was written\n$/,
    );
    const against = await cli('audit', 'verify', '--org', 'northwind', '--checkpoint', join(work, 'northwind.checkpoint'));
    expect(against.code).toBe(1);
    expect(against.stderr).toMatch(/^opsdesk: audit trail broken: chain northwind \([0-9a-f-]{36}\) at seq 2: event 2 was altered after it was written\n$/);
  }, CLI_TIMEOUT_MS * 2);

  it('demo loads people in every role with tokens, tickets, an on-call schedule with a triggered alarm and an announced release, and, run again, changes nothing', async () => {
    const first = await cli('demo');
    expect(first.code, first.stderr).toBe(0);
    for (const text of ['Acme Logistics', 'Borealis Health', 'T0PROVIDER/C0ONCALL', 'curl -s http://localhost:4000/graphql', '/collab', '/opsdesk whoami', 'may request production access']) {
      expect(first.stdout).toContain(text);
    }
    const tokenRows = first.stdout.split('\n').filter((l) => /\sodk_\S+$/.test(l));
    expect(tokenRows).toHaveLength(15);
    // Real ids to use, and the exact commands with them.
    for (const key of ['ACME-1', 'ACME-2', 'ACME-3', 'BOREALIS-1', 'BOREALIS-2', 'BOREALIS-3']) expect(first.stdout).toMatch(new RegExp(`^${key}\\s`, 'm'));
    const alarmId = /^Triggered alarm ([0-9a-f-]{36}): /m.exec(first.stdout)?.[1];
    expect(alarmId, first.stdout).toBeDefined();
    expect(first.stdout).toContain(`acknowledgeAlarm(id: \\"${alarmId}\\")`);
    expect(first.stdout).toContain(`{"query":"{ tickets(first: 5) { nodes { key statusLabel agreement } } }"}`);
    expect(first.stdout).toContain(`{"query":"{ orgs { id slug } }"}`);
    expect(first.stdout).toContain('subscription($org: ID!) { events(orgId: $org)');
    expect(first.stdout).toMatch(/Alarm source demo-monitoring: its webhook secret, shown only now: ods_\S+\n/);
    expect(first.stdout).toMatch(/^Release 5\.1\.0 "Faster exports" announced \(announcement [0-9a-f-]{36}\) to 8 admins and owners of 2 orgs;$/m);

    // Every change is on the audit trail: an unchanged trail and unchanged tables mean nothing changed.
    const footprint = async () => {
      const database = await db.open();
      try {
        const counts: Record<string, number> = {};
        for (const table of DEMO_TABLES) {
          counts[table] = resultRows<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
        }
        return counts;
      } finally {
        await database.close();
      }
    };
    const before = await footprint();

    const second = await cli('demo');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already loaded');
    expect(second.stdout).not.toMatch(/odk_/);
    expect(await footprint()).toEqual(before);

    const reopened = await db.open();
    const read = async <T,>(query: ReturnType<typeof sql>) => resultRows<T>(await reopened.db.execute(query));
    const n = async (query: ReturnType<typeof sql>) => (await read<{ n: number }>(query))[0]!.n;
    try {
      expect(await n(sql`select count(*)::int as n from orgs where slug in ('acme', 'borealis')`)).toBe(2);
      expect(await n(sql`select count(*)::int as n from memberships`)).toBe(1 + 1 + 15);
      expect(await n(sql`select count(*)::int as n from channel_links`)).toBe(5);
      expect(await n(sql`select count(*)::int as n from access_eligibility`)).toBe(1);
      expect(await n(sql`select count(*)::int as n from slack_workspaces where team_id in ('T0ACME', 'T0BOREALIS')`)).toBe(2);
      const roles = (await read<{ roles: string[] }>(sql`select roles from memberships`)).flatMap((r) => r.roles);
      for (const role of ['agent', 'oncall', 'access_approver', 'product_owner', 'admin', 'contact', 'space_admin', 'space_owner', 'contract_admin', 'contract_owner']) {
        expect(roles).toContain(role);
      }

      // Each client org: one ticket awaiting the client's reply, one whose severity the client proposed
      // and the provider has yet to answer, one resolved awaiting its initiator's approval.
      const tickets = await read<{ slug: string; key: string; status: string; severity: string | null; proposed_by_side: string | null; initiator: string }>(sql`
        select o.slug, t.key, t.status, t.severity, t.proposed_by_side, p.email as initiator
        from tickets t join orgs o on o.id = t.org_id join people p on p.id = t.initiator_id
        where o.slug in ('acme', 'borealis') order by o.slug, t.number`);
      for (const slug of ['acme', 'borealis']) {
        const ofOrg = tickets.filter((t) => t.slug === slug).map(({ status, severity, proposed_by_side }) => ({ status, severity, proposed_by_side }));
        expect(ofOrg, slug).toEqual([
          { status: 'AWAITING_CLIENT', severity: 'MEDIUM', proposed_by_side: null },
          { status: 'RECEIVED', severity: null, proposed_by_side: 'client' },
          { status: 'RESOLVED', severity: 'LOW', proposed_by_side: null },
        ]);
      }
      expect(new Set(tickets.map((t) => t.initiator))).toEqual(new Set(['alice@acme.example', 'bo@borealis.example']));

      // The alarm is triggered and pages the demo's on-call person, who is on call now.
      const [oncallPerson] = await read<{ id: string }>(sql`select id from people where email = 'olle.strand@provider.example'`);
      const alarms = await read<{ id: string; state: string; paged: string[]; source: string }>(sql`
        select a.id, a.state, a.paged, s.name as source from alarms a join alarm_sources s on s.id = a.source_id`);
      expect(alarms).toEqual([{ id: alarmId, state: 'TRIGGERED', paged: [oncallPerson!.id], source: 'demo-monitoring' }]);
      const core = createCore({ capabilities: await coreCapabilities(), database: reopened, timers: { autoArm: false } });
      expect(await core.read(peopleOnCall, systemActor('cli', 'cli', 'test'), {})).toEqual([oncallPerson!.id]);

      // The release is announced to both orgs' admins and owners, with at least two weeks' notice.
      const [release] = await read<{ version: string; status: string; window_start: string | Date; announcement: string; recipients: number }>(sql`
        select r.version, r.status, r.window_start, a.status as announcement,
          (select count(*)::int from announcement_recipients x join orgs o on o.id = x.org_id where x.announcement_id = a.id and o.slug in ('acme', 'borealis')) as recipients
        from releases r join announcements a on a.release_id = r.id`);
      expect(release).toMatchObject({ version: '5.1.0', status: 'announced', announcement: 'active', recipients: 8 });
      expect(new Date(release!.window_start).getTime() - Date.now()).toBeGreaterThan(14 * 24 * 60 * 60 * 1000);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it("workspace add, list and remove keep a client org's Slack workspaces, and one workspace is never two orgs'", async () => {
    const listed = await cli('workspace', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^T0ACME\s+acme\s+\d{4}-/m);
    expect(listed.stdout).toMatch(/^T0BOREALIS\s+borealis\s+\d{4}-/m);

    const added = await cli('workspace', 'add', '--org', 'acme', '--team', 'T0ACMEOPS');
    expect(added.stdout).toBe('Slack workspace T0ACMEOPS is now registered with Acme Logistics (acme)\n');
    const taken = await cli('workspace', 'add', '--org', 'acme', '--team', 'T0BOREALIS');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe('opsdesk: CONFLICT: Slack workspace T0BOREALIS is already registered with Borealis Health; release it there first\n');
    expect((await cli('workspace', 'remove', '--org', 'acme', '--team', 'T0ACMEOPS')).code).toBe(0);
    expect((await cli('workspace', 'list', '--org', 'acme')).stdout).not.toContain('T0ACMEOPS');
  }, 90_000);

  it('asks to narrow an email that people of several orgs share, and adds an existing person to a further org only when told', async () => {
    // Borealis knows someone by an Acme address: a new person of its own, not Acme's Alice.
    const again = await cli('person', 'add', '--org', 'borealis', '--email', 'alice@acme.example', '--name', 'Alice at Borealis', '--role', 'contact');
    expect(again.code).toBe(0);
    const ambiguous = await cli('token', 'create', '--email', 'alice@acme.example');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toBe(
      'opsdesk: INVALID_INPUT: 2 people have the email alice@acme.example (in acme, borealis); say which with --org SLUG\n',
    );
    const narrowed = await cli('token', 'create', '--email', 'alice@acme.example', '--org', 'borealis');
    expect(narrowed.code).toBe(0);
    expect(narrowed.stderr).toContain('for Alice at Borealis');

    const attached = await cli('person', 'add', '--org', 'provider', '--existing', '--email', 'alice@acme.example', '--from-org', 'acme', '--role', 'agent');
    expect(attached.code).toBe(0);
    expect(attached.stdout).toMatch(/^added Alice Andersson <alice@acme.example> to Provider \(provider\) as agent/);
  }, 90_000);

  it('person remove takes a person out of their org, revokes their tokens, and says so', async () => {
    const removed = await cli('person', 'remove', '--org', 'acme', '--email', 'anton@acme.example', '--reason', 'left Acme');
    expect(removed.stderr).toBe('');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe('removed Anton Berg <anton@acme.example> from Acme Logistics (acme)\n');
    const again = await cli('person', 'remove', '--org', 'acme', '--email', 'anton@acme.example');
    expect(again.code).toBe(2);
    expect(again.stderr).toBe('opsdesk: NOT_FOUND: no person with the email anton@acme.example in acme\n');
    const database = await db.open();
    try {
      const live = resultRows<{ n: number }>(
        await database.db.execute(sql`select count(*)::int as n from api_tokens t join people p on p.id = t.person_id where p.email = 'anton@acme.example' and t.revoked_at is null`),
      );
      expect(live[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
  }, 90_000);
});
