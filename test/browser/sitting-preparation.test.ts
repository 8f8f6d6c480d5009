// The clerk's office, part two, in Chromium (issue 16's Done-when): a council whose regulation sets
// five clear days of notice and withholds closed items' titles. The clerk schedules a sitting with
// three agenda items (one closed to the public) from the calendar page, attaches a Cyrillic PDF and
// a DOCX, publishes its notice in time; schedules a second sitting two days ahead and publishes its
// notice late, then reschedules it; schedules a third and cancels it; runs the first in the console
// (open, attendance, a motion, a show of hands, close). The public pages then show the agenda with
// nothing of the closed item but its existence, the notice times and their reckoning, the papers
// (downloadable, hashes shown, found by a word inside the PDF), the vote and the decision — in both
// languages, axe-core clean; and the same office forms work with JavaScript off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { councilWithMembers, verifyBody } from '../support/test-app.ts';
import { cyrillicPdf, plainDocx } from '../support/paper-files.ts';
import { axeBoth, browserSuite, submitForm, openLive, pageErrors, screenshot, signInTo } from './screens.ts';
import { paperTextIdle } from '../../src/services/papers/paper-text.ts';
import { PRESETS } from '../../src/domain/rules/presets.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();
const ZONE = 'Europe/Moscow';
const SECRET = 'Кадровый вопрос Qzvx';

/** The Russian preset, with the notice period a council's regulation would set (entered as data). */
function regulationRules(): Record<string, unknown> {
  const { preset: _preset, ...base } = structuredClone(PRESETS['ru-33fz']!);
  return {
    ...base,
    notice: { clearDays: 5 },
    source: {
      ...base.source,
      notice: {
        act: 'Regulation of the test council',
        section: 'art. 12',
        note: 'the notice of a sitting goes out five clear days before it',
      },
    },
  };
}

