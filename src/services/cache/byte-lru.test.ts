import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BuildCache, ByteLru } from './byte-lru.ts';

test('the LRU never holds more bytes than its bound and evicts the least recently used', () => {
  const lru = new ByteLru<string>(10);
  lru.set('a', 'aaaa', 4);
  lru.set('b', 'bbbb', 4);
  assert.equal(lru.get('a'), 'aaaa'); // a is now the most recently used
  lru.set('c', 'cccc', 4);
  assert.deepEqual(lru.keys(), ['a', 'c']);
  assert.equal(lru.bytes, 8);
  assert.equal(lru.set('huge', 'x', 11), false, 'an entry larger than the bound is not kept');
  assert.equal(lru.has('huge'), false);
  lru.set('a', 'aaaaaaaaaa', 10);
  assert.deepEqual(lru.keys(), ['a']);
  assert.equal(lru.bytes, 10);
  for (let i = 0; i < 1000; i++) {
    lru.set(`k${i}`, 'v', 1 + (i % 7));
    assert.ok(lru.bytes <= 10);
  }
  lru.delete('k999');
  assert.equal(lru.has('k999'), false);
  assert.throws(() => new ByteLru(-1), RangeError);
});

test('concurrent requests for one missing key share one build; a failed build is not kept', async () => {
  const cache = new BuildCache<string>(100, (v) => v.length);
  let release!: () => void;
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let calls = 0;
  const build = async () => {
    calls++;
    await gate;
    return 'built';
  };
  const all = Array.from({ length: 30 }, () => cache.get('k', build));
  assert.equal(cache.inFlight, 1);
  release();
  assert.deepEqual(new Set(await Promise.all(all)), new Set(['built']));
  assert.equal(calls, 1);
  assert.equal(cache.builds, 1);
  assert.equal(await cache.get('k', build), 'built');
  assert.equal(calls, 1, 'a hit builds nothing');
  await assert.rejects(
    cache.get('bad', async () => {
      throw new Error('no');
    }),
  );
  assert.equal(cache.inFlight, 0);
  assert.equal(await cache.get('bad', async () => 'ok'), 'ok', 'a failure is retried by the next request');
});
