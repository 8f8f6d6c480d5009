import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '../dates/civil-date.ts';
import type { AppealEvent } from './appeal-event.ts';
import { DEADLINE_PRESETS, deadlinePreset } from './deadline-rule.ts';
import type { AppealStatus } from './deadline-step.ts';
import { deriveAppealStatus } from './derive-appeal-status.ts';
import { renderDeadlineExplanation } from './render-deadline-explanation.ts';

const ru = deadlinePreset('ru-59fz');
const sentDuma: AppealEvent = { type: 'sent', on: '2022-09-07' };
const status = (events: AppealEvent[], today: string, rule = ru) => deriveAppealStatus({}, events, today, rule);

test('from draft to ignored as the calendar turns, with no scheduler', () => {
  // Sent 7 Sep 2022; registration assumed 7–10 Sep; due 7–10 Oct 2022, counted as 10 Oct.
  const rows: Array<[string, AppealStatus, Partial<ReturnType<typeof status>>]> = [
    ['2022-09-06', 'draft', { due: null }],
    ['2022-09-07', 'sent', { due: '2022-10-10', daysAwaiting: 0 }],
    ['2022-09-09', 'sent', { daysAwaiting: 2 }],
    ['2022-09-10', 'awaiting', { daysAwaiting: 3, daysLeft: 30 }],
    ['2022-10-10', 'awaiting', { daysLeft: 0 }],
    ['2022-10-11', 'overdue', { daysOverdue: 1, daysAwaiting: 34 }],
    ['2022-12-09', 'overdue', { daysOverdue: 60 }],
    ['2022-12-10', 'ignored', { daysOverdue: 61 }],
    [
      '2026-11-29',
      'ignored',
      { daysOverdue: 1511, daysAwaiting: 1544, earliestDue: '2022-10-07', latestDue: '2022-10-10' },
    ],
  ];
  for (const [today, expected, fields] of rows) {
    const r = status([sentDuma], today);
    assert.equal(r.status, expected, today);
    for (const [k, v] of Object.entries(fields)) assert.deepEqual(r[k as keyof typeof r], v, `${today} ${k}`);
  }
});

test('a recorded registration starts the clock at once and removes the range', () => {
  const r = status([sentDuma, { type: 'registered', on: '2022-09-09', reference: 'Вх-1' }], '2022-09-09');
  assert.equal(r.status, 'awaiting');
  assert.equal(r.due, '2022-10-10'); // 9 Oct is a Sunday
  assert.equal(r.earliestDue, undefined);
  // A delivery date leaves only the registration window.
  const d = status([sentDuma, { type: 'delivered', on: '2022-09-12' }], '2022-09-13');
  assert.deepEqual([d.status, d.earliestDue, d.latestDue], ['sent', '2022-10-12', '2022-10-17']);
});

