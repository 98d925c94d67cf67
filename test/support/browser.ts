/**
 * Browser tests: a real Chromium driven by playwright-core. Each browser test file calls
 * `browserTests()` at its top and wraps its tests in `describe.skipIf(!chromium)`:
 *
 *   const browser = browserTests();
 *   describe.skipIf(!chromium)('sign-in', () => {
 *     test('a person signs in', async () => {
 *       const { page } = await browser.newPerson({ baseURL: server.url });
 *       await page.goto('/signin');
 *       await page.getByRole('button', { name: 'Sign in' }).waitFor();
 *       await browser.screenshot(page, 'signin');
 *     });
 *   });
 *
 * Chromium is looked for in CHROMIUM_PATH (only there, when it is set), else /usr/bin/chromium, else
 * /usr/bin/chromium-browser; OPSDESK_BROWSER=off turns browser tests off. Without one the tests are
 * skipped and the run prints one line saying so (test/support/browser-setup.ts prints it, once per
 * run); with CI set (CI=true) they fail instead: CI requires them.
 *
 * One browser per test file, launched in `beforeAll`; a fresh context (cookies, storage) per
 * person; everything is closed in `afterAll`. Wait with Playwright's auto-waiting locators
 * (`locator.waitFor()`, `page.waitForURL()`), never with sleeps: contexts get WAIT_MS as their
 * default timeout, because this machine may be busy.
 */
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as playwrightChromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file whose creation (exclusive) claims the run's one "browser tests skipped" line. */
    browserSkipMarker: string;
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Where screenshots go: `test-output/screenshots/<test file>/<name>.png` (ignored by git). */
export const SCREENSHOTS_DIR = join(ROOT, 'test-output', 'screenshots');
/** The default timeout of every wait and action in a browser test's context. */
export const WAIT_MS = 15_000;
/** Navigations may include the server's first compile of a page: longer. */
export const NAVIGATION_MS = 30_000;
export const INSTALL_HINT = 'apt-get install -y chromium';
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The flags this machine needs (test/support STACK-NOTES, "Checked on this machine"). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export type ChromiumSearch = { path: string } | { missing: string };

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const truthy = (value: string | undefined) => Boolean(value) && !['0', 'false', 'no', 'off'].includes(value!.trim().toLowerCase());

/** Whether this run is CI's: then browser tests must run. */
export const isCI = truthy(process.env.CI);

/** Where Chromium is, or why there is none. CHROMIUM_PATH, when set, is the only place looked at. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  if (env.OPSDESK_BROWSER?.trim().toLowerCase() === 'off') return { missing: 'OPSDESK_BROWSER=off' };
  const configured = env.CHROMIUM_PATH?.trim();
  if (configured) {
    return executable(configured) ? { path: configured } : { missing: `CHROMIUM_PATH=${configured} is not an executable file` };
  }
  const found = CANDIDATES.find(executable);
  return found ? { path: found } : { missing: `no Chromium at ${CANDIDATES.join(' or ')} and CHROMIUM_PATH is not set` };
}

const search = findChromium();
/** The Chromium executable for this run, or undefined: `describe.skipIf(!chromium)`. */
export const chromium: string | undefined = 'path' in search ? search.path : undefined;
/** Why there is no Chromium (undefined when there is one). */
export const chromiumMissing: string | undefined = 'missing' in search ? search.missing : undefined;

/** The one line a run without Chromium prints. */
export function skipLine(reason = chromiumMissing ?? ''): string {
  return `browser tests skipped: ${reason}; install Chromium with \`${INSTALL_HINT}\` (or set CHROMIUM_PATH) to run them`;
}

/** A headless Chromium with this machine's flags (and a fresh temporary profile, Playwright's default). */
export function launchChromium(executablePath = chromium): Promise<Browser> {
  if (!executablePath) throw new Error(skipLine());
  return playwrightChromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS], timeout: 60_000 });
}

/** One person at the browser: their own context (cookies, storage) and a first page. */
export interface BrowserPerson {
  context: BrowserContext;
  page: Page;
  /** The console errors and uncaught page errors seen so far in this context (CSP refusals show here). */
  errors: string[];
}

export interface BrowserTests {
  /** The file's browser (inside tests and hooks). */
  readonly browser: Browser;
  /** A fresh context with WAIT_MS / NAVIGATION_MS as its default timeouts; closed in afterAll. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** A fresh context and a page in it, recording console errors and page errors. */
  newPerson(options?: BrowserContextOptions): Promise<BrowserPerson>;
  /** Saves a full-page PNG as test-output/screenshots/<test file>/<name>.png; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
}

/** The screenshot path for `name` in the current test file (test file = its path under test/, without .test.ts). */
export function screenshotPath(name: string, testPath = expect.getState().testPath): string {
  const file = testPath ? relative(join(ROOT, 'test'), testPath).replace(/\.test\.[cm]?[jt]sx?$/, '') : 'unknown';
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  return join(SCREENSHOTS_DIR, file, `${safe}.png`);
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = screenshotPath(name);
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  return path;
}

function reportSkipOnce(): void {
  let marker: string | undefined;
  try {
    marker = inject('browserSkipMarker');
  } catch {
    marker = undefined;
  }
  if (!marker) {
    // Run without browser-setup.ts (another config): say it for this file.
    console.warn(skipLine());
    return;
  }
  try {
    // The first file to skip writes the reason; browser-setup.ts prints it once at the end of the run.
    writeFileSync(marker, skipLine(), { flag: 'wx' });
  } catch {
    // Another file said it already.
  }
}

/**
 * Registers the file's browser: launched before its tests, closed (with every context) after them.
 * Without Chromium: a skip (one line for the whole run), or under CI a failing test.
 */
export function browserTests(): BrowserTests {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  if (!chromium) {
    if (isCI) {
      test('Chromium is present (CI requires the browser tests)', () => {
        expect.fail(`${skipLine()}. CI=${process.env.CI} requires browser tests: .ci/run installs Chromium before the tests`);
      });
    } else {
      reportSkipOnce();
    }
  } else {
    beforeAll(async () => {
      browser = await launchChromium(chromium);
    }, 90_000);
    afterAll(async () => {
      for (const context of contexts.splice(0)) await context.close().catch(() => {});
      await browser?.close();
      browser = undefined;
    });
  }

  const started = (): Browser => {
    if (!browser) throw new Error(chromium ? 'the browser is not started yet: use it inside a test or hook' : skipLine());
    return browser;
  };

  const newContext = async (options: BrowserContextOptions = {}) => {
    const context = await started().newContext(options);
    context.setDefaultTimeout(WAIT_MS);
    context.setDefaultNavigationTimeout(NAVIGATION_MS);
    contexts.push(context);
    return context;
  };

  return {
    get browser() {
      return started();
    },
    newContext,
    async newPerson(options = {}) {
      const context = await newContext(options);
      const errors: string[] = [];
      context.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      context.on('weberror', (error) => errors.push(String(error.error())));
      const page = await context.newPage();
      return { context, page, errors };
    },
    screenshot: saveScreenshot,
  };
}
