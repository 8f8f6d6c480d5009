// Secret ballots keep no member↔choice link (DESIGN.md, "The record log"; issue 9, "Secret
// ballots"), on every database. The proof is a twin run: the same council votes twice, once with
// the choices dealt one way and once permuted among the members (same totals), with the clock and
// the randomness fixed. Afterwards EVERY table — all rows, all columns, in the order the database
// returns them — the log's bytes, and the server's own log output are identical between the two
// runs. Whatever is stored after the vote cannot then tell who chose what: not a column, not row
// order, not an id, not a timestamp. Ballots arrive one at a time over HTTP and as one batch.
// What remains (an observer of the live disk between two lone ballots) is shown, then stated in
// docs/SECURITY.md.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { testDatabases, type TestTarget } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, type Harness } from './support/test-app.ts';
import { buildApp } from '../src/http/app.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { castBallots } from '../src/services/votes.ts';
import type { BallotChoice } from '../src/domain/ballots/commitment.ts';
import { loadActor } from '../src/services/accounts.ts';

const SLUG = 'secret';
const SEATS = 7;
/** The first four vote one at a time over HTTP, the last three in one batch. */
const ONE_AT_A_TIME = 4;
const DEAL_A: BallotChoice[] = ['yes', 'no', 'yes', 'abstain', 'no', 'yes', 'abstain'];
/** The same totals, dealt differently to each member (within both the lone and the batched part). */
const DEAL_B: BallotChoice[] = ['abstain', 'yes', 'no', 'yes', 'yes', 'abstain', 'no'];
const FIXED_NOW = new Date('2026-11-29T10:00:00.000Z');

interface Run {
  tables: Map<string, unknown[]>;
  logLines: string[];
  /** The vote row's yes/no/abstain read after each lone ballot, as an observer of the live disk would. */
  tallyAfterEach: Array<{ yes: number; no: number; abstain: number }>;
  memberIds: number[];
}

/** A deterministic stand-in for crypto randomness: the same bytes in the same order in both runs. */
function countingRandom() {
  let n = 0;
  return (size: number) => {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) out[i] = (n * 31 + i * 7 + 1) & 0xff;
    n++;
    return out;
  };
}

/** A row as plain JSON values: bytes as hex (a Buffer's toJSON would run before any replacer). */
const plainRow = (r: object) =>
  Object.fromEntries(
    Object.entries(r).map(([k, v]) => [
      k,
      v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v,
    ]),
  );

async function runSecretVote(target: TestTarget, keysDir: string, deal: BallotChoice[]): Promise<Run> {
  const db = await target.create();
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const runtime = createRuntime(db.dialect, {
    publicOrigin: 'https://council.example.org',
    keysDir,
    now: () => FIXED_NOW,
    randomBytes: countingRandom(),
  });
  runtime.integrator.onError = (err) => {
    throw err;
  };
  const app = await buildApp({ ctx: runtime.ctx, live: runtime.live, logger: { level: 'trace', stream } });
  const h: Harness = { db, ctx: runtime.ctx, runtime, keysDir, app, async close() {} };
  try {
    const c = await councilWithMembers(h, SLUG, SEATS);
    const { motionId, base } = await sittingWithMotion(h, c);
    const opened = await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'secret_electronic' });
    assert.equal(opened.statusCode, 201, opened.body);
    const voteId = opened.json().id as number;
    await runtime.settled();
    const tallyAfterEach: Run['tallyAfterEach'] = [];
    for (let i = 0; i < ONE_AT_A_TIME; i++) {
      const r = await c.members[i]!.request('POST', `${base}/votes/${voteId}/ballots`, { choice: deal[i] });
      assert.equal(r.statusCode, 201, r.body);
      await runtime.settled();
      const v = await db.dialect.db
        .selectFrom('votes')
        .select(['yes', 'no', 'abstain'])
        .where('id', '=', voteId)
        .executeTakeFirstOrThrow();
      tallyAfterEach.push({ yes: Number(v.yes), no: Number(v.no), abstain: Number(v.abstain) });
    }
    const batch = await Promise.all(
      c.members.slice(ONE_AT_A_TIME).map(async (m, j) => ({
        actor: await loadActor(db.dialect.db, m.userId),
        voteId,
        choice: deal[ONE_AT_A_TIME + j]!,
      })),
    );
    const results = await castBallots(runtime.ctx, SLUG, batch);
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results),
    );
    await runtime.settled();
    const closed = await c.clerk.request('POST', `${base}/votes/${voteId}/close`, {});
    assert.equal(closed.statusCode, 200, closed.body);
    await runtime.settled();
    // Every table, every row, every column, in the order the database hands them out.
    const tables = new Map<string, unknown[]>();
    for (const t of await db.dialect.db.introspection.getTables()) {
      let rows = (
        await db.dialect.db
          .selectFrom(t.name as 'votes')
          .selectAll()
          .execute()
      ).map(plainRow);
      // Account names come from the test's own counter (user1…, user11…), not from the vote.
      if (t.name === 'users') rows = rows.map((r) => ({ ...r, username: null, display_name: null }));
      // The checkpoint history says when the integrator happened to run (scheduling, not ballots);
      // the checkpoint it ends on commits to every entry and must match.
      if (t.name === 'log_checkpoints')
        rows = [...rows]
          .sort((x, y) => Number((x as { size: number }).size) - Number((y as { size: number }).size))
          .slice(-1);
      // The log's own order is its index, public by design; PostgreSQL's heap order of entries
      // varies with page reuse between runs, so entries are compared in index order.
      if (t.name === 'entries')
        rows = [...rows].sort((x, y) => Number((x as { idx: number }).idx) - Number((y as { idx: number }).idx));
      tables.set(t.name, rows);
    }
    return { tables, logLines, tallyAfterEach, memberIds: c.memberIds };
  } finally {
    await app.close();
    await runtime.close();
    await db.drop();
  }
}

