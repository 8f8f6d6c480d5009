// Live updates over SSE, on every database: the state a screen needs, each entry once, resumable.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, sittingWithMotion, startHarness, type Harness } from './support/test-app.ts';
import { connectSse } from './support/sse-client.ts';

for (const target of testDatabases()) {
  describe(`live sitting events on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let base: string;
    before(async () => {
      h = await startHarness(target);
      base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => { await h?.close(); });

    test('a viewer gets the state, then each entry of the sitting with the state after it', async () => {
      const c = await councilWithMembers(h, 'live-a', 3);
      const { sittingId, motionId, base: api } = await sittingWithMotion(h, c, { present: [] });
      const sse = await connectSse(`${base}/live/live-a/sittings/${sittingId}/events`);
      try {
        const first = await sse.waitFor((e) => e.event === 'state');
        assert.equal(first.data.state.quorum.present, 0);
        assert.equal(first.data.state.quorum.quorate, false);
        for (const id of c.memberIds.slice(0, 2)) await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
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
        assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b));
      } finally {
        sse.close();
      }
    });

    test('a viewer that reconnects with Last-Event-ID gets exactly what it missed', async () => {
      const c = await councilWithMembers(h, 'live-b', 4);
      const { sittingId, base: api } = await sittingWithMotion(h, c, { present: [] });
      // Another sitting's entries must not leak into this one's stream.
      const other = (await c.clerk.request('POST', `${api}/sittings`, { title: 'Other', date: '2026-11-30' })).json().id;
      const sse = await connectSse(`${base}/live/live-b/sittings/${sittingId}/events`);
      await sse.waitFor((e) => e.event === 'state');
      await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${c.memberIds[0]}`, { status: 'present' });
      const seen = await sse.waitFor((e) => e.data.type === 'attendance.marked');
      sse.close();
      const missed: number[] = [];
      for (const id of c.memberIds.slice(1)) {
        missed.push((await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' })).json().entryIndex);
        await c.clerk.request('POST', `${api}/sittings/${other}/agenda`, { title: 'elsewhere' });
      }
      const again = await connectSse(`${base}/live/live-b/sittings/${sittingId}/events`, { 'last-event-id': String(seen.id) });
      try {
        await again.waitFor((e) => Number(e.id) === missed.at(-1));
        await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${c.memberIds[0]}`, { status: 'absent' });
        const live = await again.waitFor((e) => e.data.type === 'attendance.marked' && e.data.data.status === 'absent');
        assert.deepEqual(again.events.map((e) => Number(e.id)), [...missed, Number(live.id)]);
        assert.equal(live.data.state.quorum.present, 3);
      } finally {
        again.close();
      }
      const bad = await h.app.inject({ url: `/live/live-b/sittings/999999/events` });
      assert.equal(bad.statusCode, 404);
    });
  });
}