/** The body's calendar day `n` days from today. */
function day(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** Schedules a sitting from the calendar page; returns its id (from the page's own anchor). */
async function schedule(page: Page, office: string, fields: { title: string; date: string; agenda?: string }) {
  await page.fill('#schedule-title', fields.title);
  await page.fill('#schedule-date', fields.date);
  await page.fill('#schedule-time', '18:00');
  await page.fill('#schedule-place', 'Зал заседаний');
  await page.fill('#schedule-convenedBy', 'Глава муниципального образования');
  if (fields.agenda) await page.fill('#schedule-agenda', fields.agenda);
  await submitForm(page, `form[action="${office}"]`);
  const id = Number(/#sitting-(\d+)$/.exec(page.url())?.[1]);
  assert.ok(id > 0, `scheduled: ${page.url()}`);
  return id;
}

describe("the clerk's office, part two, in Chromium (SQLite)", { skip }, () => {
  const s = browserSuite(sqlite);

  test('schedule, agenda with a closed item, papers, notices in time and late, reschedule, cancel, run; the public pages follow', async () => {
    const c = await councilWithMembers(s.h, 'prep', 3, { rules: regulationRules(), timeZone: ZONE });
    const office = '/prep/office/sittings';
    const context = await s.context({ bypassCSP: true });
    const page = await signInTo(context, s.base, c.clerk.username, `${office}?lang=ru`);
    await axeBoth(page, 'calendar, empty');
    await page.goto(`${s.base}${office}?lang=ru`);

    // The first sitting, three weeks ahead, with two items; a third, closed, from the agenda page.
    const first = await schedule(page, office, {
      title: 'Очередное заседание',
      date: day(21),
      agenda: 'О бюджете\nО дорогах',
    });
    const agenda = `${office}/${first}/agenda`;
    await page.goto(`${s.base}${agenda}?lang=ru`);
    await page.fill('#add-title', SECRET);
    await page.check('input[name="closed"]');
    await submitForm(page, `form[action="${agenda}"]`);
    assert.match((await page.textContent('main')) ?? '', /Qzvx.*Закрытый вопрос/s, 'the office sees the title');
    await axeBoth(page, 'agenda builder with a closed item');
    await screenshot(page, 'prep-agenda');

    // Two papers: a PDF with Cyrillic text under item 1, a DOCX under item 2.
    const papers = `${office}/${first}/papers`;
    await page.goto(`${s.base}${papers}?lang=ru`);
    const targets = await page.$$eval('#add-target option', (os) => os.map((o) => o.textContent ?? ''));
    assert.ok(!targets.some((t) => t.includes('Qzvx')), 'a closed item is not offered for papers');
    await page.fill('#add-titleRu', 'Доклад о бюджете');
    await page.fill('#add-titleEn', 'Budget report');
    await page.selectOption('#add-target', { label: 'Вопрос повестки 1: О бюджете' });
    await page.setInputFiles('#add-file', {
      name: 'доклад.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await cyrillicPdf(['Доклад о бюджете.', 'Расходы на водоснабжение дворов.'])),
    });
    await submitForm(page, `form[action="${papers}"]`);
    assert.match(page.url(), /saved=1/);
    await page.fill('#add-titleRu', 'Проект плана ремонта дорог');
    await page.selectOption('#add-kind', 'draft');
    await page.selectOption('#add-target', { label: 'Вопрос повестки 2: О дорогах' });
    await page.setInputFiles('#add-file', {
      name: 'roads.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(plainDocx(['План ремонта дорог на 2027 год'])),
    });
    await submitForm(page, `form[action="${papers}"]`);
    assert.match(page.url(), /saved=1/);
    await paperTextIdle(s.h.ctx);

    // Its notice, in time; a second sitting two days ahead, its notice late, then moved.
    await page.goto(`${s.base}${office}?lang=ru`);
    await submitForm(page, `form[action="${office}/${first}/notice"]`);
    assert.match(page.url(), /saved=notice#/);
    const second = await schedule(page, office, { title: 'Внеочередное заседание', date: day(2) });
    await submitForm(page, `form[action="${office}/${second}/notice"]`);
    assert.match(page.url(), /saved=notice_late#/);
    await page.click(`#sitting-${second} ~ details summary >> text=Перенести`);
    await page.fill(`#reschedule-${second}-date`, day(30));
    await page.fill(`#reschedule-${second}-reason`, 'Доклад не готов');
    await submitForm(page, `form[action="${office}/${second}/reschedule"]`);
    assert.match(page.url(), /saved=rescheduled/);
    const third = await schedule(page, office, { title: 'Заседание комиссии', date: day(40) });
    await page.click(`form[action="${office}/${third}/cancel"] >> xpath=ancestor::details/summary`);
    await page.fill(`#cancel-${third}-reason`, 'Нет кворума по вопросам');
    await submitForm(page, `form[action="${office}/${third}/cancel"]`);
    assert.match(page.url(), /saved=cancelled/);
    await axeBoth(page, 'calendar with three sittings');
    await screenshot(page, 'prep-calendar');

    // The sitting, run in the console: open, attendance by keyboard, a motion, a show of hands.
    const consolePath = `/prep/sittings/${first}/console`;
    const clerk = await openLive(await signInTo(await s.context(), s.base, c.clerk.username, `${consolePath}?lang=ru`));
    await clerk.click('.sitting-controls .primary-button');
    for (const id of c.memberIds) {
      await clerk.waitForSelector(`tr[data-member="${id}"] button`);
      await clerk.focus(`tr[data-member="${id}"] button`);
      await clerk.keyboard.press('p');
      await clerk.waitForSelector(`tr[data-member="${id}"][data-status="present"]`);
    }
    assert.match((await clerk.textContent('main')) ?? '', /Вопрос рассматривается без присутствия публики/);
    assert.ok(!((await clerk.textContent('main')) ?? '').includes('Qzvx'), 'the live state withholds it too');
    await clerk.fill('#motion-title', 'Об утверждении плана ремонта дорог');
    await clerk.fill('#motion-text', 'Утвердить план ремонта дорог на 2027 год.');
    await clerk.click('.table-motion-form button[type=submit]');
    const motion = await clerk.waitForSelector('li[data-motion]');
    const motionId = Number(await motion.getAttribute('data-motion'));
    await clerk.click(`li[data-motion="${motionId}"] button`);
    await clerk.check(`li[data-motion="${motionId}"] input[value="show_of_hands"]`);
    await clerk.click(`li[data-motion="${motionId}"] form button[type=submit]`);
    await clerk.waitForSelector('.totals-form');
    await clerk.fill('#totals-yes', '3');
    await clerk.fill('#totals-no', '0');
    await clerk.fill('#totals-abstain', '0');
    await clerk.click('.totals-form button[type=submit]');
    await clerk.waitForSelector('.current-vote[data-status="closed"] .live-outcome[data-adopted="true"]', {
      timeout: 5000,
    });
    await clerk.click('.sitting-controls .secondary-button');
    await clerk.waitForFunction(() => !document.querySelector('.sitting-controls .secondary-button'));
    assert.deepEqual(pageErrors(clerk.context()), []);

    // The public sitting page, in both languages.
    await page.goto(`${s.base}/prep/sittings/${first}?lang=ru`);
    const ru = (await page.textContent('main')) ?? '';
    for (const want of [
      /О бюджете/,
      /О дорогах/,
      /Закрытый вопрос/,
      /В срок/,
      /Доклад о бюджете/,
      /SHA-256 [0-9a-f]{64}/,
      /SHA-512 [0-9a-f]{128}/,
      /Об утверждении плана ремонта дорог/,
      /Глава муниципального образования/,
    ])
      assert.match(ru, want);
    assert.ok(!(await page.content()).includes('Qzvx'), 'nothing of the closed item but its existence');
    await page.goto(`${s.base}/prep/sittings/${first}?lang=en`);
    const en = (await page.textContent('main')) ?? '';
    assert.match(en, /Closed to the public/);
    assert.match(en, /In time/);
    assert.match(en, /Regulation of the test council/);
    await axeBoth(page, 'the sitting page after the sitting');
    await screenshot(page, 'prep-sitting');
    const href = await page.getAttribute('a[href$="/v/1"]', 'href');
    assert.ok(href);
    const download = await page.request.get(`${s.base}${href}`);
    assert.equal(download.status(), 200);
    assert.equal(
      Buffer.from(await download.body())
        .subarray(0, 5)
        .toString(),
      '%PDF-',
    );

    await page.goto(`${s.base}/prep/sittings/${second}?lang=ru`);
    const moved = (await page.textContent('main')) ?? '';
    assert.match(moved, /С опозданием/);
    assert.match(moved, /Перенесено .*Причина: Доклад не готов/s);
    await axeBoth(page, 'the rescheduled sitting');
    await page.goto(`${s.base}/prep/sittings/${third}?lang=ru`);
    assert.match((await page.textContent('main')) ?? '', /Заседание отменено .*Причина: Нет кворума по вопросам/s);
    await axeBoth(page, 'the cancelled sitting');
    const ics = await page.request.get(`${s.base}/export/prep/sittings.ics`);
    assert.equal(ics.status(), 200);
    assert.match(await ics.text(), /STATUS:CANCELLED/);

    await page.goto(`${s.base}/prep/search?q=${encodeURIComponent('водоснабжение')}&lang=ru`);
    assert.match((await page.textContent('main')) ?? '', /Доклад о бюджете/);
    await page.goto(`${s.base}/prep/search?q=Qzvx&lang=ru`);
    assert.ok(!((await page.textContent('main')) ?? '').includes('Qzvx —'), 'the search finds nothing of it');
    assert.deepEqual(pageErrors(context), []);

    // The same office forms with JavaScript off: a sitting, a closed item, its notice.
    const plain = await signInTo(
      await s.context({ bypassCSP: true, javaScriptEnabled: false }),
      s.base,
      c.clerk.username,
      `${office}?lang=en`,
    );
    const fourth = await schedule(plain, office, { title: 'Ordinary sitting', date: day(50), agenda: 'Parks' });
    await plain.goto(`${s.base}${office}/${fourth}/agenda?lang=en`);
    await plain.fill('#add-title', 'Staffing Qzvy');
    await plain.check('input[name="closed"]');
    await submitForm(plain, `form[action="${office}/${fourth}/agenda"]`);
    assert.match(plain.url(), /saved=1/);
    await plain.goto(`${s.base}${office}?lang=en`);
    await submitForm(plain, `form[action="${office}/${fourth}/notice"]`);
    assert.match(plain.url(), /saved=notice#/);
    await plain.goto(`${s.base}/prep/sittings/${fourth}?lang=en`);
    const fourthPage = await plain.content();
    assert.match(fourthPage, /Closed to the public/);
    assert.ok(!fourthPage.includes('Qzvy'));

    const verified = await verifyBody(s.h, 'prep');
    assert.equal(verified.code, 0, verified.output);
  });
});
