import { test } from 'node:test';
import assert from 'node:assert/strict';
import { termProblem, type TermDates } from './term-dates.ts';
import { isMandateEndReason, MANDATE_END_REASONS } from './mandate-end.ts';

const T = (startsOn: string, endsOn: string | null = null): TermDates => ({ startsOn, endsOn });

test('a term follows the previous one, or says why it cannot', () => {
  const rows: Array<[TermDates | null, TermDates, ReturnType<typeof termProblem>]> = [
    [null, T('2024-09-20', '2029-09-19'), null],
    [null, T('2024-09-20'), null],
    [T('2019-09-20', '2024-09-19'), T('2024-09-20'), null],
    [T('2019-09-20', '2024-09-19'), T('2024-09-19'), 'overlaps_previous'],
    [T('2019-09-20', '2024-09-19'), T('2020-01-01'), 'overlaps_previous'],
    [T('2019-09-20'), T('2024-09-20'), 'previous_term_open'],
    [null, T('2024-09-20', '2024-09-19'), 'ends_before_start'],
    [null, T('2024-09-20', '2024-09-20'), null],
    [null, T('2024'), 'invalid_date'],
    [null, T('2024-02-30'), 'invalid_date'],
    [null, T('2024-09-20', 'soon'), 'invalid_date'],
    [null, T(' 2024-09-20'), 'invalid_date'],
  ];
  for (const [previous, next, expected] of rows)
    assert.equal(termProblem(previous, next), expected, JSON.stringify([previous, next]));
});

test('mandate end reasons are a closed list', () => {
  for (const r of MANDATE_END_REASONS) assert.ok(isMandateEndReason(r));
  for (const r of ['', 'Resigned', 'fired', null, 1, 'term_ended ']) assert.ok(!isMandateEndReason(r), String(r));
});
