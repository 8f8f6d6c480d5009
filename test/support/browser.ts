// Browser tests: Debian's Chromium driven by playwright-core, one browser and a context per user
// (DESIGN.md, "Stack"). Without Chromium the suites are skipped with the reason — except under
// CI=true, where a missing browser is a failure. The client bundles are built first when they are
// missing or older than their sources (npm test builds them anyway; this covers a filtered run).
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { WEB_MANIFEST } from '../../src/http/pages/web-bundles.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = process.env.QUORATE_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why the browser suites cannot run here, or false. Throws under CI=true. */
export function browserSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const reason = `browser suites skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set QUORATE_CHROMIUM)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`);
  return reason;
}

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds the client bundles unless dist/web is newer than src/web and src/domain. */
export async function ensureWebBuild(): Promise<void> {
  const fresh = () =>
    existsSync(WEB_MANIFEST) &&
    statSync(WEB_MANIFEST).mtimeMs >= Math.max(newest(join(ROOT, 'src', 'web')), newest(join(ROOT, 'src', 'domain')));
  if (fresh()) return;
  // One build at a time across test processes: a lock directory (mkdir is atomic).
  const lock = join(ROOT, 'dist', '.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 120_000) throw new Error(`waited 2 minutes for ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    if (fresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmdirSync(lock);
  }
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