test('extensions: counted when notified in time and within the rule; shown but not counted otherwise', () => {
  const base: AppealEvent[] = [sentDuma, { type: 'registered', on: '2022-09-09' }];
  const inTime = status(
    [...base, { type: 'extended', on: '2022-10-03', days: 30, notice: 'letter 12/3' }],
    '2022-10-20',
  );
  // Due Sunday 9 Oct → Monday 10 Oct; the 30 days run on from the Monday.
  assert.deepEqual([inTime.status, inTime.due], ['awaiting', '2022-11-09']);
  assert.ok(inTime.explanation.some((s) => s.kind === 'extension_notice' && s.counted));
  const late = status([...base, { type: 'extended', on: '2022-10-11', days: 30 }], '2022-10-20');
  assert.deepEqual([late.status, late.due], ['overdue', '2022-10-10']);
  assert.ok(late.explanation.some((s) => s.kind === 'extension_notice' && s.refused === 'after_due_date'));
  const tooLong = status([...base, { type: 'extended', on: '2022-10-01', days: 45 }], '2022-10-20');
  assert.equal(tooLong.due, '2022-10-10');
  assert.ok(tooLong.explanation.some((s) => s.kind === 'extension_notice' && s.refused === 'exceeds_rule'));
  const twice = status(
    [...base, { type: 'extended', on: '2022-10-01', days: 10 }, { type: 'extended', on: '2022-10-05', days: 10 }],
    '2022-10-20',
  );
  // 59-FZ art. 12(2) caps the total («не более чем на 30 дней»), not the number of notices:
  // both count, 10 Oct + 20 days = Sunday 30 Oct → Monday 31 Oct.
  assert.equal(twice.due, '2022-10-31');
  const overCap = status(
    [...base, { type: 'extended', on: '2022-10-01', days: 20 }, { type: 'extended', on: '2022-10-05', days: 15 }],
    '2022-10-20',
  );
  assert.equal(overCap.due, '2022-10-31'); // 20 + 15 > 30: the second is refused
  assert.ok(
    overCap.explanation.some((s) => s.kind === 'extension_notice' && s.days === 15 && s.refused === 'exceeds_rule'),
  );
  const de = status(
    [
      { type: 'sent', on: '2022-09-07' },
      { type: 'extended', on: '2022-09-20', days: 10 },
    ],
    '2022-09-21',
    deadlinePreset('de-ifg'),
  );
  assert.equal(de.due, '2022-10-07');
  assert.ok(de.explanation.some((s) => s.kind === 'extension_notice' && s.refused === 'not_allowed'));
});

test('a reply of any kind but "redirected" makes the appeal answered, with its classification', () => {
  for (const classification of ['substantive', 'partial', 'form_reply', 'refusal'] as const) {
    const r = status([sentDuma, { type: 'reply_received', on: '2022-10-01', classification }], '2026-11-29');
    assert.deepEqual([r.status, r.classification, r.answeredLate], ['answered', classification, false]);
    assert.equal(r.daysOverdue, undefined);
  }
  const late = status(
    [sentDuma, { type: 'reply_received', on: '2022-11-01', classification: 'substantive' }],
    '2026-11-29',
  );
  assert.equal(late.answeredLate, true);
  // A reply known only to the month that straddles the due date cannot tell.
  const unknown = status(
    [sentDuma, { type: 'reply_received', on: '2022-10', classification: 'substantive' }],
    '2026-11-29',
  );
  assert.equal(unknown.answeredLate, undefined);
  // The latest reply decides the classification.
  const two = status(
    [
      sentDuma,
      { type: 'reply_received', on: '2022-09-20', classification: 'form_reply' },
      { type: 'follow_up', on: '2022-09-25' },
      { type: 'reply_received', on: '2022-10-05', classification: 'substantive' },
    ],
    '2026-11-29',
  );
  assert.equal(two.classification, 'substantive');
  assert.ok(two.explanation.some((s) => s.kind === 'follow_up'));
});

test('redirection restarts the clock (or lets it run on, per the rule)', () => {
  const events: AppealEvent[] = [
    sentDuma,
    { type: 'registered', on: '2022-09-08' },
    { type: 'redirected', on: '2022-09-14', to: 'the Government' },
  ];
  const restart = status(events, '2022-10-12');
  assert.deepEqual([restart.status, restart.earliestDue, restart.latestDue], ['awaiting', '2022-10-14', '2022-10-17']);
  assert.equal(restart.daysAwaiting, 35); // the sender has waited since 7 September
  const cont = status(events, '2022-10-12', { ...ru, redirect: 'continue' });
  assert.deepEqual([cont.status, cont.due], ['overdue', '2022-10-10']);
  // A forwarding notice as a reply does the same.
  const notice = status(
    [sentDuma, { type: 'reply_received', on: '2022-09-14', classification: 'redirected' }],
    '2022-10-12',
  );
  assert.deepEqual([notice.status, notice.latestDue], ['awaiting', '2022-10-17']);
  // An answer from the first addressee before the redirection does not answer the new one.
  const answeredThenForwarded = status(
    [
      sentDuma,
      { type: 'reply_received', on: '2022-09-10', classification: 'partial' },
      { type: 'redirected', on: '2022-09-14' },
    ],
    '2022-10-12',
  );
  assert.equal(answeredThenForwarded.status, 'awaiting');
});

