import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyDecisionEvents,
  decideDecisionEvent,
  type DecisionEvent,
  type DecisionFacts,
  type DecisionStatus,
} from './decision-life.ts';

const facts: DecisionFacts = {
  id: 1,
  adoptedOn: '2022-09-07',
  inForceOnAdoption: false,
  hasVetoOverride: true,
  votes: new Map([
    [10, { majority: 'veto_override', adopted: true, on: '2022-10-05' }],
    [11, { majority: 'ordinary', adopted: true, on: '2022-10-05' }],
    [12, { majority: 'veto_override', adopted: false, on: '2022-10-05' }],
    [13, { majority: 'veto_override', adopted: true, on: '2022-09-01' }],
  ]),
  decisions: new Map([
    [2, { adoptedOn: '2023-02-01' }],
    [3, { adoptedOn: '2024-05' }],
  ]),
};

const ev = (type: DecisionEvent['type'], on: string, more: Partial<DecisionEvent> = {}): DecisionEvent => ({
  type,
  on,
  ...more,
});
const sent = ev('sent_for_signature', '2022-09-08');
const veto = ev('vetoed', '2022-09-15', { reasons: 'the sitting was not valid', by: 'the head' });
const override = ev('veto_overridden', '2022-10-05', { vote: 10 });
const signed = ev('signed', '2022-10-10');
const published = ev('published', '2022-10', { place: 'bulletin', bulletin: 'Вестник', issue: '12' });
const inForce = ev('in_force', '2022-11-01');
const amended = ev('amended', '2023-02-03', { decision: 2 });
const repealed = ev('repealed', '2024-05-20', { decision: 3 });

test('every transition of the story, with the derived status and its date at each step', () => {
  const rows: Array<[DecisionEvent, DecisionStatus, string]> = [
    [sent, 'awaiting_signature', '2022-09-08'],
    [veto, 'vetoed', '2022-09-15'],
    [override, 'veto_overridden', '2022-10-05'],
    [signed, 'signed', '2022-10-10'],
    [published, 'published', '2022-10'],
    [ev('published', '2022-10-20', { place: 'website', url: 'https://example.org/d/1' }), 'published', '2022-10'],
    [inForce, 'in_force', '2022-11-01'],
    [ev('protested', '2022-12', { by: 'the district prosecutor' }), 'in_force', '2022-11-01'],
    [ev('challenged', '2022-12-10', { court: 'District court', caseNumber: 'A-1/2022' }), 'in_force', '2022-11-01'],
    [ev('suspended', '2022-12-12'), 'suspended', '2022-12-12'],
    [ev('upheld', '2023-01-10', { caseNumber: 'A-1/2022' }), 'suspended', '2022-12-12'],
    [ev('suspension_lifted', '2023-01-11'), 'in_force', '2023-01-11'],
    [amended, 'amended', '2023-02-03'],
    [ev('challenged', '2023-03-01', { court: 'District court', caseNumber: 'A-2/2023' }), 'amended', '2023-02-03'],
    [repealed, 'repealed', '2024-05-20'],
    [ev('annulled', '2024-06-01', { caseNumber: 'A-2/2023' }), 'annulled', '2024-06-01'],
  ];
  const done: DecisionEvent[] = [];
  assert.equal(applyDecisionEvents(facts, done).status, 'adopted');
  for (const [e, status, since] of rows) {
    done.push(e);
    const life = applyDecisionEvents(facts, done);
    assert.equal(life.status, status, `after ${e.type}`);
    assert.equal(life.since, since, `since, after ${e.type}`);
  }
  const life = applyDecisionEvents(facts, done);
  assert.deepEqual(life.amendedBy, [2]);
  assert.equal(life.repealedBy, 3);
  assert.equal(life.protested, true);
  assert.deepEqual(life.openCases, []);
});

