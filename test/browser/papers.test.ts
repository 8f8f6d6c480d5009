// Papers in Chromium (issue 16, item 4), as a clerk would: the sitting's papers page, a Cyrillic
// PDF uploaded with the form (JavaScript on), a DOCX uploaded with JavaScript off, then the public
// sitting page with versions and hashes and the search page finding a word from inside the PDF —
// every page axe-core clean in English and Russian.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { councilWithMembers } from '../support/test-app.ts';
import { cyrillicPdf, plainDocx } from '../support/paper-files.ts';
import { axeBoth, browserSuite, submitForm, pageErrors, screenshot, signInTo } from './screens.ts';
import { paperTextIdle } from '../../src/services/papers/paper-text.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

describe('papers in Chromium', { skip }, () => {
  const s = browserSuite(sqlite);

  test('a clerk uploads a Cyrillic PDF and a DOCX (JavaScript off); the public pages show and find them', async () => {
    const c = await councilWithMembers(s.h, 'paperdesk', 3);
    const created = await c.clerk.request('POST', '/api/v1/bodies/paperdesk/sittings', {
      title: 'Очередное заседание',
      date: '2026-12-10',
      agenda: ['О бюджете', 'О дорогах'],
    });
    const sittingId = created.json().id as number;
    const office = `/paperdesk/office/sittings/${sittingId}/papers`;
    const context = await s.context({ bypassCSP: true });
    const page = await signInTo(context, s.base, c.clerk.username, `${office}?lang=ru`);
    assert.equal(new URL(page.url()).pathname, office);
    await axeBoth(page, 'papers office, empty');

    await page.goto(`${s.base}${office}?lang=ru`);
    await page.fill('#add-titleRu', 'Доклад о бюджете');
    await page.fill('#add-titleEn', 'Budget report');
    await page.selectOption('#add-target', { label: 'Вопрос повестки 1: О бюджете' });
    await page.setInputFiles('#add-file', {
      name: 'доклад.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from(await cyrillicPdf(['Доклад о бюджете.', 'Расходы на водоснабжение дворов.'])),
    });
    await submitForm(page, `form[action="${office}"]`);
    assert.match(page.url(), /saved=1/);
    await paperTextIdle(s.h.ctx);

    // With JavaScript off, the same form takes a DOCX for the second item.
    const noJs = await s.context({ bypassCSP: true, javaScriptEnabled: false });
    const plain = await signInTo(noJs, s.base, c.clerk.username, `${office}?lang=en`);
    await plain.fill('#add-titleEn', 'Draft of the road plan');
    await plain.selectOption('#add-kind', 'draft');
    await plain.selectOption('#add-target', { label: 'Agenda item 2: О дорогах' });
    await plain.setInputFiles('#add-file', {
      name: 'roads.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(plainDocx(['План ремонта дорог на 2027 год'])),
    });
    await submitForm(plain, `form[action="${office}"]`);
    assert.match(plain.url(), /saved=1/);
    await page.goto(`${s.base}${office}?lang=en`);
    await axeBoth(page, 'papers office with two papers');
    await screenshot(page, 'papers-office');

    await page.goto(`${s.base}/paperdesk/sittings/${sittingId}?lang=ru`);
    const main = (await page.textContent('main')) ?? '';
    assert.match(main, /Доклад о бюджете/);
    assert.match(main, /Редакция 1/);
    assert.match(main, /SHA-512 [0-9a-f]{128}/);
    await axeBoth(page, 'sitting page with papers');
    await screenshot(page, 'papers-sitting');
    const download = await page.getAttribute('a[href$="/v/1"]', 'href');
    assert.ok(download);

    await page.goto(`${s.base}/paperdesk/search?q=${encodeURIComponent('водоснабжение')}&lang=ru`);
    assert.match((await page.textContent('main')) ?? '', /Доклад о бюджете — заседание/);
    await axeBoth(page, 'search finding a paper');
    assert.deepEqual(pageErrors(context), []);
  });
});
