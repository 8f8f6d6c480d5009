// Helpers for the live-screen browser tests: sign in through the real form, open a screen and
// wait until it is hydrated and live, collect CSP violations, run axe-core, save screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import axe from 'axe-core';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { ensureWebBuild, launchChromium, SCREENSHOTS } from '../support/browser.ts';
import type { TestTarget } from '../support/databases.ts';
import { startHarness, type Harness } from '../support/test-app.ts';

export const PASSWORD = 'correct horse battery';

/** A context per user; CSP violations of every page are kept in window.__csp. */
export async function userContext(
  browser: Browser,
  options: { bypassCSP?: boolean; width?: number; javaScriptEnabled?: boolean; ignoreHTTPSErrors?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
    locale: 'en-GB',
    viewport: { width: options.width ?? 1100, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  // Errors a page logs (a hydration mismatch, an exception) fail the test; a request the test
  // itself cut off is expected.
  const errors: string[] = [];
  (context as BrowserContext & { pageErrors?: string[] }).pageErrors = errors;
  context.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      errors.push(`${m.page()?.url()}: ${m.text()}`);
  });
  context.on('weberror', (e) => errors.push(String(e.error())));
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return context;
}

/** Signs in with the JS-free form and lands on `next`. */
export async function signInTo(context: BrowserContext, base: string, username: string, next: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.fill('#username', username);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}${next}`), page.click('form.sign-in-form button[type=submit]')]);
  return page;
}

/** Opens (or reloads) a screen and waits until its live connection is up. */
export async function openLive(page: Page, url?: string): Promise<Page> {
  if (url) await page.goto(url);
  await page.waitForSelector('.connection-live', { timeout: 10_000 });
  return page;
}

export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

/** The page in view in English and then Russian (its `lang` query set), axe-core clean in each. */
export async function axeBoth(page: Page, what: string): Promise<void> {
  const url = new URL(page.url());
  for (const lang of ['en', 'ru']) {
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${what} (${lang}): ${JSON.stringify(violations, null, 1).slice(0, 1500)}`);
  }
}

/** Submits a plain form by its button and waits for the page the server answers with. */
export async function submitForm(page: Page, form: string): Promise<void> {
  await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
}

/** axe-core's violations on the page (the context must bypass the CSP to inject it). */
export async function axeViolations(
  page: Page,
): Promise<Array<{ id: string; impact: string | null; nodes: string[] }>> {
  await page.addScriptTag({ content: axe.source });
  const result = await page.evaluate(async () => {
    const a = (window as unknown as { axe: typeof axe }).axe;
    const r = await a.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
  });
  return result;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** True when the page fits its viewport's width (no sideways scrolling). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** What the context's pages logged as errors. */
export function pageErrors(context: BrowserContext): string[] {
  return (context as BrowserContext & { pageErrors?: string[] }).pageErrors ?? [];
}

/** What a browser suite's tests use: the app on loopback (SQLite), Chromium, and fresh contexts. */
export interface BrowserSuite {
  readonly h: Harness;
  readonly base: string;
  readonly browser: Browser;
  /** A new user's browser context, closed when the suite ends. */
  context(options?: Parameters<typeof userContext>[1]): Promise<BrowserContext>;
}

/**
 * Registers the calling `describe`'s before and after hooks: builds the web bundles if need be,
 * starts the app on `target` listening on loopback, launches Chromium; afterwards closes every
 * context it handed out, the browser and the app. Read the fields inside tests, not at definition.
 */
export function browserSuite(target: TestTarget): BrowserSuite {
  let h: Harness | undefined;
  let base: string | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite is not started: use it inside a test');
    return value;
  };
  before(async () => {
    await ensureWebBuild();
    h = await startHarness(target);
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await h?.close();
  });
  return {
    get h() {
      return ready(h);
    },
    get base() {
      return ready(base);
    },
    get browser() {
      return ready(browser);
    },
    async context(options) {
      const c = await userContext(ready(browser), options);
      contexts.push(c);
      return c;
    },
  };
}
