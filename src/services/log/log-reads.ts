// Reads of the published log: checkpoint, key, tiles, entry bundles and proofs, all bounded by
// the published checkpoint so nothing unsigned is served.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { readLogState, readTile } from '../../db/repositories/tile-repository.ts';
import { findBody } from '../bodies.ts';
import { invalid, notFound } from '../service-error.ts';
import { sha256 } from '../service-context.ts';
import { bodyKey } from './signing-keys.ts';
import { dbTileReader } from './integrator.ts';
import { tileHashReader, tileWidth, type Tile } from '../../domain/log/tiles.ts';
import { proveConsistency, proveInclusion } from '../../domain/log/stored-hashes.ts';
import { encodeEntryBundle } from '../../domain/log/entry-bundle.ts';
import type { EntryBundleRef } from '../../domain/log/tile-path.ts';
import { toHex } from '../../domain/log/bytes.ts';

/**
 * Entries the body's published checkpoint covers, or null before the first checkpoint (a page
 * cites it so a reader can check what the page shows against the log).
 * @example await publishedSize(db, 1) // 12
 */
export async function publishedSize(db: Executor, bodyId: number): Promise<number | null> {
  return (await readLogState(db, bodyId))?.size ?? null;
}

export async function publishedState(db: Executor, slug: string) {
  const body = await findBody(db, slug);
  const state = await readLogState(db, body.id);
  if (!state) throw notFound(`a checkpoint of "${slug}"`, 'no_checkpoint');
  return { body, state };
}

export async function verifierKey(db: Executor, keysDir: string, slug: string): Promise<string> {
  const body = await findBody(db, slug);
  return bodyKey(keysDir, body.slug, body.origin).vkey;
}

/** A hash tile, if the published tree holds it at that width. */
export async function publishedTile(db: Executor, slug: string, tile: Tile): Promise<Uint8Array> {
  const { body, state } = await publishedState(db, slug);
  if (tile.width > tileWidth(tile.level, tile.index, state.size))
    throw notFound(`tile ${tile.level}/${tile.index}.p/${tile.width}`, 'tile_not_found');
  const data = await readTile(db, body.id, tile);
  if (!data) throw notFound(`tile ${tile.level}/${tile.index}`, 'tile_not_found');
  return data;
}

export async function publishedEntryBundle(db: Executor, slug: string, ref: EntryBundleRef): Promise<Uint8Array> {
  const { body, state } = await publishedState(db, slug);
  const start = ref.index * 256;
  if (start + ref.width > state.size) throw notFound(`entry bundle ${ref.index}.p/${ref.width}`, 'tile_not_found');
  const rows = await db
    .selectFrom('entries')
    .select('bytes')
    .where('body_id', '=', body.id)
    .where('idx', '>=', start)
    .where('idx', '<', start + ref.width)
    .orderBy('idx')
    .execute();
  return encodeEntryBundle(rows.map((r) => new Uint8Array(r.bytes)));
}

/** A small LRU of tile interiors per body: proofs reuse them instead of rehashing tiles. */
class InteriorCache {
  readonly #map = new Map<string, Uint8Array[]>();
  constructor(readonly limit: number) {}
  get(key: string) {
    const v = this.#map.get(key);
    if (v) {
      this.#map.delete(key);
      this.#map.set(key, v);
    }
    return v;
  }
  set(key: string, levels: Uint8Array[]) {
    this.#map.set(key, levels);
    if (this.#map.size > this.limit) this.#map.delete(this.#map.keys().next().value!);
  }
}
// Keyed by database as well as body: one process may hold several databases (tests, tools).
const interiors = new WeakMap<Executor, Map<number, InteriorCache>>();
function interiorCache(db: Executor, bodyId: number): InteriorCache {
  let perDb = interiors.get(db);
  if (!perDb) {
    perDb = new Map();
    interiors.set(db, perDb);
  }
  let c = perDb.get(bodyId);
  if (!c) {
    c = new InteriorCache(512);
    perDb.set(bodyId, c);
  }
  return c;
}

export async function inclusionProof(db: Executor, slug: string, index: number, size: number) {
  const { body, state } = await publishedState(db, slug);
  if (size > state.size)
    throw invalid('size_beyond_checkpoint', `size ${size} is beyond the published checkpoint (${state.size})`);
  if (index >= size) throw invalid('index_out_of_range', `index ${index} is not below size ${size}`);
  const reader = tileHashReader(sha256, state.size, dbTileReader(db, body.id), interiorCache(db, body.id));
  return (await proveInclusion(sha256, index, size, reader)).map(toHex);
}

export async function consistencyProof(db: Executor, slug: string, from: number, to: number) {
  const { body, state } = await publishedState(db, slug);
  if (to > state.size)
    throw invalid('size_beyond_checkpoint', `size ${to} is beyond the published checkpoint (${state.size})`);
  if (from > to) throw invalid('sizes_reversed', `from (${from}) is larger than to (${to})`);
  if (from < 1) throw invalid('index_out_of_range', 'from must be at least 1');
  const reader = tileHashReader(sha256, state.size, dbTileReader(db, body.id), interiorCache(db, body.id));
  return (await proveConsistency(sha256, from, to, reader)).map(toHex);
}
