import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDeadline } from './compute-deadline.ts';
import { deadlinePreset } from './deadline-rule.ts';
import type { AppealStep } from './deadline-step.ts';
import { countOf, formatCivilDate, renderDeadlineExplanation } from './render-deadline-explanation.ts';

const ru = deadlinePreset('ru-59fz');
const render = (from: string, lang: 'en' | 'ru', extra: object = {}, rule = ru) =>
  renderDeadlineExplanation(computeDeadline(rule, { from, ...extra }).explanation, lang);

test('dates are written from fixed tables, not the platform locale', () => {
  const rows: Array<[string, string, string]> = [
    ['2022-09-12', '12 Sep 2022', '12 сентября 2022'],
    ['2022-05-01', '1 May 2022', '1 мая 2022'],
    ['2024-02-29', '29 Feb 2024', '29 февраля 2024'],
    ['2022-03', 'Mar 2022', 'март 2022'],
    ['2022', '2022', '2022'],
    ['2023-02-31', '31 Feb 2023', '31 февраля 2023'],
  ];
  for (const [date, en, ruText] of rows) {
    assert.equal(formatCivilDate(date, 'en'), en);
    assert.equal(formatCivilDate(date, 'ru'), ruText);
  }
});

test('Russian plural forms come from Intl.PluralRules', () => {
  const rows: Array<[number, string, string, string]> = [
    [1, '1 день', '1 рабочий день', '1 месяц'],
    [2, '2 дня', '2 рабочих дня', '2 месяца'],
    [3, '3 дня', '3 рабочих дня', '3 месяца'],
    [5, '5 дней', '5 рабочих дней', '5 месяцев'],
    [11, '11 дней', '11 рабочих дней', '11 месяцев'],
    [21, '21 день', '21 рабочий день', '21 месяц'],
    [22, '22 дня', '22 рабочих дня', '22 месяца'],
    [30, '30 дней', '30 рабочих дней', '30 месяцев'],
    [0, '0 дней', '0 рабочих дней', '0 месяцев'],
  ];
  for (const [n, days, working, months] of rows) {
    assert.equal(countOf(n, 'days', 'ru'), days);
    assert.equal(countOf(n, 'working_days', 'ru'), working);
    assert.equal(countOf(n, 'months', 'ru'), months);
  }
  assert.equal(countOf(1, 'days', 'en'), '1 day');
  assert.equal(countOf(20, 'working_days', 'en'), '20 working days');
  assert.equal(countOf(1360, 'days', 'en'), '1,360 days');
  assert.equal(countOf(1704, 'days', 'ru'), '1\u00a0704 дня');
});

test('ru-59fz in English and Russian', () => {
  assert.deepEqual(render('2022-09-12', 'en'), [
    'Registered on 12 Sep 2022',
    '30 days from 12 Sep 2022 → 12 Oct 2022',
    'Due: 12 Oct 2022',
  ]);
  assert.deepEqual(render('2022-09-12', 'ru'), [
    'Зарегистрировано 12 сентября 2022',
    '30 дней после 12 сентября 2022 → 12 октября 2022',
    'Срок: 12 октября 2022',
  ]);
  assert.deepEqual(render('2022-09-09', 'en'), [
    'Registered on 9 Sep 2022',
    '30 days from 9 Sep 2022 → 9 Oct 2022',
    '9 Oct 2022 is a Sunday → next working day 10 Oct 2022',
    'Due: 10 Oct 2022',
  ]);
  assert.equal(render('2022-09-09', 'ru')[2], '9 октября 2022 — воскресенье → следующий рабочий день 10 октября 2022');
  assert.equal(
    render('2022-04-03', 'en')[2],
    '3 May 2022 is a public holiday (Day off (transferred from January 1)) → next working day 4 May 2022',
  );
  assert.equal(
    render('2022-04-03', 'ru')[2],
    '3 мая 2022 — нерабочий праздничный день (Выходной день (перенос с 1 января)) → следующий рабочий день 4 мая 2022',
  );
  assert.equal(render('2022-09-12', 'en', { extendedDays: 30 })[2], 'Extended by 30 days: 12 Oct 2022 → 11 Nov 2022');
  assert.equal(
    render('2022-09-12', 'ru', { extendedDays: 1 })[2],
    'Продлено на 1 день: 12 октября 2022 → 13 октября 2022',
  );
  assert.equal(
    render('2022-10-05', 'en')[2],
    '4 Nov 2022 is a public holiday (Unity Day) → next working day 7 Nov 2022',
  );
});

test('a weekend holiday names both reasons, weekday first', () => {
  // 1 January 2023: a Sunday and New Year's Day (RU).
  assert.equal(
    render('2022-12-02', 'en')[2],
    "1 Jan 2023 is a Sunday and a public holiday (New Year's Day) → next working day 9 Jan 2023",
  );
  assert.equal(
    render('2022-12-02', 'ru')[2],
    '1 января 2023 — воскресенье и нерабочий праздничный день (Новый год) → следующий рабочий день 9 января 2023',
  );
});

