// C2SP tlog-tiles resource paths: `tile/<L>/<N>[.p/<W>]` for hash tiles and
// `tile/entries/<N>[.p/<W>]` for entry bundles. <N> is written in zero-padded groups of three
// digits, all but the last prefixed with `x` (1234067 → x001/x234/067) so a file system can hold
// the tiles as files without a file and a directory sharing a name. Parsing is strict: only the
// one spelling `format…` produces is accepted, so a cache key or file name is never ambiguous.
import { LogError } from './log-error.ts';
import { TILE_WIDTH, checkTile, type Tile } from './tiles.ts';

/** An entry bundle: `index` as for a level-0 tile, `width` 1 … 256 entries (256 = full). */
export interface EntryBundleRef {
  readonly index: number;
  readonly width: number;
}

export type ParsedTilePath = { kind: 'hashes'; tile: Tile } | { kind: 'entries'; bundle: EntryBundleRef };

/**
 * <N> as path elements.
 * @example formatTileIndex(1234067) // 'x001/x234/067'
 */
export function formatTileIndex(index: number): string {
  let digits = String(index);
  digits = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = digits.match(/\d{3}/g)!;
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function widthSuffix(width: number): string {
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

/**
 * The path of a hash tile.
 * @example formatTilePath({ level: 0, index: 1234067, width: 8 }) // 'tile/0/x001/x234/067.p/8'
 */
export function formatTilePath(tile: Tile): string {
  checkTile(tile);
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

/**
 * The path of an entry bundle.
 * @example formatEntryBundlePath({ index: 2, width: 256 }) // 'tile/entries/002'
 */
export function formatEntryBundlePath(bundle: EntryBundleRef): string {
  checkTile({ level: 0, ...bundle });
  return `tile/entries/${formatTileIndex(bundle.index)}${widthSuffix(bundle.width)}`;
}

const PATH = /^tile\/(entries|0|[1-9]\d?)\/((?:x\d{3}\/)*\d{3})(?:\.p\/([1-9]\d{0,2}))?$/;

/**
 * Parses a tile or entry-bundle path (with its leading `tile/`). Throws `malformed_tile_path` for
 * a level above 63, a width outside 1 … 255 after `.p/`, a redundant leading `x000/` group, or any
 * other spelling `formatTilePath` would not produce.
 * @example parseTilePath('tile/entries/x001/234.p/7') // { kind: 'entries', bundle: { index: 1234, width: 7 } }
 */
export function parseTilePath(path: string): ParsedTilePath {
  const bad = (why: string) =>
    new LogError('malformed_tile_path', `"${path.slice(0, 120)}" is not a tile path: ${why}`);
  const m = PATH.exec(path);
  if (!m) throw bad('expected tile/<L or entries>/<N>[.p/<W>]');
  const [, levelText, indexText, widthText] = m;
  const index = Number(indexText!.replaceAll('x', '').replaceAll('/', ''));
  if (!Number.isSafeInteger(index)) throw bad('index too large');
  if (formatTileIndex(index) !== indexText) throw bad('index has redundant leading groups');
  if (widthText !== undefined && Number(widthText) >= TILE_WIDTH) throw bad('a partial tile has width 1 to 255');
  const width = widthText === undefined ? TILE_WIDTH : Number(widthText);
  if (levelText === 'entries') return { kind: 'entries', bundle: { index, width } };
  const level = Number(levelText);
  if (level > 63) throw bad('level above 63');
  return { kind: 'hashes', tile: { level, index, width } };
}
