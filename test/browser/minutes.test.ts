// Minutes in Chromium (issue 17), as a clerk and a chair would: a closed sitting's minutes drafted
// on the minutes office page, a narrative added in English and in Russian, put to the vote at the
// next sitting, approved there; then signed by the chair and by the clerk, each in their own
// browser; the public sitting page offers the approved PDF, whose SHA-256 is the one in the
// approval's entry. The office page is axe-core clean in both languages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { councilWithMembers, verifyBody } from '../support/test-app.ts';
import { axeViolations, browserSuite, signInTo } from './screens.ts';
import { readEntries } from '../../src/db/repositories/log-repository.ts';
import { decodeEntry } from '../../src/domain/entries/record-entry.ts';
import { findBody } from '../../src/services/bodies.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
}

describe('minutes in Chromium', { skip }, () => {
  const s = browserSuite(sqlite);

  test('drafted with narratives in both languages, approved at the next sitting, signed; the PDF matches its entry', async () => {
    const c = await councilWithMembers(s.h, 'minutesdesk', 3);
    const api = '/api/v1/bodies/minutesdesk';
    const first = (
      await c.clerk.request('POST', `${api}/sittings`, {
        title: 'First sitting',
        date: '2026-11-20',
        agenda: ['Roads'],
      })
    ).json().id as number;
    await c.clerk.request('POST', `${api}/sittings/${first}/open`);
    for (const id of c.memberIds)
      await c.clerk.request('PUT', `${api}/sittings/${first}/attendance/${id}`, { status: 'present' });
    assert.equal((await c.clerk.request('POST', `${api}/sittings/${first}/close`)).statusCode, 200);
    const second = (
      await c.clerk.request('POST', `${api}/sittings`, { title: 'Second sitting', date: '2026-11-27' })
    ).json().id as number;

    const office = `/minutesdesk/office/sittings/${first}/minutes`;
    const clerkContext = await s.context({ bypassCSP: true });
    const clerk = await signInTo(clerkContext, s.base, c.clerk.username, office);
    for (const lang of ['en', 'ru']) {
      await clerk.goto(`${s.base}${office}?lang=${lang}`);
      const violations = await axeViolations(clerk);
      assert.deepEqual(violations, [], `minutes office (${lang}): ${JSON.stringify(violations).slice(0, 1500)}`);
    }
    await clerk.goto(`${s.base}${office}?lang=en`);
    await submit(clerk, `form[action="${office}"]`);
    assert.match(clerk.url(), /saved=drafted/);
    for (const [lang, text] of [
      ['en', 'Residents asked about the potholes on Main Street.'],
      ['ru', 'Жители спросили о ямах на главной улице.'],
    ] as const) {
      await clerk.selectOption('#narrative-lang', lang);
      await clerk.fill('#narrative-text', text);
      await submit(clerk, `form[action="${office}/narratives"]`);
      assert.match(clerk.url(), /saved=narrative/);
    }
    assert.ok((await clerk.content()).includes('Жители спросили о ямах на главной улице.'));
    await clerk.selectOption('#motion-sittingId', String(second));
    await submit(clerk, `form[action="${office}/motion"]`);
    assert.match(clerk.url(), /saved=motion/);

    // The next sitting votes on it.
    const motion = (
      (await c.clerk.request('GET', `${api}/sittings/${second}`)).json().motions as Array<{
        id: number;
        kind: string;
      }>
    ).find((m) => m.kind === 'minutes_approval');
    assert.ok(motion);
    await c.clerk.request('POST', `${api}/sittings/${second}/open`);
    for (const id of c.memberIds)
      await c.clerk.request('PUT', `${api}/sittings/${second}/attendance/${id}`, { status: 'present' });
    const vote = (
      await c.clerk.request('POST', `${api}/votes`, { motionId: motion.id, method: 'show_of_hands' })
    ).json();
    const closed = await c.clerk.request('POST', `${api}/votes/${vote.id}/close`, {
      totals: { yes: 3, no: 0, abstain: 0 },
    });
    assert.equal(closed.statusCode, 200, closed.body);

    const chairContext = await s.context();
    const chair = await signInTo(chairContext, s.base, c.chair.username, office);
    await submit(chair, `form[action="${office}/signatures"]`);
    assert.match(chair.url(), /saved=signed/);
    await clerk.goto(`${s.base}${office}?lang=ru`);
    await submit(clerk, `form[action="${office}/signatures"]`);
    assert.match(clerk.url(), /saved=signed/);

    // The public page (anyone): the status, who signed, and the approved PDF.
    const publicContext = await s.context();
    const reader = await publicContext.newPage();
    await reader.goto(`${s.base}/minutesdesk/sittings/${first}?lang=en`);
    const section = await reader.textContent('section[aria-labelledby="minutes"]');
    assert.ok(section?.includes('approved and signed'), 'the derived status');
    assert.ok(section?.includes('Signed by the chair') && section.includes('Signed by the clerk'), 'who signed');
    const href = await reader.getAttribute('section[aria-labelledby="minutes"] a', 'href');
    assert.ok(href?.includes(`/export/minutesdesk/sittings/${first}/minutes.pdf`), 'the approved PDF is offered');
    const pdf = await reader.request.get(`${s.base}${href}`);
    assert.equal(pdf.status(), 200);
    const sha = createHash('sha256')
      .update(await pdf.body())
      .digest('hex');
    const body = await findBody(s.h.db.dialect.db, 'minutesdesk');
    const entries = await readEntries(s.h.db.dialect.db, body.id, 0, 10_000);
    const approved = entries.map((e) => decodeEntry(e.bytes)).find((e) => e.type === 'minutes.approved');
    assert.ok(approved, 'the approval is in the log');
    assert.equal(sha, (approved.data.pdf as { sha256: string }).sha256, "the served PDF is the entry's");
    const verified = await verifyBody(s.h, 'minutesdesk');
    assert.equal(verified.code, 0, verified.output.slice(0, 2000));
  });
});
