// Factions in Chromium (issue 15, item 5): the clerk records a faction on the office's factions page
// (a form refused with its field marked, then accepted), a member joins, joining a second time is
// refused on the day's field; the public factions page and a roll call's page with its table by
// faction. axe-core on every page in English and Russian; then the same forms with JavaScript off.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { councilWithMembers, sittingWithMotion } from '../support/test-app.ts';
import { axeViolations, browserSuite, pageErrors, screenshot, signInTo } from './screens.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

async function axeBoth(page: Page, what: string, axeOn: boolean) {
  if (!axeOn) return;
  const url = new URL(page.url());
  for (const lang of ['en', 'ru']) {
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], `${what} (${lang}): ${JSON.stringify(violations, null, 1).slice(0, 1500)}`);
  }
}

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
}

/** The clerk's way through the factions page; returns the new faction's id. */
async function recordAFaction(page: Page, base: string, slug: string, memberId: number, shots: string, axeOn: boolean) {
  await page.goto(`${base}/${slug}/office/factions?lang=ru`);
  await axeBoth(page, 'factions office', axeOn);
  await page.goto(`${base}/${slug}/office/factions?lang=ru`);
  // No name at all: refused, the Russian name's field marked, nothing recorded.
  await page.fill('#new-foundedOn', '2026-01-10');
  await submit(page, `form[action="/${slug}/office/factions"]`);
  assert.equal(await page.getAttribute('#new-nameRu', 'aria-invalid'), 'true', 'the name is marked');
  assert.equal(await page.locator('section[data-faction]').count(), 0);
  await screenshot(page, `${shots}-new-error`);
  await page.fill('#new-nameRu', 'Фракция «Север»');
  await page.fill('#new-nameEn', 'North');
  await page.fill('#new-foundedOn', '2026-01-10');
  await submit(page, `form[action="/${slug}/office/factions"]`);
  const id = Number(/#faction-(\d+)$/.exec(page.url())?.[1]);
  assert.ok(id > 0, page.url());
  assert.match((await page.textContent('[role=status]')) ?? '', /\S/);
  // A member joins; joining again while in it is refused on the day's field.
  const join = `form[action="/${slug}/office/factions/${id}/members"]`;
  await page.selectOption(`#join-${id}-memberId`, String(memberId));
  await page.fill(`#join-${id}-joinsOn`, '2026-01-10');
  await submit(page, join);
  assert.equal(await page.locator(`section[data-faction="${id}"] li[data-member="${memberId}"]`).count(), 1);
  await page.selectOption(`#join-${id}-memberId`, String(memberId));
  await page.fill(`#join-${id}-joinsOn`, '2026-02-01');
  await submit(page, join);
  assert.equal(await page.getAttribute(`#join-${id}-joinsOn`, 'aria-invalid'), 'true', 'the overlap is marked');
  assert.match((await page.textContent(`#join-${id}-joinsOn-error`)) ?? '', /не более чем в одну фракцию/);
  await screenshot(page, `${shots}-join-error`);
  return id;
}

describe('factions in Chromium (SQLite)', { skip }, () => {
  const s = browserSuite(sqlite);

  for (const js of [true, false]) {
    test(`the clerk records a faction and a member joins; the public pages show it (JavaScript ${js ? 'on' : 'off'})`, async () => {
      const slug = js ? 'frak-js' : 'frak-nojs';
      const c = await councilWithMembers(s.h, slug, 3);
      const context = await s.context({ bypassCSP: true, javaScriptEnabled: js });
      const page = await signInTo(context, s.base, c.clerk.username, `/${slug}/office/factions`);
      const id = await recordAFaction(page, s.base, slug, c.memberIds[0]!, `factions-${js ? 'js' : 'nojs'}`, js);

      await page.goto(`${s.base}/${slug}/factions?lang=en`);
      assert.match((await page.textContent(`section[data-faction="${id}"]`)) ?? '', /North[\s\S]*from 10 January 2026/);
      await axeBoth(page, 'factions page', js);
      await page.goto(`${s.base}/${slug}/members/${c.memberIds[0]}?lang=ru`);
      assert.match((await page.textContent('main')) ?? '', /Фракция «Север»/);

      // A roll call on the sitting's day: North's member votes yes, the others are in no faction.
      const { motionId, base } = await sittingWithMotion(s.h, c);
      const vote = (await c.clerk.request('POST', `${base}/votes`, { motionId, method: 'roll_call' })).json();
      for (const m of c.memberIds)
        await c.clerk.request('PUT', `${base}/votes/${vote.id}/roll-call/${m}`, { choice: 'yes' });
      assert.equal((await c.clerk.request('POST', `${base}/votes/${vote.id}/close`, {})).statusCode, 200);
      await page.goto(`${s.base}/${slug}/votes/${vote.id}?lang=en`);
      assert.equal(await page.locator('#faction-table tbody tr').count(), 2);
      assert.match((await page.textContent(`#faction-table tr[data-faction="${id}"]`)) ?? '', /North/);
      await axeBoth(page, 'vote page with its table by faction', js);
      await screenshot(page, `factions-${js ? 'js' : 'nojs'}-vote`);
      if (js) assert.deepEqual(pageErrors(context), []);
    });
  }
});
