import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEntry, encodeEntry, MAX_ENTRY_BYTES, type RecordEntry } from './record-entry.ts';

const base: RecordEntry = { v: 1, type: 'body.created', body: 'b', recordedAt: '2026-11-29T00:00:00.000Z', data: {} };
const text = (e: RecordEntry) => new TextDecoder().decode(encodeEntry(e));

test('keys are sorted by UTF-16 code units and there is no white space (RFC 8785 §3.2.3)', () => {
  const e = { ...base, data: { z: 1, a: [true, null], é: 'x', B: { d: 2, c: 'Смольнинское' } } };
  assert.equal(
    text(e),
    '{"body":"b","data":{"B":{"c":"Смольнинское","d":2},"a":[true,null],"z":1,"é":"x"},"recordedAt":"2026-11-29T00:00:00.000Z","type":"body.created","v":1}',
  );
});

test('round-trips and refuses bytes that are not canonical', () => {
  const e = { ...base, data: { yes: 7, no: 0 } };
  assert.deepEqual(decodeEntry(encodeEntry(e)), e);
  const spaced = new TextEncoder().encode(JSON.stringify(e, null, 1));
  assert.throws(() => decodeEntry(spaced), { code: 'bad_entry' });
  assert.throws(() => decodeEntry(new Uint8Array([0xff, 0xfe])), { code: 'bad_entry' });
});

test('refuses what I-JSON forbids', () => {
  const rows: Array<[string, unknown]> = [
    ['lone surrogate', '\ud800'],
    ['float', 0.5],
    ['unsafe integer', 2 ** 53],
    ['NaN', Number.NaN],
    ['undefined member', undefined],
    ['date object', new Date(0)],
  ];
  for (const [name, value] of rows) {
    assert.throws(() => encodeEntry({ ...base, data: { value } as never }), { code: 'not_i_json' }, name);
  }
});

test('refuses an entry over the tile limit and accepts one at it', () => {
  const overhead = encodeEntry({ ...base, data: { t: '' } }).length;
  const fits = { ...base, data: { t: 'x'.repeat(MAX_ENTRY_BYTES - overhead) } };
  assert.equal(encodeEntry(fits).length, MAX_ENTRY_BYTES);
  assert.throws(() => encodeEntry({ ...base, data: { t: 'x'.repeat(MAX_ENTRY_BYTES - overhead + 1) } }), {
    code: 'entry_too_large',
  });
});