test('closed and withdrawn end the appeal whatever else happened', () => {
  const closed = status(
    [sentDuma, { type: 'closed', on: '2023-01-10', reason: 'the council resolved to stop' }],
    '2026-11-29',
  );
  assert.deepEqual([closed.status, closed.due], ['closed', '2022-10-10']);
  const withdrawn = status(
    [
      sentDuma,
      { type: 'withdrawn', on: '2022-09-20' },
      { type: 'reply_received', on: '2022-09-25', classification: 'substantive' },
    ],
    '2026-11-29',
  );
  assert.equal(withdrawn.status, 'withdrawn');
  assert.equal(status([{ type: 'withdrawn', on: '2022-09-01' }], '2022-09-02').status, 'withdrawn');
  assert.equal(status([], '2022-09-02').status, 'draft');
  // A registration recorded without its sending: sent by that day at the latest.
  const registeredOnly = status([{ type: 'registered', on: '2022-09-09' }], '2022-09-20');
  assert.deepEqual(
    [registeredOnly.status, registeredOnly.due, registeredOnly.daysAwaiting],
    ['awaiting', '2022-10-10', 11],
  );
});

test('status as of an earlier day ignores later events; input order does not matter', () => {
  const events: AppealEvent[] = [{ type: 'reply_received', on: '2022-10-20', classification: 'form_reply' }, sentDuma];
  assert.equal(status(events, '2022-10-15').status, 'overdue');
  assert.equal(status(events, '2022-10-20').status, 'answered');
});

test("grace before overdue (overdueAfterDays) and a body's calendar additions", () => {
  const graced = { ...ru, overdueAfterDays: 5 };
  assert.equal(status([sentDuma], '2022-10-15', graced).status, 'awaiting');
  assert.equal(status([sentDuma], '2022-10-16', graced).status, 'overdue');
  const r = deriveAppealStatus(
    { calendarAdditions: { daysOff: [{ date: '2022-10-10', name: 'council holiday' }] } },
    [sentDuma],
    '2022-10-11',
    ru,
  );
  assert.deepEqual([r.status, r.due], ['awaiting', '2022-10-11']);
});

test('broken events and dates are refused with a code', () => {
  const rows: Array<[unknown[], string]> = [
    [[{ type: 'posted', on: '2022-09-07' }], 'invalid_appeal_event'],
    [[{ type: 'sent' }], 'invalid_appeal_event'],
    [[{ type: 'sent', on: '07.09.2022' }], 'invalid_appeal_event'],
    [[{ type: 'extended', on: '2022-09-20', days: 0 }], 'invalid_appeal_event'],
    [[{ type: 'reply_received', on: '2022-09-20', classification: 'polite' }], 'invalid_appeal_event'],
    [[{ type: 'reply_received', classification: 'redirected' }], 'invalid_appeal_event'],
    [[null], 'invalid_appeal_event'],
  ];
  for (const [events, code] of rows) {
    assert.throws(
      () => deriveAppealStatus({}, events as AppealEvent[], '2022-10-01', ru),
      { code },
      JSON.stringify(events),
    );
  }
  assert.throws(() => status([sentDuma], '2022-13-01'), { code: 'invalid_date' });
});

const RANK: Record<AppealStatus, number> = {
  draft: 0,
  sent: 1,
  awaiting: 2,
  overdue: 3,
  ignored: 4,
  answered: 9,
  closed: 9,
  withdrawn: 9,
};

