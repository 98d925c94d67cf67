/**
 * The web console's liveness: the time from a commit to its change being visible in the page. The
 * real server (`startOpsdesk`) serves the built console (dist/web); Debian's Chromium signs a
 * client contact in and opens one of their tickets; then, one at a time, a provider agent's comment
 * is committed through the core and the page is watched (a MutationObserver in the page stamps the
 * moment the comment's text appears). Each sample: that stamp minus the moment `execute` returned
 * (the commit), both from the machine's one clock.
 *
 *   BENCH_ONLY=console npm run bench        (with the first-load size; needs npm run build and Chromium)
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { startOpsdesk, type RunningOpsdesk } from '../app/start.ts';
import { systemActor, type PersonActor } from '../core/actor.ts';
import { actorOfPerson, addPerson, createApiToken, createOrg } from '../core/directory/index.ts';
import { commentOnTicket, openTicket } from '../core/tickets/index.ts';
import { createLogger } from '../core/observability.ts';
import { loadConfig } from '../server/config.ts';
import { benchAuditKey } from './audit-key.ts';
import type { BenchDatabase } from './databases.ts';
import { BENCH_SERVER_ENV } from './server-env.ts';
import { summarise, type Row } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

export interface ConsoleLiveOptions {
  samples: number;
  log: (line: string) => void;
}

/** Why the liveness part cannot run here, or undefined when it can. */
export function consoleLiveMissing(webDir = join(ROOT, 'dist', 'web')): string | undefined {
  if (!existsSync(join(webDir, 'index.html'))) return `${webDir} is not built: run npm run build`;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`;
  return undefined;
}

export async function consoleLiveBench(backend: string, bench: BenchDatabase, options: ConsoleLiveOptions): Promise<Row[]> {
  let running: RunningOpsdesk | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    running = await startOpsdesk({ config: loadConfig({ ...BENCH_SERVER_ENV }), database: bench.database, logger: createLogger({ level: 'silent' }), ...benchAuditKey() });
    const { core } = running;
    const cli = () => systemActor('cli', 'cli', `bench-${randomUUID()}`);
    const personActor = async (personId: string): Promise<PersonActor> =>
      (await core.read(actorOfPerson, cli(), { personId, door: 'graphql', requestId: randomUUID() }))!;
    const org = await core.execute(createOrg, cli(), { name: 'Console bench', slug: `console-${randomUUID().slice(0, 6)}` });
    const contact = await core.execute(addPerson, cli(), { orgId: org.id, name: 'Clara Contact', email: `clara-${randomUUID().slice(0, 6)}@example.test`, roles: ['contact'] });
    const agent = await core.execute(addPerson, cli(), { orgId: core.providerId!, name: 'Aron Agent', email: `aron-${randomUUID().slice(0, 6)}@example.test`, roles: ['agent'] });
    const { token } = await core.execute(createApiToken, cli(), { personId: contact.id, label: 'bench' });
    const ticket = await core.execute(openTicket, await personActor(contact.id), { orgId: org.id, title: 'Liveness bench', kind: 'incident' });

    const context = await browser.newContext({ baseURL: running.server.url });
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto('/signin');
    await page.getByLabel('API token').fill(token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Tickets', level: 1 }).waitFor();
    await page.goto(`/tickets/${encodeURIComponent(ticket.key)}`);
    await page.getByRole('heading', { name: /Liveness bench/ }).waitFor();
    await watchForText(page);

    const agentActor = await personActor(agent.id);
    const samples: number[] = [];
    // One warm-up comment (the first render of the timeline), then the samples.
    for (let i = 0; i <= options.samples; i++) {
      const text = `bench comment ${i} ${randomUUID().slice(0, 8)}`;
      // The page's code is written as text: this file is compiled without the DOM's types.
      await page.evaluate(`window.__wanted = ${JSON.stringify(text)}`);
      await core.execute(commentOnTicket, agentActor, { ticketId: ticket.id, body: text });
      const committedAt = Date.now();
      // A function, not text: the console's CSP refuses eval, which a text predicate would need.
      await page.waitForFunction(() => ((globalThis as unknown as { __seenAt: number }).__seenAt ?? 0) > 0);
      const seenAt = Number(await page.evaluate('(() => { const at = window.__seenAt; window.__seenAt = 0; return at; })()'));
      if (i > 0) samples.push(Math.max(0, seenAt - committedAt));
    }
    const s = summarise(samples);
    options.log(`  commit to visible: p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms over ${samples.length} comments`);
    return [{ backend, scenario: 'console: commit to visible (comment on the open ticket page)', n: samples.length, p50: s.p50, p99: s.p99 }];
  } finally {
    await running?.stop();
    await browser.close();
  }
}

/** In the page: stamp the moment the text in `window.__wanted` appears in the document. */
async function watchForText(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    window.__wanted = '';
    window.__seenAt = 0;
    new MutationObserver(() => {
      if (window.__wanted && !window.__seenAt && document.body.textContent.includes(window.__wanted)) window.__seenAt = Date.now();
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
}
