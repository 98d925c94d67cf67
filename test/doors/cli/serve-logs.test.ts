/**
 * The log of the real `opsdesk serve` stays pino JSON, one object a line, whatever callers send: no
 * plain-text stack from Express, graphql-ws, Bolt or Node between the lines. On PostgreSQL the
 * database also goes away under it and comes back.
 */
import { createHmac } from 'node:crypto';
import postgres from 'postgres';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../support/db.ts';
import { createCliDatabase, runCli, startServe, type CliDatabase } from './cli.ts';

const SIGNING_SECRET = 'logs-test-signing-secret';

/** Every line that is not one JSON object, with its neighbours, for the failure message. */
function nonJsonLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const entry = JSON.parse(line) as unknown;
        return !(entry && typeof entry === 'object' && 'level' in entry && 'msg' in entry);
      } catch {
        return true;
      }
    });
}

function signedSlack(body: string, secret = SIGNING_SECRET) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
}

/** Open a graphql-ws socket, send these frames, and wait for the server to close it (or 2 s). */
function wsSession(url: string, frames: string[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
    const done = () => resolve();
    socket.on('open', () => frames.forEach((frame) => socket.send(frame)));
    socket.on('close', done);
    socket.on('error', done);
    setTimeout(() => {
      socket.terminate();
      done();
    }, 2_000);
  });
}

describe.each(backends)('the log of opsdesk serve on %s', (backend) => {
  let db: CliDatabase;
  let adminToken: string;
  let sourceSecret: string;

  beforeAll(async () => {
    db = await createCliDatabase(backend);
    // The first command on an empty database makes the provider org (its token goes to stderr), so
    // serve starts with nothing to print but its log.
    const created = await runCli(['alarm-source', 'create', 'probe'], db.env);
    expect(created.code, created.stderr).toBe(0);
    adminToken = /one-time admin token \(shown only now\): (odk_\S+)/.exec(created.stderr)![1]!;
    sourceSecret = created.stdout.trim();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('writes nothing but JSON lines while callers send it every kind of bad request', async () => {
    const server = await startServe({
      ...db.env,
      SLACK_BOT_TOKEN: 'xoxb-logs-test',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_PROVIDER_TEAM_ID: 'T0PROVIDER',
    });
    try {
      const send = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init).then((r) => r.text());
      const json = { 'content-type': 'application/json' };
      const authorised = { ...json, authorization: `Bearer ${adminToken}` };
      await send('/graphql', { method: 'POST', headers: json, body: '{"query": ' });
      await send('/graphql', { method: 'POST', headers: authorised, body: JSON.stringify({ query: `{ me { id } } #${'x'.repeat(1_100_000)}` }) });
      await send('/graphql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      await send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json; charset=latin-1' }, body: '{}' });
      await send('/graphql', { method: 'POST', headers: { ...json, authorization: 'Bearer odk_wrong' }, body: '{"query":"{ me { id } }"}' });
      await send('/graphql', { method: 'POST', headers: authorised, body: JSON.stringify({ query: 'query($k: String!) { ticketByKey(key: $k) { id } }', variables: { k: 'a\u0000b' } }) });
      await send('/graphql', { method: 'POST', headers: authorised, body: JSON.stringify({ query: '{ tickets(after: "dDo5OTk5OTk5OTk5OTk5OTk5OTk5OQ") { nodes { id } } }' }) });
      await send('/nowhere');
      await send('/hooks/alarms/probe', { method: 'POST', headers: { ...json, authorization: `Bearer ${sourceSecret}` }, body: '{"summary": [' });
      await send('/hooks/alarms/probe', { method: 'POST', headers: { ...json, authorization: `Bearer ${sourceSecret}` }, body: `${'['.repeat(50_000)}${']'.repeat(50_000)}` });
      await send('/hooks/alarms/probe', { method: 'POST', headers: { ...json, authorization: `Bearer ${sourceSecret}` }, body: JSON.stringify({ fingerprint: 'x', summary: 'a\u0000b', severity: 'info' }) });
      await send('/slack/events', { method: 'POST', headers: json, body: '{"type":"url_verification"}' });
      await send('/slack/events', { method: 'POST', headers: { ...json, ...signedSlack('{"type": ') }, body: '{"type": ' });
      await send('/slack/events', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedSlack('payload=%7Bnot-json') }, body: 'payload=%7Bnot-json' });
      await wsSession(server.url, ['not json at all']);
      await wsSession(server.url, [JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer odk_wrong' } })]);
      await wsSession(server.url, [
        JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${adminToken}` } }),
        JSON.stringify({ type: 'subscribe', id: '1', payload: { query: '{ mee }' } }),
        JSON.stringify({ type: 'subscribe', id: '2', payload: { query: 'query($k: String!) { ticketByKey(key: $k) { id } }', variables: { k: 'a\ud800' } } }),
        JSON.stringify({ type: 'subscribe', id: '2', payload: { query: '{ me { id } }' } }),
      ]);
      if (backend === 'postgres') {
        const name = new URL(db.env.DATABASE_URL!).pathname.slice(1);
        const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
        try {
          await admin.unsafe(`alter database ${name} allow_connections false`);
          await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}' and pid <> pg_backend_pid()`);
          const during = await fetch(`${server.url}/graphql`, { method: 'POST', headers: authorised, body: '{"query":"{ me { id } }"}' });
          expect(during.status).toBe(503);
          await wsSession(server.url, [JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${adminToken}` } })]);
        } finally {
          await admin.unsafe(`alter database ${name} allow_connections true`);
          await admin.end();
        }
      }
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited, `${server.stdout()}\n${server.stderr()}`).toBe(0);
    expect(nonJsonLines(server.stdout()), server.stdout()).toEqual([]);
    expect(nonJsonLines(server.stderr()), server.stderr()).toEqual([]);
  }, 90_000);
});
