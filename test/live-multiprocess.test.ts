// Two server processes on one PostgreSQL: a ballot cast through one appears live on a viewer of
// the other, and killing the listener's connection loses no event.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { httpClient, twoServersOnDemo, terminateListeners } from './support/serve-process.ts';
import { connectSse } from './support/sse-client.ts';

const postgres = testDatabases().find((t) => t.label === 'postgres')!;

describe('live events across two processes on PostgreSQL', { skip: postgres.skip }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('a ballot through A is seen live on B, also after B loses its LISTEN connection', async () => {
    const { db, baseA, baseB, account } = await twoServersOnDemo(cleanups);

    const clerk = httpClient(baseA);
    await clerk.signIn(account('clerk').username, account('clerk').password);
    const member = httpClient(baseA);
    await member.signIn(account('member').username, account('member').password);
    const api = '/api/v1/bodies/smolninskoye';
    const members = (await clerk.request('GET', `${api}/members`)).json.items as Array<{
      memberId: number;
      name: { en: string } | null;
    }>;
    const yuferev = members.find((m) => m.name?.en === 'Nikita Yuferev')!.memberId;
    const sitting = (await clerk.request('POST', `${api}/sittings`, { title: 'Live sitting', date: '2026-11-29' })).json
      .id;
    await clerk.request('POST', `${api}/sittings/${sitting}/open`);

    const sse = await connectSse(`${baseB}/live/smolninskoye/sittings/${sitting}/events`);
    cleanups.push(async () => sse.close());
    await sse.waitFor((e) => e.event === 'state');
    const attest = await member.request('POST', `${api}/sittings/${sitting}/attest`);
    assert.equal(attest.status, 200, JSON.stringify(attest.json));
    await sse.waitFor((e) => e.data.type === 'attendance.attested');
    for (const m of members.filter((x) => x.memberId !== yuferev).slice(0, 10)) {
      await clerk.request('PUT', `${api}/sittings/${sitting}/attendance/${m.memberId}`, { status: 'present' });
    }
    const motion = (
      await clerk.request('POST', `${api}/motions`, {
        sittingId: sitting,
        kind: 'ordinary',
        title: 'A motion',
        text: 'Text',
      })
    ).json.id;
    const vote = (await clerk.request('POST', `${api}/votes`, { motionId: motion, method: 'electronic' })).json.id;
    const ballot = await member.request('POST', `${api}/votes/${vote}/ballots`, { choice: 'yes' });
    assert.equal(ballot.status, 201, JSON.stringify(ballot.json));
    const seen = await sse.waitFor((e) => e.data.type === 'ballot.received');
    assert.equal(Number(seen.id), ballot.json.entryIndex);
    assert.equal(seen.data.state.vote.turnout, 1);

    // Cut every LISTEN connection, as a network fault would, and write at once through A.
    assert.ok((await terminateListeners(db.url)) >= 2, 'both processes were listening');
    const closed = await clerk.request('POST', `${api}/votes/${vote}/close`, {});
    assert.equal(closed.status, 200, JSON.stringify(closed.json));
    const outcome = await sse.waitFor((e) => e.data.type === 'vote.closed', 10_000);
    assert.equal(outcome.data.state.vote.outcome.adopted, true, 'ru-131fz ordinary: 1 yes of 1 taking part');
    assert.deepEqual(outcome.data.state.vote.counts, { yes: 1, no: 0, abstain: 0 });
    const ids = sse.events.map((e) => Number(e.id));
    assert.deepEqual(
      ids,
      [...new Set(ids)].sort((x, y) => x - y),
      'no event twice, in log order',
    );
  });
});
