// /metrics (issue 20): off without QUORATE_METRICS_TOKEN, then only with the bearer token; parsed
// by a real Prometheus text-format parser (Debian's python3-prometheus-client); the figures move
// when the server works; no label carries a person, a choice or a path as typed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { connectSse } from './support/sse-client.ts';

/** Debian's python3, where python3-prometheus-client installs (not a pyenv shim earlier on PATH). */
const PYTHON = process.env.QUORATE_PYTHON || '/usr/bin/python3';
const TOKEN = 'metrics-token-0123456789abcdef';
const PARSE = `
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = {}
for f in text_string_to_metric_families(sys.stdin.read()):
    out[f.name] = {"type": f.type, "samples": [[s.name, s.labels, s.value if s.value == s.value else None] for s in f.samples]}
print(json.dumps(out))
`;

function parserSkipReason(): string | false {
  const r = spawnSync(PYTHON, ['-c', 'import prometheus_client'], { encoding: 'utf8' });
  if (r.status === 0) return false;
  if (process.env.CI === 'true') throw new Error('CI=true but python3-prometheus-client is not installed');
  return 'python3-prometheus-client is not installed (apt-get install python3-prometheus-client)';
}

type Families = Record<string, { type: string; samples: Array<[string, Record<string, string>, number | null]> }>;

function parse(text: string): Families {
  const r = spawnSync(PYTHON, ['-c', PARSE], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Families;
}

/** The value of one sample: `name` and labels that include `labels`. */
function sample(f: Families, family: string, name: string, labels: Record<string, string> = {}): number {
  const found = f[family]?.samples.filter(
    ([n, l]) => n === name && Object.entries(labels).every(([k, v]) => l[k] === v),
  );
  return (found ?? []).reduce((sum, [, , v]) => sum + (v ?? Number.NaN), 0);
}

const NAMED = [
  'quorate_http_request_duration_seconds',
  'quorate_ballot_batch_size',
  'quorate_ballot_batch_commit_seconds',
  'quorate_live_subscribers',
  'quorate_log_entries',
  'quorate_log_unintegrated_entries',
  'quorate_log_checkpoint_age_seconds',
  'quorate_witnesses_failing',
  'quorate_witnesses_behind',
  'quorate_appeals',
  'quorate_sign_ins',
  'quorate_sign_in_pause_seconds',
];

const skipParser = parserSkipReason();

for (const target of testDatabases()) {
  describe(`/metrics on ${target.label}`, { skip: target.skip || skipParser }, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(target, { metricsToken: TOKEN });
    });
    after(async () => h.close());

    const scrape = async () => {
      const r = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(r.statusCode, 200, r.body);
      assert.match(String(r.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.equal(r.headers['cache-control'], 'no-store');
      return parse(r.body);
    };

    test('off by default; with a token only for that bearer token', async () => {
      const off = await startHarness(target);
      try {
        for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }]) {
          const r = await off.app.inject({ method: 'GET', url: '/metrics', headers });
          assert.notEqual(r.statusCode, 200);
          assert.doesNotMatch(r.body, /quorate_|process_cpu/);
        }
      } finally {
        await off.close();
      }
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`, 'Bearer ']) {
        const r = await h.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: authorization === undefined ? {} : { authorization },
        });
        assert.equal(r.statusCode, 401, String(authorization));
        assert.equal(r.json().code, 'metrics_token_required');
        assert.match(String(r.headers['www-authenticate']), /^Bearer/);
        assert.doesNotMatch(r.body, /quorate_/);
      }
    });

    test('every named metric is there, and moves when a vote is held and watched', async () => {
      const before = await scrape();
      for (const name of NAMED) assert.ok(before[name], `${name} missing`);
      const c = await councilWithMembers(h, 'metered', 6);
      const { base, motionId, sittingId } = await sittingWithMotion(h, c);
      const voteId = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'electronic' })).json().id;
      const rs = await Promise.all(
        c.members.map((m) => m.request('POST', `${base}/votes/${voteId}/ballots`, { choice: 'yes' })),
      );
      assert.deepEqual(
        rs.map((r) => r.statusCode),
        c.members.map(() => 201),
      );
      await h.runtime.settled();
      const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
      const viewer = await connectSse(`${address}/live/metered/sittings/${sittingId}/events`);
      try {
        const during = await scrape();
        const ballotsRoute = { route: '/api/v1/bodies/:slug/votes/:id/ballots', method: 'POST', status: '201' };
        const counted = (f: Families) =>
          sample(
            f,
            'quorate_http_request_duration_seconds',
            'quorate_http_request_duration_seconds_count',
            ballotsRoute,
          );
        assert.equal(counted(during) - counted(before), 6);
        const batched = (f: Families) => sample(f, 'quorate_ballot_batch_size', 'quorate_ballot_batch_size_sum');
        assert.equal(batched(during) - batched(before), 6, 'six ballots committed in batches');
        assert.ok(
          sample(during, 'quorate_ballot_batch_commit_seconds', 'quorate_ballot_batch_commit_seconds_count', {
            outcome: 'ok',
          }) >= 1,
        );
        assert.equal(sample(during, 'quorate_live_subscribers', 'quorate_live_subscribers'), 1);
        assert.ok(
          sample(during, 'quorate_log_entries', 'quorate_log_entries') >
            sample(before, 'quorate_log_entries', 'quorate_log_entries'),
        );
        assert.equal(sample(during, 'quorate_log_unintegrated_entries', 'quorate_log_unintegrated_entries'), 0);
        assert.equal(sample(during, 'quorate_witnesses_failing', 'quorate_witnesses_failing'), 0);
        assert.equal(sample(during, 'quorate_appeals', 'quorate_appeals', { state: 'overdue' }), 0);
        const age = sample(during, 'quorate_log_checkpoint_age_seconds', 'quorate_log_checkpoint_age_seconds');
        assert.ok(age >= 0 && age < 60, String(age));

        // No label value names a person, a choice, a slug or a path as typed.
        for (const family of Object.values(during)) {
          for (const [, labels] of family.samples) {
            for (const [k, v] of Object.entries(labels)) {
              assert.doesNotMatch(v, /metered|yes|Member|Депутат|\/\d/, `${k}=${v}`);
            }
          }
        }
      } finally {
        viewer.close();
      }
    });

    test('sign-ins refused and paused are counted, with the pause they were told', async () => {
      const before = await scrape();
      const count = (f: Families, outcome: string) =>
        sample(f, 'quorate_sign_ins', 'quorate_sign_ins_total', { outcome });
      let paused = 0;
      for (let i = 0; i < 12; i++) {
        const r = await h.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'nobody-metered', password: `wrong ${i}` },
        });
        if (r.statusCode === 429) paused++;
        else assert.equal(r.statusCode, 401);
      }
      assert.ok(paused >= 1, 'the account limit paused the last attempts');
      const after = await scrape();
      assert.equal(count(after, 'refused') - count(before, 'refused'), 12 - paused);
      assert.equal(count(after, 'paused') - count(before, 'paused'), paused);
      const pauses = (f: Families) => sample(f, 'quorate_sign_in_pause_seconds', 'quorate_sign_in_pause_seconds_count');
      assert.equal(pauses(after) - pauses(before), paused);
    });
  });
}
