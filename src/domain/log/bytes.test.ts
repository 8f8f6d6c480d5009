import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bitLength, onesCount, shiftRight, trailingZeros, xor } from './bits.ts';
import { fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from './bytes.ts';

test('base64: the RFC 4648 §10 vectors', () => {
  const rows: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [text, b64] of rows) {
    assert.equal(toBase64(utf8(text)), b64);
    assert.equal(fromUtf8(fromBase64(b64)), text);
  }
});

test('base64: only the canonical spelling is accepted', () => {
  for (const bad of [
    'Zg',
    'Zg=',
    'Zh==',
    'Zm9=',
    'Z===',
    '====',
    'Zm9v\n',
    ' Zm9v',
    'Zm 9v',
    'Zm-v',
    'Zm_v',
    'Zm9vYg==Zm9v',
    'Zg==Zg==',
    'Zm9vYmE',
    '\u00e9AAA',
  ]) {
    assert.throws(() => fromBase64(bad), { code: 'malformed_base64' }, JSON.stringify(bad));
  }
});

test('property: base64 and hex agree with node:buffer', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
      const b64 = Buffer.from(bytes).toString('base64');
      assert.equal(toBase64(bytes), b64);
      assert.deepEqual([...fromBase64(b64)], [...bytes]);
      assert.equal(toHex(bytes), Buffer.from(bytes).toString('hex'));
      assert.deepEqual([...fromHex(toHex(bytes).toUpperCase())], [...bytes]);
    }),
    { numRuns: 500 },
  );
  for (const bad of ['a', 'zz', '0g', ' 00']) assert.throws(() => fromHex(bad), { code: 'malformed_hex' });
});

test('UTF-8: strict both ways', () => {
  assert.deepEqual([...utf8('—')], [0xe2, 0x80, 0x94]);
  assert.throws(() => utf8('\uDC00'), { code: 'malformed_text' });
  assert.throws(() => fromUtf8(Uint8Array.of(0xc0, 0x80)), { code: 'malformed_text' });
  assert.equal(fromUtf8(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61)), '\uFEFFa', 'a BOM is kept, not dropped');
});

test('property: bit helpers agree with BigInt across 53 bits', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 2n ** 53n - 1n }),
      fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }),
      fc.integer({ min: 0, max: 52 }),
      (a, b, k) => {
        const bin = a.toString(2);
        assert.equal(bitLength(Number(a)), bin.length);
        assert.equal(onesCount(Number(a)), [...bin].filter((c) => c === '1').length);
        assert.equal(trailingZeros(Number(a)), bin.length - 1 - bin.lastIndexOf('1'));
        assert.equal(xor(Number(a), Number(b)), Number(a ^ b));
        assert.equal(shiftRight(Number(a), k), Number(a >> BigInt(k)));
      },
    ),
    { numRuns: 1000 },
  );
  assert.equal(bitLength(0), 0);
});
