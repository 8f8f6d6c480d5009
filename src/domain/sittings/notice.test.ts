import { test } from 'node:test';
import assert from 'node:assert/strict';
import { easterSunday, noticeCalendar, reckonNotice, validateNoticeRule, type NoticeRule } from './notice.ts';
import { renderNoticeReckoning } from './render-notice.ts';
import { addDays } from '../dates/civil-date.ts';
import { PRESETS } from '../rules/presets.ts';
import { validateRuleSet } from '../rules/rule-set.ts';

const plain: NoticeRule = { clearDays: 3 };
const lga = PRESETS['uk-lga-1972']!.notice!;
const at = (givenOn: string) => ({ givenOn, givenAt: `${givenOn}T09:00:00Z`, timeZone: 'Europe/London' });
const reckon = (rule: NoticeRule, givenOn: string, sittingOn: string) =>
  reckonNotice(rule, at(givenOn), sittingOn, noticeCalendar(rule));

test('three clear days leave out both the day of the notice and the day of the sitting', () => {
  // Monday 6 May 2024 → Friday 10 May: Tuesday, Wednesday, Thursday lie between.
  assert.equal(reckon(plain, '2024-05-06', '2024-05-10').inTime, true);
  assert.equal(reckon(plain, '2024-05-06', '2024-05-10').clearDays, 3);
  const late = reckon(plain, '2024-05-07', '2024-05-10');
  assert.equal(late.inTime, false);
  assert.equal(late.clearDays, 2);
  assert.deepEqual(late.steps.at(-1), { kind: 'verdict', inTime: false, short: 1 });
  assert.equal(late.latestDay, '2024-05-06');
  // A notice on the day of the sitting, or after it, has no clear day.
  assert.equal(reckon(plain, '2024-05-10', '2024-05-10').clearDays, 0);
  assert.equal(reckon({ clearDays: 0 }, '2024-05-10', '2024-05-10').inTime, true);
});

test('under LGA 1972 s. 243 Sundays and bank holidays do not count', () => {
  // Wed 8 May 2024 → Mon 13 May: Thu, Fri, Sat count, Sunday 12 does not: three, in time.
  const r = reckon(lga, '2024-05-08', '2024-05-13');
  assert.equal(r.inTime, true);
  assert.ok(r.steps.some((s) => s.kind === 'not_counted' && s.date === '2024-05-12'));
  // Fri 24 May 2024 → Wed 29 May: Sat 25, Tue 28 count; Sun 26 and the spring bank holiday (Mon 27) do not.
  const bank = reckon(lga, '2024-05-24', '2024-05-29');
  assert.equal(bank.clearDays, 2);
  assert.equal(bank.inTime, false);
  const holiday = bank.steps.find((s) => s.kind === 'not_counted' && s.date === '2024-05-27');
  assert.ok(holiday && holiday.kind === 'not_counted' && holiday.reasons.some((x) => x.kind === 'bank_holiday'));
  // Without the bank holiday rule the same notice is in time (Sat, Mon, Tue).
  assert.equal(reckon({ clearDays: 3, disregard: ['sunday'] }, '2024-05-24', '2024-05-29').inTime, true);
});

test('the Christmas and Easter breaks of s. 243 do not count', () => {
  assert.deepEqual([2024, 2025, 2026, 2000, 2038].map(easterSunday), [
    '2024-03-31',
    '2025-04-20',
    '2026-04-05',
    '2000-04-23',
    '2038-04-25',
  ]);
  // Easter 2024: the break runs Thursday 28 March to Tuesday 2 April.
  const easter = reckon({ clearDays: 3, disregard: ['easter_break'] }, '2024-03-26', '2024-04-05');
  assert.deepEqual(
    easter.steps.filter((s) => s.kind === 'not_counted').map((s) => (s.kind === 'not_counted' ? s.date : '')),
    ['2024-03-28', '2024-03-29', '2024-03-30', '2024-03-31', '2024-04-01', '2024-04-02'],
  );
  assert.equal(easter.clearDays, 3);
  // Christmas 2024 falls on a Wednesday: the break runs from Tuesday 24 to Friday 27 December
  // (Thursday 26 is Boxing Day, a bank holiday, so the first weekday after Christmas that is not one is the 27th).
  const xmas = reckon(lga, '2024-12-20', '2025-01-02');
  const off = xmas.steps.filter((s) => s.kind === 'not_counted').map((s) => (s.kind === 'not_counted' ? s.date : ''));
  for (const d of ['2024-12-22', '2024-12-24', '2024-12-25', '2024-12-26', '2024-12-27', '2024-12-29', '2025-01-01'])
    assert.ok(off.includes(d), `${d} should not count`);
  assert.ok(!off.includes('2024-12-23') && !off.includes('2024-12-28') && !off.includes('2024-12-30'));
});

test('the latest day is the last on which a notice is in time, for every rule and day', () => {
  const rules: NoticeRule[] = [plain, lga, { clearDays: 7, disregard: ['sunday'] }, { clearDays: 1 }];
  for (const rule of rules) {
    for (let i = 0; i < 120; i += 3) {
      const sittingOn = addDays('2024-03-01', i * 3);
      const { latestDay } = reckon(rule, '2024-01-01', sittingOn);
      assert.equal(reckon(rule, latestDay, sittingOn).inTime, true, `${sittingOn}: ${latestDay} is in time`);
      assert.equal(reckon(rule, addDays(latestDay, 1), sittingOn).inTime, false, `${sittingOn}: the day after is late`);
    }
  }
});

test('the reckoning reads in English and Russian', () => {
  const r = reckon(lga, '2024-05-24', '2024-05-29');
  const en = renderNoticeReckoning(r.steps, 'en');
  const ru = renderNoticeReckoning(r.steps, 'ru');
  assert.equal(en.length, r.steps.length);
  assert.match(en[0]!, /3 clear days/);
  assert.match(en.join(' '), /27 May 2024 does not count: a bank holiday/);
  assert.match(en.at(-1)!, /late by 1 clear day/);
  assert.match(ru[0]!, /не менее чем за 3 полных дня/);
  assert.match(ru.join(' '), /27 мая 2024 не считается/);
  assert.match(ru.at(-1)!, /не хватает 1 полного дня/);
});

test('a notice rule is data, checked when a rule set is', () => {
  assert.deepEqual(validateNoticeRule({ clearDays: 3, disregard: ['sunday', 'sunday'] }), {
    clearDays: 3,
    disregard: ['sunday'],
  });
  for (const bad of [
    null,
    { clearDays: -1 },
    { clearDays: 1.5 },
    { clearDays: 3, extra: 1 },
    { clearDays: 3, disregard: ['monday'] },
    { clearDays: 3, disregard: ['bank_holiday'] },
    { clearDays: 3, holidays: { country: 'gb' } },
  ])
    assert.throws(() => validateNoticeRule(bad), { code: 'invalid_rule' }, JSON.stringify(bad));
  for (const [name, preset] of Object.entries(PRESETS)) {
    const copy = validateRuleSet(structuredClone(preset));
    assert.deepEqual(copy.notice, preset.notice, name);
    assert.ok(preset.source?.notice, `${name} says where its notice rule comes from, or who sets it`);
  }
  assert.throws(() => validateRuleSet({ ...structuredClone(PRESETS.ronr!), notice: { clearDays: 'three' } }), {
    code: 'invalid_rule',
  });
});
