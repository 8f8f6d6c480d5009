// A mirror's copy of one log, as files in the C2SP tlog-tiles layout, so any static file server
// could serve it too: `checkpoint`, `key` (the log's pinned vkey), `tile/L/…` hash tiles and
// `tile/entries/…` bundles (full, or `.p/W` partials for the tail).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatEntryBundlePath, formatTilePath } from '../../domain/log/tile-path.ts';
import type { Tile } from '../../domain/log/tiles.ts';

export class MirrorStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  path(relative: string): string {
    return join(this.dir, relative);
  }

  /** Writes atomically (temp file, then rename), so a reader never sees half a file. */
  write(relative: string, data: Uint8Array | string): void {
    const target = this.path(relative);
    mkdirSync(dirname(target), { recursive: true });
    const temp = `${target}.tmp-${process.pid}`;
    writeFileSync(temp, data);
    renameSync(temp, target);
  }

  read(relative: string): Buffer | null {
    const p = this.path(relative);
    return existsSync(p) ? readFileSync(p) : null;
  }

  readText(relative: string): string | null {
    return this.read(relative)?.toString('utf8') ?? null;
  }

  readTile(tile: Tile): Uint8Array | null {
    const full = this.read(formatTilePath({ ...tile, width: 256 }));
    if (full) return full.subarray(0, tile.width * 32);
    return this.read(formatTilePath(tile));
  }

  writeTile(tile: Tile, data: Uint8Array): void {
    this.write(formatTilePath(tile), data);
  }

  writeBundle(index: number, width: number, data: Uint8Array): void {
    this.write(formatEntryBundlePath({ index, width }), data);
  }

  readBundle(index: number, width: number): Uint8Array | null {
    return this.read(formatEntryBundlePath({ index, width }));
  }
}