test('property: without a reply the status only moves forward as days pass', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(DEADLINE_PRESETS)),
      fc.integer({ min: 2000, max: 2040 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 2, maxLength: 8 }),
      (id, y, m, d, monthOnly, offsets) => {
        const rule = DEADLINE_PRESETS[id]!;
        const mm = String(m).padStart(2, '0');
        const sent: AppealEvent = {
          type: 'sent',
          on: monthOnly ? `${y}-${mm}` : `${y}-${mm}-${String(d).padStart(2, '0')}`,
        };
        const first = `${y}-${mm}-01`;
        const ranks = [...offsets]
          .sort((a, b) => a - b)
          .map((k) => RANK[deriveAppealStatus({}, [sent], addDays(first, k), rule).status]);
        for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i]! >= ranks[i - 1]!, `${sent.on}: ${ranks.join(',')}`);
      },
    ),
    { numRuns: 150 },
  );
});

test('property: a month-precise appeal is overdue only if it would be on every day of the month', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(DEADLINE_PRESETS)),
      fc.integer({ min: 2000, max: 2040 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 20, max: 120 }),
      (id, y, m, k) => {
        const rule = DEADLINE_PRESETS[id]!;
        const mm = String(m).padStart(2, '0');
        const today = addDays(`${y}-${mm}-01`, k);
        const month = deriveAppealStatus({}, [{ type: 'sent', on: `${y}-${mm}` }], today, rule);
        if (month.status !== 'overdue' && month.status !== 'ignored') return;
        for (let day = `${y}-${mm}-01`; day.slice(0, 7) === `${y}-${mm}`; day = addDays(day, 1)) {
          const one = deriveAppealStatus({}, [{ type: 'sent', on: day }], today, rule);
          assert.ok(RANK[one.status] >= RANK.overdue, `${day}: ${one.status} while the month says ${month.status}`);
          assert.ok(one.due! <= month.due!, `${day}: due ${one.due} after the month's ${month.due}`);
        }
      },
    ),
    { numRuns: 120 },
  );
});

test('a reply is judged by its own date (59-FZ: the duty ends when the answer is sent), not the day it arrived', () => {
  // Due 10 Oct 2022. Sent on the due date, received three days later: in time.
  const dated = status(
    [
      sentDuma,
      {
        type: 'reply_received',
        on: '2022-10-13',
        dated: '2022-10-10',
        reference: '12-345',
        classification: 'substantive',
      },
    ],
    '2026-11-29',
  );
  assert.equal(dated.answeredLate, false);
  assert.ok(dated.explanation.some((s) => s.kind === 'reply' && s.dated === '2022-10-10' && s.reference === '12-345'));
  const sentLate = status(
    [sentDuma, { type: 'reply_received', on: '2022-10-13', dated: '2022-10-11', classification: 'substantive' }],
    '2026-11-29',
  );
  assert.equal(sentLate.answeredLate, true);
  // Only the receipt known: late only beyond the transit allowed for the way back.
  const received = [
    sentDuma,
    { type: 'reply_received' as const, on: '2022-10-13', classification: 'substantive' as const },
  ];
  assert.equal(deriveAppealStatus({}, received, '2026-11-29', ru).answeredLate, true);
  assert.equal(deriveAppealStatus({ replyTransitDays: 5 }, received, '2026-11-29', ru).answeredLate, undefined);
  assert.throws(
    () =>
      status(
        [sentDuma, { type: 'reply_received', on: '2022-10-13', dated: '2022-10-14', classification: 'substantive' }],
        '2026-11-29',
      ),
    { code: 'invalid_appeal_event' },
  );
});

test('a posted letter: the transit allowance delays the start, so "overdue" does not come early', () => {
  const posted: AppealEvent[] = [{ type: 'sent', on: '2022-09-07' }];
  // Same day by default: registered by 10 Sep, due 10 Oct; overdue on 11 Oct.
  assert.equal(deriveAppealStatus({}, posted, '2022-10-11', ru).status, 'overdue');
  // Seven days by post: delivered by 14 Sep, registered by 17 Sep, due 17 Oct.
  const slow = deriveAppealStatus({ transitDays: 7 }, posted, '2022-10-11', ru);
  assert.deepEqual([slow.status, slow.due], ['awaiting', '2022-10-17']);
});

