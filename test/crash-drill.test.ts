// The short crash drill inside `npm test`: 20 SIGKILL cycles per database in CI, 3 on a laptop.
// The full drill (100 cycles) is `npm run drill:crash`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { runCrashDrill } from './drills/crash-drill.ts';

const cycles = Number(process.env.QUORATE_DRILL_CYCLES ?? (process.env.CI === 'true' ? 20 : 3));

for (const target of testDatabases()) {
  describe(`crash drill on ${target.label}`, { skip: target.skip }, () => {
    test(`${cycles} cycles of SIGKILL under ballot load lose no acknowledged ballot and fork nothing`, {
      timeout: 30 * 60_000,
    }, async () => {
      const report = await runCrashDrill({ cycles, postgres: target.label === 'postgres', members: 30 });
      assert.equal(report.cycles, cycles);
      assert.ok(report.acknowledged > 0, 'some ballots were acknowledged before the kills');
      assert.equal(report.checkpoints, cycles);
    });
  });
}
