// The load settings (caps, timeouts, cache bounds): documented defaults, overrides, and a clear
// refusal of a bad value before anything is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_SETTINGS, readConfig, readLoadConfig } from '../src/cli/config.ts';

test('load settings have their defaults, take whole numbers, and refuse anything else by name', () => {
  const defaults = readLoadConfig({});
  assert.deepEqual(defaults, {
    liveStreamsPerAddress: 5000, liveStreams: 20_000, headersTimeoutMs: 10_000, requestTimeoutMs: 60_000,
    idleTimeoutMs: 120_000, keepAliveTimeoutMs: 72_000, pageCacheBytes: 64 * 1024 * 1024, exportCacheBytes: 64 * 1024 * 1024,
  });
  // A hall of 2,000 delegates behind one address (docs/SECURITY.md), and the fan-out benchmark's 2,500 per address, fit.
  assert.ok(defaults.liveStreamsPerAddress >= 2500 && defaults.liveStreams >= 10_000);
  assert.equal(readConfig({ QUORATE_LIVE_STREAMS_PER_ADDRESS: '3', QUORATE_PAGE_CACHE_BYTES: '0' }, {}).load.liveStreamsPerAddress, 3);
  assert.equal(readLoadConfig({ QUORATE_PAGE_CACHE_BYTES: '0' }).pageCacheBytes, 0);
  for (const bad of ['0', '-5', '1.5', '1e3', 'lots', ' 7']) {
    assert.throws(() => readLoadConfig({ QUORATE_LIVE_STREAMS: bad }), /QUORATE_LIVE_STREAMS ".*" is not a whole number ≥ 1/, bad);
  }
  assert.throws(() => readLoadConfig({ QUORATE_HEADERS_TIMEOUT_MS: '9000', QUORATE_REQUEST_TIMEOUT_MS: '5000' }), /QUORATE_HEADERS_TIMEOUT_MS \(9000\) must not be longer than QUORATE_REQUEST_TIMEOUT_MS/);
  assert.equal(new Set(LOAD_SETTINGS.map((s) => s.env)).size, LOAD_SETTINGS.length);
});
