// The chair's casting vote on the console when members' ballots tie (issue 12, item 3): the close
// shuts the ballot box with the final count (`vote.tied`), and the console asks for the casting
// vote — also after a reload, since the tie is in the record. Runs on SQLite in Chromium.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../support/databases.ts';
import { councilWithMembers, sittingWithMotion, type Harness } from '../support/test-app.ts';
import { browserSkipReason } from '../support/browser.ts';
import { browserSuite, openLive, pageErrors, signInTo } from './screens.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;

describe('the casting vote after a tie, in Chromium (SQLite)', { skip: browserSkipReason() }, () => {
  const suite = browserSuite(sqlite);
  const context = suite.context;
  let h: Harness;
  let base: string;
  before(() => {
    ({ h, base } = suite);
  });

  test("a tie of members' ballots closes the ballot box, and the console asks the chair for the casting vote", async () => {
    const c = await councilWithMembers(h, 'browser-tie', 3, { rules: 'uk-lga-1972' });
    const { sittingId, motionId } = await sittingWithMotion(h, c);
    const api = `/api/v1/bodies/browser-tie`;
    const voteId = (await c.clerk.request('POST', `${api}/votes`, { motionId, method: 'secret_electronic' })).json()
      .id as number;
    assert.equal(
      (await c.members[0]!.request('POST', `${api}/votes/${voteId}/ballots`, { choice: 'yes' })).statusCode,
      201,
    );
    assert.equal(
      (await c.members[1]!.request('POST', `${api}/votes/${voteId}/ballots`, { choice: 'no' })).statusCode,
      201,
    );
    const chair = await openLive(
      await signInTo(await context(), base, c.chair.username, `/browser-tie/sittings/${sittingId}/console`),
    );
    await chair.click('.close-vote');
    await chair.waitForSelector('.casting-prompt');
    await chair.waitForSelector('.current-vote[data-status="tied"]', { timeout: 5000 });
    const tied = await h.db.dialect.db
      .selectFrom('votes')
      .select(['status', 'yes', 'no'])
      .where('id', '=', voteId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(tied, { status: 'tied', yes: 1, no: 1 });
    // A reload still asks: the tie is in the record, not only in the page.
    await chair.reload();
    await openLive(chair);
    await chair.waitForSelector('.casting-prompt');
    await chair.click('.casting-prompt .primary-button');
    await chair.waitForSelector('.current-vote[data-status="closed"] .live-outcome[data-adopted="true"]', {
      timeout: 5000,
    });
    const v = await h.db.dialect.db
      .selectFrom('votes')
      .select(['status', 'casting_vote'])
      .where('id', '=', voteId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(v, { status: 'closed', casting_vote: 'yes' });
    assert.deepEqual(pageErrors(chair.context()), []);
  });
});
