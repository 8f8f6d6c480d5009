// Live updates over SSE, on every database: the state a screen needs, each entry once, resumable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { connectSse } from './support/sse-client.ts';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { LiveHub } from '../src/services/live/live-hub.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { entriesBySitting } from '../src/db/migrations/034-entries-by-sitting.ts';
import type { WireJson } from './support/json.ts';

/** Counts the rows that queries touching the `entries` table return. */
class EntryRowCounter implements KyselyPlugin {
  rows = 0;
  readonly #marked = new WeakSet<object>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (JSON.stringify(args.node).includes('"name":"entries"')) this.#marked.add(args.queryId);
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#marked.has(args.queryId)) this.rows += args.result.rows.length;
    return args.result;
  }
}

for (const target of testDatabases()) {
  describe(`live sitting events on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let base: string;
    before(async () => {
      h = await startHarness(target);
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      await h?.close();
    });

    test('a viewer gets the state, then each entry of the sitting with the state after it', async () => {
      const c = await councilWithMembers(h, 'live-a', 3);
      const { sittingId, motionId, base: api } = await sittingWithMotion(h, c, { present: [] });
      const sse = await connectSse(`${base}/live/live-a/sittings/${sittingId}/events`);
      try {
        const first = await sse.waitFor((e) => e.event === 'state');
        assert.equal(first.data.state.quorum.present, 0);
        assert.equal(first.data.state.quorum.quorate, false);
        for (const id of c.memberIds.slice(0, 2))
          await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
        await c.members[2]!.request('POST', `${api}/sittings/${sittingId}/attest`);
        const attested = await sse.waitFor((e) => e.data.type === 'attendance.attested');
        assert.equal(attested.data.state.quorum.present, 3);
        assert.equal(attested.data.state.quorum.attested, 1);
        assert.equal(attested.data.state.quorum.quorate, true);
        const voteId = (await c.clerk.request('POST', `${api}/votes`, { motionId, method: 'electronic' })).json().id;
        await c.members[0]!.request('POST', `${api}/votes/${voteId}/ballots`, { choice: 'yes' });
        const ballot = await sse.waitFor((e) => e.data.type === 'ballot.received');
        assert.equal(ballot.data.state.vote.turnout, 1);
        assert.equal(ballot.data.state.vote.counts, null, 'no partial results');
        await c.members[1]!.request('POST', `${api}/votes/${voteId}/ballots`, { choice: 'yes' });
        await c.clerk.request('POST', `${api}/votes/${voteId}/close`, {});
        const closed = await sse.waitFor((e) => e.data.type === 'vote.closed');
        assert.equal(closed.data.state.vote.outcome.adopted, true);
        assert.deepEqual(closed.data.state.vote.counts, { yes: 2, no: 0, abstain: 0 });
        // Each event's id is its log index, strictly increasing, none twice.
        const ids = sse.events.map((e) => Number(e.id));
        assert.deepEqual(
          ids,
          [...new Set(ids)].sort((a, b) => a - b),
        );
      } finally {
        sse.close();
      }
    });

    test('a viewer that reconnects with Last-Event-ID gets exactly what it missed', async () => {
      const c = await councilWithMembers(h, 'live-b', 4);
      const { sittingId, base: api } = await sittingWithMotion(h, c, { present: [] });
      // Another sitting's entries must not leak into this one's stream.
      const other = (await c.clerk.request('POST', `${api}/sittings`, { title: 'Other', date: '2026-11-30' })).json()
        .id;
      const sse = await connectSse(`${base}/live/live-b/sittings/${sittingId}/events`);
      await sse.waitFor((e) => e.event === 'state');
      await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${c.memberIds[0]}`, { status: 'present' });
      const seen = await sse.waitFor((e) => e.data.type === 'attendance.marked');
      sse.close();
      const missed: number[] = [];
      for (const id of c.memberIds.slice(1)) {
        missed.push(
          (await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' })).json()
            .entryIndex,
        );
        await c.clerk.request('POST', `${api}/sittings/${other}/agenda`, { title: 'elsewhere' });
      }
      const again = await connectSse(`${base}/live/live-b/sittings/${sittingId}/events`, {
        'last-event-id': String(seen.id),
      });
      try {
        await again.waitFor((e) => Number(e.id) === missed.at(-1));
        await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${c.memberIds[0]}`, { status: 'absent' });
        const live = await again.waitFor((e) => e.data.type === 'attendance.marked' && e.data.data.status === 'absent');
        assert.deepEqual(
          again.events.map((e) => Number(e.id)),
          [...missed, Number(live.id)],
        );
        assert.equal(live.data.state.quorum.present, 3);
      } finally {
        again.close();
      }
      const bad = await h.app.inject({ url: `/live/live-b/sittings/999999/events` });
      assert.equal(bad.statusCode, 404);
    });

    test("a resuming viewer reads only its sitting's entries, a page at a time, and gets exactly those after its Last-Event-ID", async () => {
      const c = await councilWithMembers(h, 'live-replay', 3);
      const { sittingId, motionId, base: api } = await sittingWithMotion(h, c, { present: [] });
      const other = (await c.clerk.request('POST', `${api}/sittings`, { title: 'Other', date: '2026-11-30' })).json()
        .id;
      // Much of the log is about another sitting; this sitting's entries include a vote's, which name only the vote.
      for (let i = 0; i < 40; i++)
        await c.clerk.request('POST', `${api}/sittings/${other}/agenda`, { title: `elsewhere ${i}` });
      for (const id of c.memberIds) {
        await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
        await c.clerk.request('POST', `${api}/sittings/${other}/agenda`, { title: 'between' });
      }
      const voteId = (await c.clerk.request('POST', `${api}/votes`, { motionId, method: 'electronic' })).json().id;
      for (const m of c.members)
        assert.equal((await m.request('POST', `${api}/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode, 201);
      await c.clerk.request('POST', `${api}/votes/${voteId}/close`, {});
      for (let i = 0; i < 40; i++)
        await c.clerk.request('POST', `${api}/sittings/${other}/agenda`, { title: `after ${i}` });
      // What the sitting's stream should carry, worked out here from the whole log.
      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', 'live-replay')
        .executeTakeFirstOrThrow();
      const votes = new Map(
        (
          await h.db.dialect.db
            .selectFrom('votes')
            .select(['id', 'sitting_id'])
            .where('body_id', '=', body.id)
            .execute()
        ).map((v) => [v.id, v.sitting_id]),
      );
      const all = await h.db.dialect.db
        .selectFrom('entries')
        .select(['idx', 'bytes'])
        .where('body_id', '=', body.id)
        .orderBy('idx')
        .execute();
      const ours = all
        .filter((r) => {
          const d = decodeEntry(new Uint8Array(r.bytes)).data as Record<string, WireJson>;
          return (
            d.sitting === sittingId ||
            (typeof d.vote === 'number' && d.sitting === undefined && votes.get(d.vote) === sittingId)
          );
        })
        .map((r) => r.idx);
      assert.ok(
        ours.length >= 3 + 1 + 3 + 1 && all.length > 3 * ours.length,
        `${ours.length} of ${all.length} entries are this sitting's`,
      );
      for (const pageSize of [500, 3]) {
        for (const from of [-1, ours[4]!]) {
          const counter = new EntryRowCounter();
          const dialect = {
            ...h.ctx.dialect,
            db: h.ctx.dialect.db.withPlugin(counter),
            reader: h.ctx.dialect.reader.withPlugin(counter),
          };
          const hub = new LiveHub({ ...h.ctx, dialect }, { replayPageSize: pageSize });
          const frames: string[] = [];
          const sub = hub.subscribe(
            body.id,
            sittingId,
            {
              write: (f) => {
                frames.push(f);
                return true;
              },
              close: () => {},
            },
            from,
          );
          await sub.ready;
          sub.remove();
          const ids = frames.map((f) => Number(/^id: (-?\d+)/.exec(f)![1]));
          const expected = ours.filter((i) => i > from);
          assert.deepEqual(ids, expected, `page size ${pageSize}, from ${from}`);
          assert.equal(
            counter.rows,
            expected.length,
            `rows read from entries (page size ${pageSize}, from ${from}): only the sitting's`,
          );
          assert.deepEqual(hub.stats(), { viewers: 0, sittings: 0, bodies: 0, timers: 0 });
        }
      }
    });

    test('migration 034 indexes the entries recorded before it exactly as new entries are indexed', async () => {
      const db = h.ctx.dialect.db;
      const key = (r: { body_id: number; sitting_id: number; idx: number }) => `${r.body_id}/${r.sitting_id}/${r.idx}`;
      const written = (await db.selectFrom('sitting_entries').selectAll().execute()).map(key).sort();
      assert.ok(written.length > 50);
      await db.schema.dropTable('sitting_entries').execute();
      await entriesBySitting(h.ctx.dialect).up(db);
      const backfilled = (await db.selectFrom('sitting_entries').selectAll().execute()).map(key).sort();
      assert.deepEqual(backfilled, written);
    });
  });
}