test('a month-precise sent date: range, assumptions with their source, both cases, the due range', () => {
  assert.deepEqual(
    renderDeadlineExplanation(computeDeadline(ru, { from: '2022-03', fromEvent: 'sent' }).explanation, 'en'),
    [
      'Sent in Mar 2022 (day not recorded): between 1 Mar 2022 and 31 Mar 2022',
      'Assumed (not recorded): delivered on the day of sending (delivery assumed on the day it was sent, by hand or electronically; record the delivery date when known) → between 1 Mar 2022 and 31 Mar 2022',
      'Assumed (not recorded): registered 0–3 days after delivery (Federal Law No. 59-FZ, art. 8(2): a written appeal is registered within three days of its receipt) → between 1 Mar 2022 and 3 Apr 2022',
      'Earliest case: 30 days from 1 Mar 2022 → 31 Mar 2022',
      'Latest case: 30 days from 3 Apr 2022 → 3 May 2022',
      'Latest case: 3 May 2022 is a public holiday (Day off (transferred from January 1)) → next working day 4 May 2022',
      'Due: between 31 Mar 2022 and 4 May 2022; counted as 4 May 2022, the latest',
    ],
  );
  const russian = renderDeadlineExplanation(
    computeDeadline(ru, { from: '2022-03', fromEvent: 'sent' }).explanation,
    'ru',
  );
  assert.equal(russian[0], 'Отправлено в марте 2022 (день не записан): между 1 марта 2022 и 31 марта 2022');
  assert.equal(
    russian[2],
    'Допущение (не записано): зарегистрировано 0–3 дня после доставки (Федеральный закон № 59-ФЗ, ч. 2 ст. 8) → между 1 марта 2022 и 3 апреля 2022',
  );
  assert.equal(russian.at(-1), 'Срок: между 31 марта 2022 и 4 мая 2022; учитывается 4 мая 2022, самый поздний');
  assert.equal(render('2022', 'en')[0], 'Registered in 2022 (day not recorded): between 1 Jan 2022 and 31 Dec 2022');
  assert.equal(
    render('2022', 'ru')[0],
    'Зарегистрировано в 2022 году (день не записан): между 1 января 2022 и 31 декабря 2022',
  );
});

test('working days list the holidays not counted; months say when the month end was taken', () => {
  const uk = deadlinePreset('uk-foi');
  assert.deepEqual(render('2022-03-01', 'en', {}, uk), [
    'Received on 1 Mar 2022',
    '20 working days after 1 Mar 2022 → 30 Mar 2022',
    'Not counted: 17 Mar 2022 (St Patrick’s Day, NIR)',
    'Due: 30 Mar 2022',
  ]);
  assert.equal(render('2022-03-01', 'ru', {}, uk)[1], '20 рабочих дней после 1 марта 2022 → 30 марта 2022');
  const de = deadlinePreset('de-ifg');
  assert.equal(
    render('2023-01-31', 'en', {}, de)[1],
    '1 month from 31 Jan 2023 → 28 Feb 2023 (there is no 31 Feb 2023: the last day of the month)',
  );
  assert.equal(
    render('2023-01-31', 'ru', {}, de)[1],
    '1 месяц после 31 января 2023 → 28 февраля 2023 (31 февраля 2023 нет — последний день месяца)',
  );
  const moved = render(
    '2022-02-28',
    'en',
    { calendarAdditions: { workingDays: [{ date: '2022-03-05' }] } },
    { ...uk, calendar: { country: 'RU' } },
  );
  assert.ok(moved.includes("Counted as working days by the body's calendar: 5 Mar 2022"), moved.join('\n'));
});

test('status and history steps', () => {
  const steps: AppealStep[] = [
    { kind: 'reply', classification: 'form_reply' },
    { kind: 'reply', date: '2022-08', classification: 'refusal' },
    { kind: 'redirected', date: '2022-10-05', to: 'the Ministry', clock: 'restart' },
    { kind: 'extension_notice', date: '2022-10-01', days: 30, counted: false, refused: 'after_due_date' },
    { kind: 'follow_up', date: '2022-11-01' },
    {
      kind: 'status',
      status: 'ignored',
      today: '2026-11-29',
      due: '2022-05-04',
      daysAwaiting: 1704,
      daysOverdue: 1670,
    },
    { kind: 'status', status: 'answered', today: '2026-11-29', due: '2022-10-03', classification: 'form_reply' },
    { kind: 'status', status: 'awaiting', today: '2022-09-20', due: '2022-10-10', daysAwaiting: 13, daysLeft: 20 },
    { kind: 'status', status: 'overdue', today: '2022-10-11', due: '2022-10-10', daysAwaiting: 34, daysOverdue: 1 },
  ];
  assert.deepEqual(renderDeadlineExplanation(steps, 'en'), [
    'Reply received (date not recorded): form reply',
    'Reply received in Aug 2022: refusal',
    'Redirected on 5 Oct 2022 to the Ministry: the clock starts again',
    'Extension by 30 days notified on 1 Oct 2022; not counted: notified after the due date',
    'Follow-up sent on 1 Nov 2022',
    'As of 29 Nov 2026: ignored — no reply for 1,704 days, 1,670 days past the due date 4 May 2022',
    'Answered — form reply',
    'As of 20 Sep 2022: awaiting a reply for 13 days; due 10 Oct 2022 (20 days left)',
    'As of 11 Oct 2022: overdue — no reply 1 day after the due date 10 Oct 2022',
  ]);
  assert.deepEqual(renderDeadlineExplanation(steps, 'ru'), [
    'Получен ответ (дата не записана): формальный ответ (отписка)',
    'Получен ответ в августе 2022: отказ',
    'Направлено по компетенции 5 октября 2022 в the Ministry: срок начинается заново',
    'Уведомление о продлении на 30 дней 1 октября 2022; не учитывается: уведомление после истечения срока',
    'Направлено повторное обращение 1 ноября 2022',
    'На 29 ноября 2026: оставлено без ответа — нет ответа 1\u00a0704 дня, срок 4 мая 2022 истёк 1\u00a0670 дней назад',
    'Получен ответ — формальный ответ (отписка)',
    'На 20 сентября 2022: ожидается ответ (13 дней с отправки); срок 10 октября 2022 (осталось 20 дней)',
    'На 11 октября 2022: просрочено — нет ответа 1 день после срока 10 октября 2022',
  ]);
});
