// The three appeals of the reference story (test/fixtures/smolninskoye-2022.json), facts only,
// under 59-FZ, as of 29 November 2026.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { AppealEvent } from './appeal-event.ts';
import { deadlinePreset } from './deadline-rule.ts';
import { deriveAppealStatus } from './derive-appeal-status.ts';
import { renderDeadlineExplanation } from './render-deadline-explanation.ts';

interface FixtureAppeal {
  sent: string;
  addressee: string;
  reply: { classification: string } | null;
}
const story = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/smolninskoye-2022.json', import.meta.url), 'utf8'),
) as { appeals: FixtureAppeal[] };
const [march, august, september] = story.appeals;
const rule = deadlinePreset('ru-59fz');
const TODAY = '2026-11-29';

// The fixture states classifications in words; the record keeps the code.
function eventsOf(appeal: FixtureAppeal): AppealEvent[] {
  const events: AppealEvent[] = [{ type: 'sent', on: appeal.sent }];
  if (appeal.reply) {
    assert.match(appeal.reply.classification, /^form reply/);
    // The sources do not date the reply: it is recorded without a date.
    events.push({ type: 'reply_received', classification: 'form_reply' });
  }
  return events;
}

test('the March 2022 appeal (month precision, no reply) is ignored, with earliest and latest due dates', () => {
  assert.equal(march!.sent, '2022-03');
  assert.equal(march!.reply, null);
  const r = deriveAppealStatus({}, eventsOf(march!), TODAY, rule);
  assert.equal(r.status, 'ignored');
  // Sent 1–31 March; registered 0–3 days after (59-FZ art. 8(2)); due 30 days later; 3 May 2022
  // was a day off, so the latest due date is 4 May 2022.
  assert.deepEqual([r.earliestDue, r.latestDue, r.due], ['2022-03-31', '2022-05-04', '2022-05-04']);
  assert.equal(r.daysOverdue, 1670);
  assert.equal(r.daysAwaiting, 1704);
  assert.equal(
    renderDeadlineExplanation(r.explanation, 'en').at(-1),
    'As of 29 Nov 2026: ignored — no reply for 1,704 days, 1,670 days past the due date 4 May 2022',
  );
});

test('the August 2022 letter with a form reply is answered — form reply', () => {
  assert.equal(august!.sent, '2022-08');
  const r = deriveAppealStatus({}, eventsOf(august!), TODAY, rule);
  assert.deepEqual([r.status, r.classification, r.answeredLate], ['answered', 'form_reply', undefined]);
  assert.deepEqual([r.earliestDue, r.latestDue], ['2022-08-31', '2022-10-03']);
  assert.equal(renderDeadlineExplanation(r.explanation, 'en').at(-1), 'Answered — form reply');
  assert.equal(renderDeadlineExplanation(r.explanation, 'ru').at(-1), 'Получен ответ — формальный ответ (отписка)');
});

test('the 7 September 2022 appeal to the State Duma: due date computed, the registration assumption stated as data', () => {
  assert.equal(september!.sent, '2022-09-07');
  assert.match(september!.addressee, /State Duma/);
  const r = deriveAppealStatus({}, eventsOf(september!), TODAY, rule);
  assert.deepEqual([r.earliestDue, r.latestDue, r.due], ['2022-10-07', '2022-10-10', '2022-10-10']);
  const assumed = r.explanation.filter((s) => s.kind === 'assumption');
  assert.deepEqual(assumed, [
    {
      kind: 'assumption',
      event: 'delivered',
      after: 'sent',
      minDays: 0,
      maxDays: 0,
      earliest: '2022-09-07',
      latest: '2022-09-07',
      note: 'delivery assumed on the day it was sent, by hand or electronically; record the delivery date when known',
    },
    {
      kind: 'assumption',
      event: 'registered',
      after: 'delivered',
      minDays: 0,
      maxDays: 3,
      earliest: '2022-09-07',
      latest: '2022-09-10',
      source: {
        act: 'Federal Law No. 59-FZ',
        section: 'art. 8(2)',
        ru: { act: 'Федеральный закон № 59-ФЗ', section: 'ч. 2 ст. 8' },
      },
      note: 'a written appeal is registered within three days of its receipt',
    },
  ]);
  // "awaiting reply, then overdue if none comes within the deadline"
  assert.equal(deriveAppealStatus({}, eventsOf(september!), '2022-09-20', rule).status, 'awaiting');
  assert.equal(deriveAppealStatus({}, eventsOf(september!), '2022-10-11', rule).status, 'overdue');
  assert.equal(r.status, 'ignored');
});
