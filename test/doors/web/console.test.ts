import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/observability.ts';
import { jsonErrorHandler, jsonNotFound } from '../../../server/http-errors.ts';
import { CONTENT_SECURITY_POLICY, mountConsole } from '../../../doors/web/console.ts';

describe('the console’s files', () => {
  let dir: string;
  let url: string;
  let close: () => void;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'opsdesk-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>opsdesk</title><script type="module" src="/assets/app-3f2a.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-3f2a.js'), 'console.log(1)');
    const app = express();
    app.post('/graphql', (_req, res) => void res.json({ data: null }));
    mountConsole(app, dir);
    app.use(jsonNotFound);
    app.use(jsonErrorHandler(createLogger({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const page = (path: string) => fetch(`${url}${path}`, { headers: { accept: 'text/html,application/xhtml+xml' } });

  it('answers every client-side route with index.html, revalidated, under a strict CSP', async () => {
    for (const path of ['/', '/tickets/ACME-42', '/alarms']) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(await response.text()).toContain('<title>opsdesk</title>');
    }
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('caches hashed assets for a year and answers a missing one with a JSON 404', async () => {
    const asset = await fetch(`${url}/assets/app-3f2a.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${url}/assets/nope-0000.js`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('leaves the API’s paths and non-browser requests to the JSON 404', async () => {
    expect((await page('/graphql/deeper')).status).toBe(404);
    expect((await page('/hooks/alarms')).status).toBe(404);
    const apiClient = await fetch(`${url}/somewhere`, { headers: { accept: 'application/json' } });
    expect(apiClient.status).toBe(404);
    expect(((await apiClient.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('says how to build the console when it is not built', async () => {
    rmSync(join(dir, 'index.html'));
    const response = await page('/');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: { code: 'UNAVAILABLE', message: 'the web console is not built: run npm run build' } });
  });
});
