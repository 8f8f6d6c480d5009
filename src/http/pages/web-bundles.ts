// The live screens' client bundles, built by Vite (`npm run build:web`) into dist/web/ with
// content-hashed names, served under /_static/web/ as immutable. Pages find an entry's file
// through Vite's manifest. Without a build the pages still render (readable, not live) and the
// server says once, clearly, what is missing.
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const WEB_DIST = join(packageRoot(import.meta.dirname), 'dist', 'web');
export const WEB_MANIFEST = join(WEB_DIST, '.vite', 'manifest.json');
export const WEB_PREFIX = '/_static/web/';

/**
 * The nearest folder at or above `dir` that holds package.json: the checkout's root whether this
 * file runs from src/http/pages/ (tsx) or from the compiled dist/server/http/pages/.
 */
export function packageRoot(dir: string): string {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'package.json'))) return at;
    if (dirname(at) === at) throw new Error(`no package.json at or above ${dir}`);
  }
}

export type WebEntry = 'console' | 'member' | 'public';

let manifest: Record<string, { file: string }> | null = null;
let warned = false;

/** The script URL of a client bundle, or null when the bundles have not been built. */
export function bundleUrl(entry: WebEntry, log?: { error(msg: string): void }): string | null {
  if (!manifest) {
    if (!existsSync(WEB_MANIFEST)) {
      if (!warned && log)
        log.error(
          `the live screens' client bundles are missing (${WEB_MANIFEST}): run "npm run build:web"; the pages render without live updates until then`,
        );
      warned = true;
      return null;
    }
    manifest = JSON.parse(readFileSync(WEB_MANIFEST, 'utf8')) as Record<string, { file: string }>;
  }
  const file = manifest[`src/web/${entry}.tsx`]?.file;
  return file ? WEB_PREFIX + file : null;
}

export const webBundlesPlugin = fp(
  async (app) => {
    if (!existsSync(WEB_DIST)) return;
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      prefix: WEB_PREFIX,
      decorateReply: false,
      index: false,
      // Hashed names: a new build is a new URL.
      immutable: true,
      maxAge: 31_536_000_000,
      allowedPath: (path) => !path.includes('/.vite/'),
      schemaHide: true,
    });
  },
  { name: 'quorate-web-bundles' },
);
