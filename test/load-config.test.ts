// The load settings (caps, timeouts, cache bounds): documented defaults, overrides, and a clear
// refusal of a bad value by name, among the other settings, before anything is opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOAD_SETTINGS, loadConfig, readConfig, SETTINGS } from '../src/cli/config.ts';
import { ConfigError } from '../src/cli/command.ts';

function problems(env: Record<string, string>): string[] {
  try {
    readConfig(env, {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

test('load settings have their defaults, take whole numbers, and refuse anything else by name', () => {
  const defaults = loadConfig(readConfig({}, {}));
  assert.deepEqual(defaults, {
    liveStreamsPerAddress: 5000,
    liveStreams: 20_000,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 60_000,
    idleTimeoutMs: 120_000,
    keepAliveTimeoutMs: 72_000,
    pageCacheBytes: 64 * 1024 * 1024,
    exportCacheBytes: 64 * 1024 * 1024,
    paperMaxBytes: 20 * 1024 * 1024,
    readyLagS: 60,
  });
  assert.equal(readConfig({ QUORATE_PAPER_MAX_BYTES: '2048' }, {}).paperMaxBytes, 2048);
  assert.match(
    problems({ QUORATE_PAPER_MAX_BYTES: '0' })[0]!,
    /^QUORATE_PAPER_MAX_BYTES "0": expected a whole number of bytes/,
  );
  // A hall of 2,000 delegates behind one address (docs/SECURITY.md), and the fan-out benchmark's 2,500 per address, fit.
  assert.ok(defaults.liveStreamsPerAddress >= 2500 && defaults.liveStreams >= 10_000);
  assert.equal(
    readConfig({ QUORATE_LIVE_STREAMS_PER_ADDRESS: '3', QUORATE_PAGE_CACHE_BYTES: '0' }, {}).liveStreamsPerAddress,
    3,
  );
  assert.equal(readConfig({ QUORATE_PAGE_CACHE_BYTES: '0' }, {}).pageCacheBytes, 0);
  for (const bad of ['0', '-5', '1.5', '1e3', 'lots', ' 7']) {
    const p = problems({ QUORATE_LIVE_STREAMS: bad });
    assert.equal(p.length, 1, bad);
    assert.match(p[0]!, /^QUORATE_LIVE_STREAMS ".*": expected a whole number from 1/, bad);
  }
  assert.deepEqual(problems({ QUORATE_HEADERS_TIMEOUT_MS: '9000', QUORATE_REQUEST_TIMEOUT_MS: '5000' }), [
    'QUORATE_HEADERS_TIMEOUT_MS "9000": expected at most QUORATE_REQUEST_TIMEOUT_MS (5000)',
  ]);
  const envs = LOAD_SETTINGS.map((k) => SETTINGS[k].env);
  assert.equal(new Set(envs).size, LOAD_SETTINGS.length);
});
