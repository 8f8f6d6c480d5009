// `quorate export static`: the whole public record of a body as files any static host can serve —
// checkpoint, key, hash tiles and entry bundles in the tlog-tiles layout, the public pages in both
// languages, the open-data exports and the stylesheets. Each file is what the live server answers
// for the same address (asked through the app itself, so the two never disagree).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { readLogState } from '../db/repositories/tile-repository.ts';
import { formatEntryBundlePath, formatTilePath } from '../domain/log/tile-path.ts';
import { tileWidth, TILE_HEIGHT } from '../domain/log/tiles.ts';

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

export async function exportStatic(
  app: FastifyInstance,
  db: Executor,
  slug: string,
  dir: string,
  options: { onFile?: (path: string) => void } = {},
): Promise<StaticExportResult> {
  const body = await db.selectFrom('bodies').select(['id', 'languages']).where('slug', '=', slug).executeTakeFirst();
  if (!body) throw new Error(`body "${slug}" was not found`);
  const state = await readLogState(db, body.id);
  const size = state?.size ?? 0;
  const urls = new Set<string>([
    `/log/${slug}/checkpoint`,
    `/log/${slug}/key`,
    ...tilePaths(size).map((p) => `/log/${slug}/${p}`),
  ]);
  const sittings = await db.selectFrom('sittings').select('id').where('body_id', '=', body.id).execute();
  const votes = await db.selectFrom('votes').select('id').where('body_id', '=', body.id).execute();
  const members = await db.selectFrom('memberships').select('id').where('body_id', '=', body.id).execute();
  const pages = [
    '',
    '/members',
    '/sittings',
    '/decisions',
    ...sittings.map((s) => `/sittings/${s.id}`),
    ...votes.map((v) => `/votes/${v.id}`),
    ...members.map((m) => `/members/${m.id}`),
  ];
  for (const lang of ['en', 'ru']) {
    urls.add(`/?lang=${lang}`);
    for (const p of pages) urls.add(`/${slug}${p}?lang=${lang}`);
    urls.add(`/export/${slug}/feed.atom?lang=${lang}`);
    urls.add(`/export/${slug}/sittings.ics?lang=${lang}`);
    for (const s of sittings) urls.add(`/export/${slug}/sittings/${s.id}/minutes.pdf?lang=${lang}`);
  }
  for (const e of ['popolo.json', 'votes.csv', 'attendance.csv']) urls.add(`/export/${slug}/${e}`);
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
      `Pages: <slug>/…/index.<lang>.html. Verifiable log: log/${slug}/ (C2SP tlog-tiles; check with \`quorate verify <url>/log/${slug}\`).\n`,
  );
  return { files: files + 1, bytes, size };
}
