// The rules of factions: days, a membership within the faction's life and the member's mandate
// (a mandate known to a month is compared at that precision), one faction at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  coversDay,
  dissolutionProblem,
  foundingProblem,
  joinProblem,
  leaveProblem,
  mandateCovers,
} from './faction-dates.ts';

const life = { foundedOn: '2022-10-01', dissolvedOn: null };
const anyMandate = { startsOn: null, endsOn: null };

test('founding: calendar days, dissolved on or after founded', () => {
  assert.equal(foundingProblem(life), null);
  assert.equal(foundingProblem({ foundedOn: '2022-10', dissolvedOn: null }), 'invalid_date');
  assert.equal(foundingProblem({ foundedOn: '2022-02-30', dissolvedOn: null }), 'invalid_date');
  assert.equal(foundingProblem({ foundedOn: '2022-10-01', dissolvedOn: '2022-09-30' }), 'dissolved_before_founded');
});

test('joining: within the life, within the mandate, one faction at a time', () => {
  const join = (joinsOn: string, leavesOn: string | null = null) => ({ faction: 1, joinsOn, leavesOn });
  assert.equal(joinProblem(life, anyMandate, [], join('2022-10-01')), null);
  assert.equal(joinProblem(life, anyMandate, [], join('2022-09-30')), 'outside_faction_life');
  assert.equal(joinProblem(life, anyMandate, [], join('2022-10-05', '2022-10-04')), 'leaves_before_joining');
  assert.equal(joinProblem(life, anyMandate, [], join('2022-1-05')), 'invalid_date');
  const dissolved = { foundedOn: '2022-10-01', dissolvedOn: '2023-01-31' };
  assert.equal(
    joinProblem(dissolved, anyMandate, [], join('2022-11-01')),
    'outside_faction_life',
    'must leave by dissolution',
  );
  assert.equal(joinProblem(dissolved, anyMandate, [], join('2022-11-01', '2023-01-31')), null);
  // A mandate known to a month: any day of that month may hold; the day before it may not.
  const september = { startsOn: '2022-10', endsOn: '2023-03' };
  assert.equal(joinProblem(life, september, [], join('2022-10-01', '2023-03-31')), null);
  assert.equal(joinProblem(life, { startsOn: '2022-10-02', endsOn: null }, [], join('2022-10-01')), 'outside_mandate');
  assert.equal(
    joinProblem(life, september, [], join('2022-10-01')),
    'outside_mandate',
    'an ended mandate needs a leaving day',
  );
  assert.equal(joinProblem(life, september, [], join('2022-10-01', '2023-04-01')), 'outside_mandate');
  // Another faction: the days may not touch (inclusive), an open one blocks everything after it.
  const other = { faction: 2, joinsOn: '2022-10-01', leavesOn: '2022-12-31' };
  assert.equal(joinProblem(life, anyMandate, [other], join('2022-12-31')), 'faction_overlap');
  assert.equal(joinProblem(life, anyMandate, [other], join('2023-01-01')), null);
  assert.equal(joinProblem(life, anyMandate, [{ ...other, leavesOn: null }], join('2024-01-01')), 'faction_overlap');
  assert.equal(joinProblem(life, anyMandate, [other], join('2022-10-01', '2022-10-02')), 'faction_overlap');
});

test('leaving and dissolving', () => {
  const open = { faction: 1, joinsOn: '2022-10-10', leavesOn: null };
  assert.equal(leaveProblem(life, anyMandate, open, '2022-10-10'), null);
  assert.equal(leaveProblem(life, anyMandate, open, '2022-10-09'), 'leaves_before_joining');
  assert.equal(leaveProblem(life, anyMandate, null, '2022-10-10'), 'not_in_faction');
  assert.equal(leaveProblem(life, anyMandate, { ...open, leavesOn: '2022-11-01' }, '2022-12-01'), 'not_in_faction');
  assert.equal(leaveProblem(life, { startsOn: null, endsOn: '2022-11-15' }, open, '2022-11-16'), 'outside_mandate');
  const stint = { ...open, mandate: anyMandate };
  assert.equal(dissolutionProblem(life, '2023-01-01', [stint]), null);
  assert.equal(dissolutionProblem(life, '2022-10-09', [stint]), 'outside_faction_life');
  assert.equal(dissolutionProblem(life, '2022-09-01', []), 'dissolved_before_founded');
  assert.equal(dissolutionProblem({ ...life, dissolvedOn: '2023-01-01' }, '2023-02-01', []), 'already_dissolved');
  assert.equal(
    dissolutionProblem(life, '2023-01-01', [{ ...stint, mandate: { startsOn: null, endsOn: '2022-12' } }]),
    'outside_mandate',
  );
  assert.ok(coversDay({ joinsOn: '2022-10-01', leavesOn: '2022-10-01' }, '2022-10-01'));
  assert.ok(!coversDay({ joinsOn: '2022-10-01', leavesOn: '2022-10-01' }, '2022-10-02'));
  assert.ok(mandateCovers({ startsOn: '2022', endsOn: null }, '2022-01-01'));
  assert.ok(!mandateCovers({ startsOn: null, endsOn: '2022-05' }, '2022-06-01'));
});