test('impossible sequences are refused with a stable code', () => {
  const rows: Array<[string, DecisionEvent[], DecisionEvent, string]> = [
    ['in force before signed', [], ev('in_force', '2022-09-10'), 'not_signed_and_published'],
    ['in force signed, unpublished', [signed], ev('in_force', '2022-11-01'), 'not_signed_and_published'],
    ['published unsigned', [], published, 'not_signed'],
    ['signed twice', [signed], ev('signed', '2022-10-11'), 'already_signed'],
    ['signed after veto', [veto], signed, 'veto_pending'],
    ['sent after veto', [veto], sent, 'veto_pending'],
    ['sent twice', [sent], ev('sent_for_signature', '2022-09-09'), 'already_sent_for_signature'],
    ['veto after signing', [signed], ev('vetoed', '2022-10-11', { reasons: 'x' }), 'already_signed'],
    ['veto twice', [veto], ev('vetoed', '2022-09-16', { reasons: 'x' }), 'veto_pending'],
    ['veto after override', [veto, override], ev('vetoed', '2022-10-06', { reasons: 'x' }), 'veto_after_override'],
    ['override without veto', [], override, 'not_vetoed'],
    [
      'override, ordinary majority',
      [veto],
      ev('veto_overridden', '2022-10-05', { vote: 11 }),
      'override_vote_not_veto_override',
    ],
    ['override, vote failed', [veto], ev('veto_overridden', '2022-10-05', { vote: 12 }), 'override_vote_not_adopted'],
    ['override, unknown vote', [veto], ev('veto_overridden', '2022-10-05', { vote: 99 }), 'unknown_vote'],
    ['override, vote before veto', [veto], ev('veto_overridden', '2022-10-05', { vote: 13 }), 'dated_before_cause'],
    ['in force twice', [signed, published, inForce], ev('in_force', '2022-11-02'), 'already_in_force'],
    ['suspend before in force', [signed], ev('suspended', '2022-10-11'), 'not_in_force'],
    [
      'suspend twice',
      [signed, published, inForce, ev('suspended', '2022-12')],
      ev('suspended', '2022-12'),
      'already_suspended',
    ],
    ['lift unsuspended', [signed], ev('suspension_lifted', '2022-12'), 'not_suspended'],
    ['amend unsigned', [], amended, 'not_signed'],
    ['amend by itself', [signed], ev('amended', '2023-02-03', { decision: 1 }), 'self_reference'],
    ['amend by unknown', [signed], ev('amended', '2023-02-03', { decision: 77 }), 'unknown_decision'],
    ['amended before the amending decision', [signed], ev('amended', '2023-01', { decision: 2 }), 'dated_before_cause'],
    ['anything after repeal', [signed, repealed], ev('published', '2024-06', { place: 'other' }), 'decision_ended'],
    [
      'challenge after repeal',
      [signed, repealed],
      ev('challenged', '2024-06', { court: 'c', caseNumber: '1' }),
      'decision_ended',
    ],
    ['ruling without case', [], ev('annulled', '2023-01', { caseNumber: 'A-9' }), 'no_open_challenge'],
    [
      'same case twice',
      [ev('challenged', '2022-10', { court: 'c', caseNumber: 'A' })],
      ev('challenged', '2022-11', { court: 'c', caseNumber: 'A' }),
      'challenge_already_open',
    ],
    [
      'ruling before the case',
      [ev('challenged', '2022-10', { court: 'c', caseNumber: 'A' })],
      ev('upheld', '2022-09-30', { caseNumber: 'A' }),
      'dated_before_cause',
    ],
    ['before adoption', [], ev('sent_for_signature', '2022-09-06'), 'dated_before_cause'],
    ['signed before sent', [sent], ev('signed', '2022-09-07'), 'dated_before_cause'],
    ['in force before published', [signed, published], ev('in_force', '2022-09-30'), 'dated_before_cause'],
    ['veto with no reasons', [], ev('vetoed', '2022-09-15'), 'invalid_decision_event'],
    ['bad date', [], ev('signed', '2022-13'), 'invalid_decision_event'],
    ['field of another type', [], ev('signed', '2022-10', { court: 'x' }), 'invalid_decision_event'],
    ['website without address', [signed], ev('published', '2022-10', { place: 'website' }), 'invalid_decision_event'],
    ['challenge without court', [], ev('challenged', '2022-10', { caseNumber: 'A' }), 'invalid_decision_event'],
  ];
  for (const [name, before, next, code] of rows) {
    const answer = decideDecisionEvent(facts, before, next);
    assert.equal(answer.ok ? 'accepted' : answer.code, code, name);
  }
});

test('a partial date is ordered as its whole range: "2022-09" may follow "2022-09-07", never "2022-10-01"', () => {
  assert.equal(decideDecisionEvent(facts, [sent], ev('signed', '2022-09')).ok, true);
  assert.equal(decideDecisionEvent(facts, [sent], ev('signed', '2022')).ok, true);
  const late = decideDecisionEvent({ ...facts, adoptedOn: '2022-10-01' }, [], ev('signed', '2022-09'));
  assert.equal(late.ok ? 'accepted' : late.code, 'dated_before_cause');
});

test('no veto_override majority in the rules: an override is refused', () => {
  const answer = decideDecisionEvent({ ...facts, hasVetoOverride: false }, [veto], override);
  assert.equal(answer.ok ? 'accepted' : answer.code, 'veto_override_not_in_rules');
});

test('"in force on adoption": in force from the day of adoption, published without a signature', () => {
  const onAdoption = { ...facts, inForceOnAdoption: true };
  const life = applyDecisionEvents(onAdoption, []);
  assert.deepEqual([life.status, life.since], ['in_force', '2022-09-07']);
  const published2 = ev('published', '2022-09-09', { place: 'website', url: 'https://example.org/x' });
  assert.equal(applyDecisionEvents(onAdoption, [published2]).status, 'in_force');
  const again = decideDecisionEvent(onAdoption, [], ev('in_force', '2022-09-08'));
  assert.equal(again.ok ? 'accepted' : again.code, 'already_in_force');
  assert.equal(applyDecisionEvents(onAdoption, [ev('suspended', '2022-09-10')]).status, 'suspended');
});

test('an "in force from" still to come leaves the status as it was until the day comes', () => {
  const events = [signed, published, ev('in_force', '2023-01-01')];
  const before = applyDecisionEvents(facts, events, '2022-12-31');
  assert.deepEqual([before.status, before.since], ['published', '2022-10']);
  assert.equal(before.timeline[2]!.pending, true);
  const after = applyDecisionEvents(facts, events, '2023-01-01');
  assert.deepEqual([after.status, after.since], ['in_force', '2023-01-01']);
});

test('amended before it came into force: status "amended" from the day it comes into force', () => {
  const life = applyDecisionEvents(facts, [signed, ev('amended', '2023-02-02', { decision: 2 }), published, inForce]);
  assert.deepEqual([life.status, life.since], ['amended', '2022-11-01']);
});
