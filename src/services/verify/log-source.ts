// Where `quorate verify` and `quorate mirror` read a log from: a server over HTTP (the public
// tlog-tiles layout) or a database directly. Both give the same things: the signed checkpoint,
// the entries, and the level-0 hash tiles (to name the first entry that differs).
import type { QuorateDialect } from '../../db/dialects/quorate-dialect.ts';
import { readLogState, readTile } from '../../db/repositories/tile-repository.ts';
import { decodeEntryBundle } from '../../domain/log/entry-bundle.ts';
import { formatEntryBundlePath, formatTilePath } from '../../domain/log/tile-path.ts';

export interface LogSource {
  readonly label: string;
  checkpoint(): Promise<string>;
  /** The verifier key the source publishes (trust on first use unless one is given). */
  publishedKey(): Promise<string | null>;
  /** Entries [from, from + count), in order. */
  entries(from: number, count: number): Promise<Uint8Array[]>;
  /** The level-0 hash tile n at the given width. */
  leafTile(n: number, width: number): Promise<Uint8Array>;
  /** Entries sequenced so far, when the source can tell (a database): some may await a checkpoint. */
  sequencedSize?(): Promise<number>;
}

export class HttpLogSource implements LogSource {
  readonly label: string;
  readonly #base: string;
  constructor(logUrl: string) {
    this.#base = logUrl.replace(/\/$/, '');
    this.label = this.#base;
  }
  async #get(path: string): Promise<Response> {
    const r = await fetch(`${this.#base}/${path}`);
    if (!r.ok) throw new Error(`GET ${this.#base}/${path}: ${r.status} ${r.statusText}`);
    return r;
  }
  async checkpoint() {
    return (await this.#get('checkpoint')).text();
  }
  async publishedKey() {
    return (await (await this.#get('key')).text()).trim();
  }
  async entries(from: number, count: number) {
    const out: Uint8Array[] = [];
    const end = from + count;
    for (let n = Math.floor(from / 256); n * 256 < end; n++) {
      const width = Math.min(256, end - n * 256);
      const bundle = decodeEntryBundle(
        new Uint8Array(await (await this.#get(formatEntryBundlePath({ index: n, width }))).arrayBuffer()),
        width,
      );
      out.push(...bundle.slice(Math.max(0, from - n * 256)));
    }
    return out;
  }
  async leafTile(n: number, width: number) {
    return new Uint8Array(await (await this.#get(formatTilePath({ level: 0, index: n, width }))).arrayBuffer());
  }
}

export class DatabaseLogSource implements LogSource {
  readonly label: string;
  constructor(
    readonly dialect: QuorateDialect,
    readonly bodyId: number,
    slug: string,
  ) {
    this.label = `${dialect.label}:${slug}`;
  }
  async checkpoint() {
    const state = await readLogState(this.dialect.db, this.bodyId);
    if (!state) throw new Error('the body has no published checkpoint yet');
    return state.checkpoint;
  }
  async publishedKey() {
    return null;
  }
  async sequencedSize() {
    const head = await this.dialect.db
      .selectFrom('log_heads')
      .select('next_index')
      .where('body_id', '=', this.bodyId)
      .executeTakeFirst();
    return head?.next_index ?? 0;
  }
  async entries(from: number, count: number) {
    const rows = await this.dialect.db
      .selectFrom('entries')
      .select(['idx', 'bytes'])
      .where('body_id', '=', this.bodyId)
      .where('idx', '>=', from)
      .where('idx', '<', from + count)
      .orderBy('idx')
      .execute();
    // A missing or renumbered row shows as a gap here.
    return rows.map((r, i) => {
      if (r.idx !== from + i)
        throw Object.assign(new Error(`entry ${from + i} is missing from the database`), { index: from + i });
      return new Uint8Array(r.bytes);
    });
  }
  async leafTile(n: number, width: number) {
    const data = await readTile(this.dialect.db, this.bodyId, { level: 0, index: n, width });
    if (!data) throw new Error(`hash tile 0/${n} is not stored`);
    return data;
  }
}
