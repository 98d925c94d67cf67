/**
 * The service status and incident commands of the built `opsdesk` (issue 15): an operator adds a
 * service, a probe and a heartbeat (whose secret, alone on stdout, authenticates it until rotated),
 * declares and resolves an incident, schedules and cancels a maintenance window, and archives the
 * service; --json gives the same as JSON; bad flags and refusals exit 2 with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../../core/actor.ts';
import { systemClock } from '../../../core/clock.ts';
import { authenticateHeartbeat } from '../../../core/status/index.ts';
import type { Database } from '../../../db/client.ts';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, type CliDatabase } from './cli.ts';

describe.each(backends)('the status and incident commands of opsdesk on %s', (backend) => {
  let db: CliDatabase;
  const cli = async (...args: string[]) => runCli(args, db.env);
  /** Run a command with --json, expecting success, and parse what it printed. */
  const cliJson = async <T = Record<string, unknown>>(...args: string[]): Promise<T> => {
    const result = await cli(...args, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as T;
  };
  /** What the webhook door asks of a heartbeat's secret, on the database alone (no child holds it then). */
  async function authenticates(heartbeatId: string, secret: string): Promise<boolean> {
    const database: Database = await db.open();
    try {
      const ctx = { actor: systemActor('webhook', 'webhook', 'test'), db: database.db, clock: systemClock, now: new Date() };
      return (await authenticateHeartbeat.run(ctx, { heartbeatId, secret })) !== null;
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    db = await createCliDatabase(backend);
  });
  afterAll(async () => {
    await db?.dispose();
  });

  let serviceId: string;
  let probeId: string;

  it('lists its commands in the help', async () => {
    const help = await runCli(['help'], {});
    expect(help.code).toBe(0);
    for (const command of ['services list', 'services create', 'services archive', 'probes add', 'probes remove', 'heartbeats add', 'heartbeats rotate', 'incidents list', 'incidents declare', 'incidents update', 'maintenance list', 'maintenance schedule', 'maintenance cancel']) {
      expect(help.stdout).toContain(`  ${command}`);
    }
  });

  it('creates a service and lists it, as a table and as JSON', async () => {
    const none = await cli('services', 'list');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no services\n');
    const created = await cliJson<{ id: string; name: string; isPublic: boolean; allOrgs: boolean; orgIds: string[] }>('services', 'create', '--name', 'Checkout API', '--public', '--description', 'Payments');
    expect(created).toMatchObject({ name: 'Checkout API', isPublic: true, allOrgs: true, orgIds: [] });
    serviceId = created.id;
    const listed = await cli('services', 'list');
    expect(listed.stdout.split('\n')[1]).toMatch(new RegExp(`^Checkout API +unknown +public +every client +${serviceId}$`));
    expect((await cliJson<Array<{ id: string }>>('services', 'list')).map((s) => s.id)).toEqual([serviceId]);
    const again = await cli('services', 'create', '--name', 'Checkout API');
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^opsdesk: CONFLICT: /);
  });

  it('adds a probe to a service named in any case, and refuses a bad interval or an unknown service', async () => {
    const probe = await cliJson<{ id: string; serviceId: string; intervalSeconds: number; method: string }>(
      'probes', 'add', '--service', 'checkout api', '--name', 'health', '--url', 'http://127.0.0.1:9/health', '--interval', '30', '--method', 'head',
    );
    expect(probe).toMatchObject({ serviceId, intervalSeconds: 30, method: 'HEAD' });
    probeId = probe.id;
    const fast = await cli('probes', 'add', '--service', 'Checkout API', '--name', 'fast', '--url', 'http://127.0.0.1:9/', '--interval', '5');
    expect(fast.code).toBe(2);
    expect(fast.stderr).toContain('INVALID_INPUT');
    expect(fast.stderr).toContain('at most every 10 seconds');
    const unknown = await cli('probes', 'add', '--service', 'Billing', '--name', 'x', '--url', 'http://127.0.0.1:9/');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--service: no service named "Billing" (there are: Checkout API)');
    const notNumber = await cli('probes', 'add', '--service', 'Billing', '--name', 'x', '--url', 'http://127.0.0.1:9/', '--interval', 'soon');
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--interval must be a whole number');
    const removed = await cli('probes', 'remove', '--id', probeId);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`removed probe ${probeId}; its history stays\n`);
    const twice = await cli('probes', 'remove', '--id', probeId);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('NOT_FOUND');
  });

  it('adds a heartbeat with its secret alone on stdout, and rotating it retires the old secret', async () => {
    const added = await cli('heartbeats', 'add', '--service', 'Checkout API', '--name', 'nightly backup', '--interval', '600');
    expect(added.code).toBe(0);
    const secret = added.stdout.trim();
    expect(secret).toMatch(/^odh_[A-Za-z0-9_-]{20,}$/);
    const heartbeatId = /\(id ([0-9a-f-]{36})\)/.exec(added.stderr)![1]!;
    expect(added.stderr).toContain(`POST /hooks/heartbeat/${heartbeatId}`);
    expect(await authenticates(heartbeatId, secret)).toBe(true);
    const rotated = await cliJson<{ heartbeat: { id: string }; secret: string }>('heartbeats', 'rotate', '--id', heartbeatId);
    expect(rotated.heartbeat.id).toBe(heartbeatId);
    expect(rotated.secret).not.toBe(secret);
    expect(await authenticates(heartbeatId, secret)).toBe(false);
    expect(await authenticates(heartbeatId, rotated.secret)).toBe(true);
  });

  it('declares an incident, updates it to resolved, and lists it', async () => {
    const declared = await cliJson<{ id: string; status: string; impact: string }>(
      'incidents', 'declare', '--title', 'Checkout errors', '--service', 'Checkout API', '--impact', 'MAJOR', '--message', 'Some payments fail.',
    );
    expect(declared).toMatchObject({ status: 'investigating', impact: 'major' });
    const badStatus = await cli('incidents', 'update', '--id', declared.id, '--status', 'fixed', '--message', 'x');
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toContain('--status must be one of investigating, identified, monitoring, resolved');
    const resolved = await cli('incidents', 'update', '--id', declared.id, '--status', 'resolved', '--message', 'Rolled back; all payments go through.', '--impact', 'minor');
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toBe('incident "Checkout errors" is now resolved (minor impact)\n');
    const listed = await cliJson<Array<{ id: string; status: string; services: Array<{ name: string }>; updates: Array<{ status: string; message: string; byName: string }> }>>('incidents', 'list');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: declared.id, status: 'resolved', services: [{ name: 'Checkout API' }] });
    expect(listed[0]!.updates.map((u) => [u.status, u.message])).toEqual([
      ['resolved', 'Rolled back; all payments go through.'],
      ['investigating', 'Some payments fail.'],
    ]);
    const closed = await cli('incidents', 'update', '--id', declared.id, '--status', 'monitoring', '--message', 'again');
    expect(closed.code).toBe(2);
    expect(closed.stderr).toContain('INVALID_TRANSITION');
  });

  it('schedules a maintenance window and cancels it', async () => {
    const start = new Date(Date.now() + 10 * 86_400_000);
    const end = new Date(start.getTime() + 3_600_000);
    const backwards = await cli('maintenance', 'schedule', '--title', 'DB upgrade', '--service', 'Checkout API', '--start', end.toISOString(), '--end', start.toISOString());
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toContain('INVALID_INPUT');
    const window = await cliJson<{ id: string; state: string; startsAt: string }>(
      'maintenance', 'schedule', '--title', 'DB upgrade', '--service', 'Checkout API', '--start', start.toISOString(), '--end', end.toISOString(),
    );
    expect(window).toMatchObject({ state: 'scheduled', startsAt: start.toISOString() });
    const listed = await cli('maintenance', 'list');
    expect(listed.stdout.split('\n')[1]).toMatch(new RegExp(`^${start.toISOString()} +${end.toISOString()} +scheduled +DB upgrade +Checkout API +${window.id}$`));
    const cancelled = await cli('maintenance', 'cancel', '--id', window.id, '--reason', 'Postponed to next quarter');
    expect(cancelled.stdout).toBe('cancelled maintenance "DB upgrade"\n');
    expect((await cli('maintenance', 'list')).stdout).toBe('no maintenance windows\n');
    expect((await cliJson<Array<{ id: string; state: string }>>('maintenance', 'list', '--all')).map((w) => [w.id, w.state])).toEqual([[window.id, 'cancelled']]);
  });

  it('archives the service, after which it is not listed', async () => {
    const archived = await cli('services', 'archive', '--service', serviceId);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toContain('archived service "Checkout API"');
    expect((await cli('services', 'list')).stdout).toBe('no services\n');
    const usage = await cli('services', 'archive');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--service is required');
  });
});
