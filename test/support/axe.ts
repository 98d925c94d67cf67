/**
 * Accessibility checks with axe-core in a Playwright page.
 *
 * The console's CSP (`script-src 'self'`, no inline script) refuses a <script> tag with inline
 * content, so axe is not added with `page.addScriptTag({ content })`: its source is evaluated
 * through Playwright (`page.evaluate(source)`, DevTools' Runtime.evaluate), which the page's CSP
 * does not govern. No `bypassCSP` context is needed, and the page under test keeps its real CSP.
 *
 *   await expectNoSeriousViolations(page, 'queue page');
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ElementContext, ImpactValue, Result, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** axe-core's minified source, read once. */
export function axeCoreSource(): string {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The impacts that fail `expectNoSeriousViolations`. */
export const SERIOUS_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

export interface AxeCheckOptions {
  /** What to check (default the whole document), e.g. `'main'` or `{ exclude: ['.third-party'] }`. */
  context?: ElementContext;
  /** axe's run options; the default checks WCAG 2.x A and AA rules plus axe's best practices. */
  runOptions?: RunOptions;
}

/** Adds axe to the page (once per document) without touching the page's CSP. */
export async function injectAxe(page: Page): Promise<void> {
  // These functions run in the page (tsconfig has no DOM types: the page's globals go through globalThis).
  const present = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object');
  if (!present) await page.evaluate(axeCoreSource());
}

/** Runs axe on the page and returns its violations (all impacts). */
export async function axeViolations(page: Page, options: AxeCheckOptions = {}): Promise<Result[]> {
  await injectAxe(page);
  const runOptions: RunOptions = { resultTypes: ['violations'], ...options.runOptions };
  const results = await page.evaluate(
    ([context, run]) => {
      const page = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> }; document: unknown };
      return page.axe.run(context ?? page.document, run);
    },
    [options.context ?? null, runOptions] as const,
  );
  return results.violations;
}

/** One line per violation and per element: rule, impact, help, help URL, target selectors. */
export function formatViolations(violations: readonly Result[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.map((n) => `    at ${n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' | ')}`);
      return [`  ${v.id} (${v.impact ?? 'no impact'}): ${v.help} [${v.helpUrl}]`, ...targets].join('\n');
    })
    .join('\n');
}

/** The serious and critical violations among `violations`. */
export function seriousViolations(violations: readonly Result[]): Result[] {
  return violations.filter((v) => SERIOUS_IMPACTS.includes(v.impact ?? null));
}

/**
 * Fails (throws) when axe finds a serious or critical violation on the page, listing each rule id,
 * impact, help and the selectors of the elements concerned. `label` names the page in the message.
 */
export async function expectNoSeriousViolations(page: Page, label: string, options: AxeCheckOptions = {}): Promise<void> {
  const serious = seriousViolations(await axeViolations(page, options));
  if (serious.length === 0) return;
  const count = serious.reduce((n, v) => n + v.nodes.length, 0);
  throw new Error(
    `accessibility: ${serious.length} serious/critical axe rule(s) violated on ${label} (${page.url()}), ${count} element(s):\n` +
      formatViolations(serious),
  );
}
