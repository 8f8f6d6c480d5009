import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatEntryBundlePath, formatTileIndex, formatTilePath, parseTilePath } from './tile-path.ts';

test('formats and parses the C2SP tlog-tiles examples', () => {
  const rows: Array<[string, ReturnType<typeof parseTilePath>]> = [
    ['tile/0/x001/x234/067', { kind: 'hashes', tile: { level: 0, index: 1234067, width: 256 } }],
    ['tile/0/x001/x234/067.p/8', { kind: 'hashes', tile: { level: 0, index: 1234067, width: 8 } }],
    ['tile/1/000', { kind: 'hashes', tile: { level: 1, index: 0, width: 256 } }],
    ['tile/2/000.p/1', { kind: 'hashes', tile: { level: 2, index: 0, width: 1 } }],
    ['tile/63/999', { kind: 'hashes', tile: { level: 63, index: 999, width: 256 } }],
    ['tile/0/x001/000', { kind: 'hashes', tile: { level: 0, index: 1000, width: 256 } }],
    ['tile/entries/000.p/255', { kind: 'entries', bundle: { index: 0, width: 255 } }],
    ['tile/entries/x001/234.p/7', { kind: 'entries', bundle: { index: 1234, width: 7 } }],
    ['tile/entries/273', { kind: 'entries', bundle: { index: 273, width: 256 } }],
  ];
  for (const [path, parsed] of rows) {
    assert.deepEqual(parseTilePath(path), parsed, path);
    const again = parsed.kind === 'hashes' ? formatTilePath(parsed.tile) : formatEntryBundlePath(parsed.bundle);
    assert.equal(again, path);
  }
  assert.equal(formatTileIndex(0), '000');
  assert.equal(formatTileIndex(999), '999');
  assert.equal(formatTileIndex(1000), 'x001/000');
});

test('refuses every other spelling', () => {
  const bad = [
    '',
    'tile',
    'tile/0',
    'tile/0/',
    '/tile/0/000',
    'tile/0/000/',
    'tiles/0/000',
    'tile/00/000',
    'tile/01/000',
    'tile/64/000',
    'tile/-1/000',
    'tile/x/000',
    'tile/entry/000',
    'tile/0/0',
    'tile/0/00',
    'tile/0/0000',
    'tile/0/x000/001',
    'tile/0/x1234/567',
    'tile/0/001/x234',
    'tile/0/x001',
    'tile/0/X001/000',
    'tile/0/x001/x002',
    'tile/0/000.p/256',
    'tile/0/000.p/0',
    'tile/0/000.p/07',
    'tile/0/000.p/',
    'tile/0/000.p',
    'tile/0/000.P/5',
    'tile/0/000.p/5/',
    'tile/0/000.p/1000',
    'tile/0/000 ',
    'tile/0/000\n',
    'tile/entries/000.p/256',
    'tile/entries/x000/001',
    'tile/0/x999/x999/x999/x999/x999/x999/999',
  ];
  for (const path of bad)
    assert.throws(() => parseTilePath(path), { code: 'malformed_tile_path' }, JSON.stringify(path));
  assert.throws(() => formatTilePath({ level: 0, index: 0, width: 0 }), { code: 'bad_tile' });
  assert.throws(() => formatTilePath({ level: 64, index: 0, width: 1 }), { code: 'bad_tile' });
  assert.throws(() => formatEntryBundlePath({ index: -1, width: 1 }), { code: 'bad_tile' });
});

test('property: paths round-trip', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 63 }),
      fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      fc.integer({ min: 1, max: 256 }),
      (level, index, width) => {
        const path = formatTilePath({ level, index, width });
        assert.deepEqual(parseTilePath(path), { kind: 'hashes', tile: { level, index, width } });
        const bundle = formatEntryBundlePath({ index, width });
        assert.deepEqual(parseTilePath(bundle), { kind: 'entries', bundle: { index, width } });
        assert.equal(path.endsWith(`.p/${width}`), width < 256);
      },
    ),
    { numRuns: 2000 },
  );
});
