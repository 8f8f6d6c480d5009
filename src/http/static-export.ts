// `quorate export static`: the whole public record of a body as files any static host can serve —
// checkpoint, key, hash tiles and entry bundles in the tlog-tiles layout, every feature's public
// pages in both languages (features.ts: `publicPages`), the open-data exports and the stylesheets.
// Each file is what the live server answers for the same address (asked through the app itself,
// so the two never disagree); the app is built with `staticSite`, so the search page, which a
// static host cannot answer, says so and points to the live site.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { findBody } from '../services/bodies.ts';
import { recordPageIds } from '../services/portal-reads.ts';
import { recordVersion } from '../services/record-version.ts';
import { formatEntryBundlePath, formatTilePath } from '../domain/log/tile-path.ts';
import { tileWidth, TILE_HEIGHT } from '../domain/log/tiles.ts';
import { LANGUAGES } from '../domain/i18n/lang.ts';
import { FEATURES, type Feature } from './features.ts';
import { readContext } from './pages/page-kit.tsx';

export interface StaticExportResult {
  files: number;
  bytes: number;
  size: number;
}

function tilePaths(size: number): string[] {
  const paths: string[] = [];
  if (size === 0) return paths;
  // Every tile of the tree of `size`, at the width that tree has.
  for (let level = 0; ; level++) {
    const leavesPerHash = 2 ** (level * TILE_HEIGHT);
    const hashes = Math.floor(size / leavesPerHash);
    if (hashes === 0) break;
    for (let index = 0; index * 256 < hashes; index++) {
      const width = tileWidth(level, index, size);
      if (width > 0) paths.push(formatTilePath({ level, index, width }));
    }
  }
  for (let index = 0; index * 256 < size; index++)
    paths.push(formatEntryBundlePath({ index, width: Math.min(256, size - index * 256) }));
  return paths;
}

/**
 * Writes the public record of the body `slug` into `dir`, asking `app` (built with `staticSite`)
 * for every file. `features` (default: all of them) says whose public pages are written.
 * @example await exportStatic(await buildApp({ ctx, staticSite: true }), 'smolninskoye', './site')
 */
export async function exportStatic(
  app: FastifyInstance,
  slug: string,
  dir: string,
  options: { onFile?: (path: string) => void; features?: readonly Feature[] } = {},
): Promise<StaticExportResult> {
  if (!app.staticSite) throw new Error('the static export needs an app built with staticSite');
  const reads = readContext(app.ctx);
  const found = await findBody(reads.dialect.db, slug);
  const body = { id: found.id, slug: found.slug };
  const size = (await recordVersion(reads.dialect.db, body.id)).checkpointSize;
  const urls = new Set<string>([
    `/log/${slug}/checkpoint`,
    `/log/${slug}/key`,
    ...tilePaths(size).map((p) => `/log/${slug}/${p}`),
  ]);
  const pages: string[] = [];
  for (const feature of options.features ?? FEATURES)
    for (const page of feature.publicPages) pages.push(...(await page.addresses(reads, body)));
  const { sittings } = await recordPageIds(reads.dialect.db, body.id);
  for (const lang of LANGUAGES) {
    for (const p of pages) urls.add(`${p}?lang=${lang}`);
    urls.add(`/export/${slug}/feed.atom?lang=${lang}`);
    urls.add(`/export/${slug}/sittings.ics?lang=${lang}`);
    for (const id of sittings) {
      urls.add(`/export/${slug}/sittings/${id}/minutes.pdf?lang=${lang}`);
      // The latest draft of minutes drafted (issue 17); a sitting without minutes links none.
      urls.add(`/export/${slug}/sittings/${id}/minutes-draft.pdf?lang=${lang}`);
    }
  }
  for (const e of ['popolo.json', 'votes.csv', 'decisions.csv', 'attendance.csv']) urls.add(`/export/${slug}/${e}`);
  for (const feature of options.features ?? FEATURES)
    for (const files of feature.publicFiles ?? []) for (const a of await files.addresses(reads, body)) urls.add(a);
  urls.add('/_static/quorate.css');
  let files = 0;
  let bytes = 0;
  for (const url of urls) {
    const r = await app.inject({ url });
    if (r.statusCode === 404 && url.startsWith('/_static/')) continue;
    if (r.statusCode !== 200) throw new Error(`GET ${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    const [path, query] = url.split('?') as [string, string | undefined];
    const html = String(r.headers['content-type'] ?? '').startsWith('text/html');
    // Pages become folders with index.html (per language: index.en.html); everything else keeps its name.
    const lang = query ? new URLSearchParams(query).get('lang') : null;
    let file = html ? join(path, lang ? `index.${lang}.html` : 'index.html') : lang ? `${path}.${lang}` : path;
    file = normalize(file).replace(/^(\.\.(\/|$))+/, '');
    const target = join(dir, file);
    if (!target.startsWith(normalize(dir))) throw new Error(`refusing to write outside ${dir}: ${file}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, r.rawPayload);
    files++;
    bytes += r.rawPayload.length;
    options.onFile?.(file);
  }
  writeFileSync(
    join(dir, 'README.txt'),
    `The public record of "${slug}", exported by Quorate at log size ${size}.\n` +
      `Pages: <slug>/…/index.<lang>.html. Verifiable log: log/${slug}/ (C2SP tlog-tiles; check with \`quorate verify <url>/log/${slug}\`).\n` +
      `Search needs the live site: ${app.ctx.publicOrigin}/${slug}/search\n`,
  );
  return { files: files + 1, bytes, size };
}