/**
 * Log lines without the fields that measure the wall clock rather than the record, and without the
 * request id (random per request, so it differs between any two runs whatever the choices).
 */
const normalizeLog = (line: string) => {
  const o = JSON.parse(line) as Record<string, unknown>;
  delete o.time;
  delete o.responseTime;
  delete o.reqId;
  return JSON.stringify(o);
};

for (const target of testDatabases()) {
  describe(`secret ballots on ${target.label}`, { skip: target.skip }, () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'quorate-secret-keys-'));
    let a: Run;
    let b: Run;
    after(() => rmSync(keysDir, { recursive: true, force: true }));

    test('the twin runs: choices dealt two ways, the same totals', async () => {
      a = await runSecretVote(target, keysDir, DEAL_A);
      b = await runSecretVote(target, keysDir, DEAL_B);
      assert.notDeepEqual(DEAL_A, DEAL_B);
      assert.deepEqual([...DEAL_A].sort(), [...DEAL_B].sort());
      assert.deepEqual(a.memberIds, b.memberIds);
    });

    test('every table, all rows and columns, in stored order, is identical: nothing links a member to a choice', () => {
      assert.ok(
        a.tables.has('vote_turnout') && a.tables.has('entries') && a.tables.has('votes'),
        [...a.tables.keys()].join(', '),
      );
      assert.deepEqual([...a.tables.keys()].sort(), [...b.tables.keys()].sort());
      const differ = [...a.tables]
        .filter(([name, rows]) => JSON.stringify(b.tables.get(name)) !== JSON.stringify(rows))
        .map(([name]) => name);
      assert.deepEqual(
        differ,
        [],
        `tables that differ between the two deals carry something of who chose what: ${differ.join(', ')}`,
      );
      // The turnout rows and their entries name who voted, and nothing else.
      const turnout = a.tables.get('vote_turnout') as Array<Record<string, unknown>>;
      assert.equal(turnout.length, SEATS);
      assert.deepEqual(Object.keys(turnout[0]!).sort(), [
        'body_id',
        'client_ballot_id',
        'entry_index',
        'membership_id',
        'vote_id',
      ]);
      const entries = (a.tables.get('entries') as Array<{ bytes?: string }>).map(
        (e) =>
          JSON.parse(Buffer.from(String(e.bytes), 'hex').toString('utf8')) as {
            type: string;
            data: Record<string, unknown>;
          },
      );
      const secret = entries.filter((e) => e.type === 'ballot.secret_received');
      assert.equal(secret.length, SEATS);
      for (const e of secret) assert.deepEqual(Object.keys(e.data).sort(), ['member', 'vote']);
      assert.equal(entries.filter((e) => e.type === 'ballot.received').length, 0);
      const close = entries.find((e) => e.type === 'vote.closed');
      assert.ok(close, 'a close entry');
      assert.equal(close.data.ballots, null, "a secret vote's close entry reveals no ballots");
      assert.doesNotMatch(JSON.stringify(close.data), /"(choices|salt|commitment)"/);
    });

    test('the server log is identical too, and never names a choice', () => {
      assert.ok(a.logLines.length > 20, `only ${a.logLines.length} log lines captured`);
      assert.deepEqual(b.logLines.map(normalizeLog), a.logLines.map(normalizeLog));
      for (const line of a.logLines) assert.doesNotMatch(line, /"choice"|"(yes|abstain)"/, line);
    });

    test('what remains: reading the live tally between two lone ballots reveals each one (the threat model says so)', () => {
      // The vote row's totals move with each committed ballot. Someone who can read the database
      // (or its WAL / dead row versions) WHILE the vote is open sees which total moved after which
      // turnout row — docs/SECURITY.md states this and points to secret_paper.
      let before = { yes: 0, no: 0, abstain: 0 };
      a.tallyAfterEach.forEach((t, i) => {
        const moved = (['yes', 'no', 'abstain'] as const).filter((k) => t[k] !== before[k]);
        assert.deepEqual(moved, [DEAL_A[i]]);
        before = t;
      });
    });
  });
}
