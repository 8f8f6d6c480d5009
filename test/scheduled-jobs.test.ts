// The scheduled jobs' lease (issue 20) on each database: one holder at a time; the holder renews
// it; another takes it only once it has lapsed or been released; a round run by a process that
// does not hold it does nothing; and a scheduler that stops gives the lease up at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { createServiceContext } from '../src/services/service-context.ts';
import {
  claimLease,
  leaseHolder,
  releaseLease,
  SCHEDULER_LEASE,
  startScheduler,
} from '../src/services/scheduled-jobs.ts';

for (const target of testDatabases()) {
  describe(`scheduled jobs' lease on ${target.label}`, { skip: target.skip }, () => {
    test('one holder at a time: renewed by it, taken by another only when lapsed or released', async () => {
      const tdb = await target.create();
      try {
        let clock = Date.parse('2026-12-01T10:00:00Z');
        const ctx = createServiceContext(tdb.dialect, { now: () => new Date(clock) });
        assert.equal(await claimLease(ctx, 'job', 'a', 3000), true);
        assert.equal(await claimLease(ctx, 'job', 'b', 3000), false, 'held by a');
        clock += 2000;
        assert.equal(await claimLease(ctx, 'job', 'a', 3000), true, 'a renews');
        clock += 2000;
        assert.equal(await claimLease(ctx, 'job', 'b', 3000), false, 'renewed: still held by a');
        assert.equal(await leaseHolder(ctx, 'job'), 'a');
        clock += 1500;
        assert.equal(await leaseHolder(ctx, 'job'), null, 'lapsed');
        assert.equal(await claimLease(ctx, 'job', 'b', 3000), true, 'b takes the lapsed lease');
        assert.equal(await claimLease(ctx, 'job', 'a', 3000), false);
        await releaseLease(ctx, 'job', 'a');
        assert.equal(await leaseHolder(ctx, 'job'), 'b', 'a cannot release what b holds');
        await releaseLease(ctx, 'job', 'b');
        assert.equal(await claimLease(ctx, 'job', 'a', 3000), true, 'released: taken at once');
        // Two claims at the same moment: exactly one wins.
        await releaseLease(ctx, 'job', 'a');
        const both = await Promise.all([claimLease(ctx, 'race', 'x', 3000), claimLease(ctx, 'race', 'y', 3000)]);
        assert.deepEqual(both.filter(Boolean).length, 1, JSON.stringify(both));
      } finally {
        await tdb.drop();
      }
    });

    test('two schedulers: only the leader runs the jobs; when it stops, the other takes over', async () => {
      const tdb = await target.create();
      try {
        const ctx = createServiceContext(tdb.dialect);
        const ran: string[] = [];
        const scheduler = (name: string) =>
          startScheduler(ctx, {
            intervalS: 3600,
            jobs: [{ name: 'count', run: async () => void ran.push(name) }],
            onError: (job, err) => assert.fail(`${job}: ${(err as Error).message}`),
          });
        const first = scheduler('first');
        const second = scheduler('second');
        try {
          assert.equal(await first.runOnce(), true);
          assert.equal(await second.runOnce(), false);
          assert.equal(await first.runOnce(), true);
          // (Each scheduler's own first round, a second after it starts, may add to these.)
          assert.ok(ran.length >= 2 && ran.every((r) => r === 'first'), ran.join());
          await first.stop();
          assert.equal(await leaseHolder(ctx, SCHEDULER_LEASE), null, 'given up on stopping');
          assert.equal(await second.runOnce(), true);
          assert.equal(ran.at(-1), 'second');
        } finally {
          await first.stop();
          await second.stop();
        }
      } finally {
        await tdb.drop();
      }
    });
  });
}