test("a letter of the council itself is held to 59-FZ by analogy; IFG's month is a target", () => {
  const r = deriveAppealStatus({ bodySender: true }, [sentDuma], '2022-10-11', ru);
  assert.equal(r.byAnalogy, true);
  assert.ok(renderDeadlineExplanation(r.explanation, 'ru').some((l) => /по аналогии/.test(l)));
  assert.equal(deriveAppealStatus({ bodySender: false }, [sentDuma], '2022-10-11', ru).byAnalogy, undefined);
  const de = deriveAppealStatus({}, [{ type: 'sent', on: '2022-09-07' }], '2022-10-20', deadlinePreset('de-ifg'));
  assert.equal(de.status, 'overdue');
  assert.match(renderDeadlineExplanation(de.explanation, 'en').at(-1)!, /a target, not a hard deadline/);
});

test('FOISA: 20 working days without bank holidays outside Scotland (s.73)', () => {
  const foisa = deadlinePreset('uk-foisa');
  // St Patrick's Day (NI) counts in Scotland; under FOIA it does not.
  assert.equal(
    deriveAppealStatus({}, [{ type: 'delivered', on: '2022-03-01' }], '2022-03-01', foisa).due,
    '2022-03-29',
  );
  assert.equal(
    deriveAppealStatus({}, [{ type: 'delivered', on: '2022-03-01' }], '2022-03-01', deadlinePreset('uk-foi')).due,
    '2022-03-30',
  );
});

test('FOIA s.1(3) further information restarts the clock; s.10(2) days from a fees notice to the fee are not counted', () => {
  const uk = deadlinePreset('uk-foi');
  const received: AppealEvent = { type: 'delivered', on: '2022-03-01' };
  assert.equal(status([received], '2022-03-02', uk).due, '2022-03-30');
  // Further information received 10 Mar: 20 working days after it (17 Mar, NI, not counted).
  const clarified = status([received, { type: 'clarified', on: '2022-03-10' }], '2022-03-31', uk);
  assert.deepEqual([clarified.status, clarified.due], ['awaiting', '2022-04-08']);
  assert.ok(
    renderDeadlineExplanation(clarified.explanation, 'en').includes(
      'Further information received on 10 Mar 2022: the clock starts again from it',
    ),
  );
  // Fees notice Mon 7 Mar, fee received Wed 9 Mar: three working days disregarded.
  const paid = status(
    [received, { type: 'fee_notice', on: '2022-03-07' }, { type: 'fee_paid', on: '2022-03-09' }],
    '2022-04-01',
    uk,
  );
  assert.deepEqual([paid.status, paid.due], ['awaiting', '2022-04-04']);
  // Unpaid: the clock stands still, so the authority is never overdue.
  const unpaid = status([received, { type: 'fee_notice', on: '2022-03-07' }], '2022-06-01', uk);
  assert.equal(unpaid.status, 'awaiting');
  assert.ok(
    renderDeadlineExplanation(unpaid.explanation, 'en').some((l) =>
      l.startsWith('Fees notice on 7 Mar 2022; fee not yet received: the days in between are not counted'),
    ),
  );
  // FOISA has the same two provisions.
  assert.equal(
    status([received, { type: 'clarified', on: '2022-03-10' }], '2022-03-31', deadlinePreset('uk-foisa')).due,
    '2022-04-07',
  );
  // 59-FZ has neither: shown, not counted.
  const ru59 = status(
    [
      sentDuma,
      { type: 'registered', on: '2022-09-09' },
      { type: 'fee_notice', on: '2022-09-12' },
      { type: 'clarified', on: '2022-09-20' },
    ],
    '2022-09-21',
  );
  assert.equal(ru59.due, '2022-10-10');
  assert.ok(ru59.explanation.some((s) => s.kind === 'fee_pause' && !s.counted));
  assert.ok(ru59.explanation.some((s) => s.kind === 'clarified' && !s.counted));
});
