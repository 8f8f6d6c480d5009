// The clerk's office in Chromium, as a new user meets it (issue 15): from an empty database, the
// setup link (issued as `quorate serve` issues it) → the first site administrator → a 20-seat
// council under the Russian preset in force today → a roster CSV with a bad row (nothing stored,
// the row named) → the good file, checked and then stored → a committee of five → a faction →
// two members invited, one signing in through the link → the chair's role granted. axe-core on every
// page, in English and Russian; then the same forms with JavaScript disabled, signed in through the
// sign-in form. No API call outside the browser: the setup link is issued as `quorate serve` does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { axeViolations, browserSuite, pageErrors, screenshot } from './screens.ts';
import { issueSetupLink } from '../../src/services/first-run.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();
const PASSWORD = 'a long enough password';

const rows = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => `${i + from},Member ${i + from},Депутат ${i + from},2024-09-20`);
const csv = (lines: string[]) => Buffer.from(['seat,name_en,name_ru,starts_on', ...lines].join('\n'));

/** axe-core needs script: with JavaScript off the pages are checked by the run with it on. */
let axeOn = true;

async function axeClean(page: Page, what: string) {
  if (!axeOn) return;
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1).slice(0, 1500)}`);
}

/** Both languages of the page in view: axe-core clean in each. */
async function axeBoth(page: Page, what: string) {
  const url = new URL(page.url());
  for (const lang of ['en', 'ru']) {
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    await axeClean(page, `${what} (${lang})`);
  }
}

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
}

/** Creates a council through the form, a bad roster then a good one; returns the roster page. */
async function staffACouncil(page: Page, base: string, slug: string, shots: string) {
  await page.goto(`${base}/office/bodies/new?lang=ru`);
  await axeClean(page, 'new council form (ru)');
  await page.fill('#newbody-slug', slug);
  await page.fill('#newbody-nameRu', 'Муниципальный совет Колпино');
  await page.fill('#newbody-nameEn', 'Kolpino municipal council');
  await page.fill('#newbody-jurisdiction', 'Санкт-Петербург');
  await page.fill('#newbody-timeZone', 'Europe/Atlantis');
  await page.fill('#newbody-establishedSeats', '20');
  await page.selectOption('#newbody-preset', 'ru-33fz');
  await submit(page, 'form[action="/office/bodies"]');
  assert.equal(await page.getAttribute('#newbody-timeZone', 'aria-invalid'), 'true', 'the bad time zone is marked');
  await axeClean(page, 'new council form with an error (ru)');
  await screenshot(page, `${shots}-new-council-error`);
  await page.fill('#newbody-timeZone', 'Europe/Moscow');
  await submit(page, 'form[action="/office/bodies"]');
  assert.match(new URL(page.url()).pathname, new RegExp(`^/${slug}/office$`));
  assert.match((await page.textContent('main')) ?? '', /Установлено: 20\. Замещено: 0\. Вакантно: 20\./);

  // One bad row: nothing stored, the report names it.
  await page.setInputFiles('#import-roster', {
    name: 'roster.csv',
    mimeType: 'text/csv',
    buffer: csv([...rows(6), '21,Too many,Лишний,2024-09-20']),
  });
  await submit(page, `form[action="/${slug}/office/import"][enctype="multipart/form-data"]`);
  assert.equal(await page.locator('tr[data-line="8"].bad-row').count(), 1, 'line 8 (seat 21) is named');
  assert.equal(await page.locator('input[name=confirm]').count(), 0, 'nothing to confirm');
  await axeClean(page, 'bad roster report (ru)');
  await screenshot(page, `${shots}-roster-bad`);
  assert.match((await page.textContent('main')) ?? '', /Замещено: 0\./);

  // The good file: checked, shown, then stored on confirmation.
  await page.setInputFiles('#import-roster', { name: 'roster.csv', mimeType: 'text/csv', buffer: csv(rows(20)) });
  await submit(page, `form[action="/${slug}/office/import"][enctype="multipart/form-data"]`);
  assert.equal(await page.locator('tr.bad-row').count(), 0);
  await axeClean(page, 'good roster report (ru)');
  assert.match((await page.textContent('main')) ?? '', /Замещено: 0\./, 'nothing stored before confirming');
  await submit(page, `#report form`);
  assert.match((await page.textContent('main')) ?? '', /Замещено: 20\. Вакантно: 0\./);
  await axeBoth(page, 'roster page');
  await screenshot(page, `${shots}-roster`);
}

/**
 * A committee of five (issue 15, item 5): established from the council's office, a bad seat count
 * first (marked, nothing stored), then its own office, whose seat form offers the council's
 * members; the committee's page links back to the council and the council's to the committee.
 */
async function establishACommittee(page: Page, base: string, slug: string, shots: string) {
  const committee = `${slug}-budget`;
  await page.goto(`${base}/${slug}/office?lang=ru`);
  await page.fill('#committee-slug', committee);
  await page.fill('#committee-nameRu', 'Постоянная комиссия по бюджету');
  await page.fill('#committee-nameEn', 'Standing committee on the budget');
  await page.fill('#committee-establishedSeats', '21');
  assert.equal(await page.inputValue('#committee-preset'), 'ru-33fz', "the council's preset is the default");
  await submit(page, `form[action="/${slug}/office/committees"]`);
  assert.equal(await page.getAttribute('#committee-establishedSeats', 'aria-invalid'), 'true');
  await axeClean(page, 'committee form with an error (ru)');
  await screenshot(page, `${shots}-committee-error`);
  await page.fill('#committee-establishedSeats', '5');
  await submit(page, `form[action="/${slug}/office/committees"]`);
  assert.equal(new URL(page.url()).pathname, `/${committee}/office`);
  assert.match((await page.textContent('main')) ?? '', /Установлено: 5\. Замещено: 0\. Вакантно: 5\./);
  for (let seat = 1; seat <= 5; seat++) {
    await page.fill('#fill-seat', String(seat));
    await page.selectOption('#fill-parentMember', { index: 0 });
    await submit(page, `form[action="/${committee}/office/seats"]`);
  }
  assert.match((await page.textContent('main')) ?? '', /Установлено: 5\. Замещено: 5\. Вакантно: 0\./);
  await axeBoth(page, 'committee office');
  await screenshot(page, `${shots}-committee-office`);
  await page.goto(`${base}/${committee}?lang=ru`);
  await axeClean(page, 'committee page (ru)');
  await Promise.all([page.waitForLoadState('load'), page.click(`header a[href="/${slug}"]`)]);
  assert.equal(new URL(page.url()).pathname, `/${slug}`);
  await Promise.all([page.waitForLoadState('load'), page.click(`main a[data-committee="${committee}"]`)]);
  assert.equal(new URL(page.url()).pathname, `/${committee}`);
}

/**
 * The clerk invites seat 1's holder from the roster page; the invitee opens the link shown once in
 * a browser of their own, makes a mistake, then accepts with a new account; the roster shows the
 * seat linked (issue 15, item 4).
 */
async function inviteAMember(page: Page, invitee: Page, base: string, slug: string, shots: string) {
  await page.goto(`${base}/${slug}/office?lang=ru`);
  await page.fill('#invite-seat', '1');
  await submit(page, `form[action="/${slug}/office/invitations"]`);
  const link = await page.inputValue('#invite-link');
  assert.match(link, /\/invite\?token=[A-Za-z0-9_-]{43}$/);
  await axeClean(page, 'invitation issued (ru)');
  await screenshot(page, `${shots}-invitation`);
  // The page's own address lists the invitations waiting (the link is never shown again).
  await axeBoth(page, 'invitations waiting');
  assert.doesNotMatch(await page.content(), new RegExp(new URL(link).searchParams.get('token') ?? 'x'));
  await invitee.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
  await axeBoth(invitee, 'invitation page');
  await invitee.fill('#accept-username', `${slug}-member-1`);
  await invitee.fill('#accept-password', PASSWORD);
  await invitee.fill('#accept-confirmation', `${PASSWORD}!`);
  await submit(invitee, 'form[action="/invite"]');
  assert.equal(await invitee.getAttribute('#accept-confirmation', 'aria-invalid'), 'true');
  await axeClean(invitee, 'invitation page with an error');
  await invitee.fill('#accept-password', PASSWORD);
  await invitee.fill('#accept-confirmation', PASSWORD);
  await submit(invitee, 'form[action="/invite"]');
  assert.equal(new URL(invitee.url()).pathname, `/${slug}`);
  await page.goto(`${base}/${slug}/office?lang=ru`);
  assert.match((await page.textContent('tr[data-seat="1"]')) ?? '', /привязана/);
}

/**
 * A faction (issue 15, item 5): recorded from the office with its founding day, one member joins;
 * the public factions page lists it.
 */
async function recordAFaction(page: Page, base: string, slug: string, shots: string) {
  await page.goto(`${base}/${slug}/office/factions?lang=ru`);
  await axeClean(page, 'factions office (ru)');
  await page.fill('#new-nameRu', 'Фракция «Север»');
  await page.fill('#new-nameEn', 'North');
  await page.fill('#new-foundedOn', '2024-09-20');
  await submit(page, `form[action="/${slug}/office/factions"]`);
  const id = Number(/#faction-(\d+)$/.exec(page.url())?.[1]);
  assert.ok(id > 0, page.url());
  const member = await page.$eval(`#join-${id}-memberId`, (el) =>
    [...(el as HTMLSelectElement).options].map((o) => o.value).find((v) => v !== ''),
  );
  assert.ok(member, 'the join form offers the council’s members');
  await page.selectOption(`#join-${id}-memberId`, member);
  await page.fill(`#join-${id}-joinsOn`, '2024-09-20');
  await submit(page, `form[action="/${slug}/office/factions/${id}/members"]`);
  assert.equal(await page.locator(`section[data-faction="${id}"] li[data-member="${member}"]`).count(), 1);
  await axeBoth(page, 'factions office');
  await screenshot(page, `${shots}-faction`);
  await page.goto(`${base}/${slug}/factions?lang=ru`);
  assert.match((await page.textContent('main')) ?? '', /Фракция «Север»/);
  await axeBoth(page, 'factions page');
}

/** A second invitation, left waiting: the roster lists it as sent, the seat not yet linked. */
async function inviteAnother(page: Page, base: string, slug: string) {
  await page.goto(`${base}/${slug}/office?lang=ru`);
  await page.fill('#invite-seat', '2');
  await submit(page, `form[action="/${slug}/office/invitations"]`);
  assert.match(await page.inputValue('#invite-link'), /\/invite\?token=[A-Za-z0-9_-]{43}$/);
}

/** The chair's role, granted on the body's roles page to the member who accepted the invitation. */
async function grantTheChair(page: Page, base: string, slug: string, username: string, shots: string) {
  await page.goto(`${base}/${slug}/office/roles?lang=ru`);
  await axeClean(page, 'roles page (ru)');
  await page.fill('#grant-username', username);
  await page.selectOption('#grant-role', 'chair');
  await submit(page, `form[action="/${slug}/office/roles"]`);
  assert.match((await page.textContent('main')) ?? '', /Роль назначена\./);
  assert.match((await page.textContent('#holders ~ div table')) ?? '', new RegExp(`${username}.*Председатель`));
  await axeBoth(page, 'roles page');
  await screenshot(page, `${shots}-roles`);
}

describe("the clerk's office in Chromium (SQLite)", { skip }, () => {
  const s = browserSuite(sqlite);

  test('from an empty database: the setup link, the first administrator, a council and its roster', async () => {
    const context = await s.context({ bypassCSP: true });
    const page = await context.newPage();
    const home = await page.goto(`${s.base}/`);
    assert.equal(home?.status(), 503);
    await axeBoth(page, 'not set up yet');
    const link = await issueSetupLink(s.h.ctx);
    await page.goto(`${s.base}/setup?token=${link!.token}`);
    await axeBoth(page, 'setup page');
    await page.fill('#setup-username', 'kolpino-clerk');
    await page.fill('#setup-password', PASSWORD);
    await page.fill('#setup-confirmation', `${PASSWORD}!`);
    await submit(page, 'form[action="/setup"]');
    assert.equal(await page.getAttribute('#setup-confirmation', 'aria-invalid'), 'true');
    await axeClean(page, 'setup page with an error');
    await page.fill('#setup-password', PASSWORD);
    await page.fill('#setup-confirmation', PASSWORD);
    await submit(page, 'form[action="/setup"]');
    assert.equal(new URL(page.url()).pathname, '/office');
    await axeBoth(page, 'office home');
    await staffACouncil(page, s.base, 'kolpino', 'office-js');
    await establishACommittee(page, s.base, 'kolpino', 'office-js');
    const invitee = await (await s.context({ bypassCSP: true })).newPage();
    await recordAFaction(page, s.base, 'kolpino', 'office-js');
    await inviteAMember(page, invitee, s.base, 'kolpino', 'office-js');
    await inviteAnother(page, s.base, 'kolpino');
    await grantTheChair(page, s.base, 'kolpino', 'kolpino-member-1', 'office-js');
    assert.deepEqual(pageErrors(context), []);
  });

  test('the same forms with JavaScript disabled', async () => {
    axeOn = false;
    const context = await s.context({ bypassCSP: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${s.base}/sign-in?next=${encodeURIComponent('/office')}`);
    await page.fill('#username', 'kolpino-clerk');
    await page.fill('#password', PASSWORD);
    await submit(page, 'form.sign-in-form');
    assert.equal(new URL(page.url()).pathname, '/office');
    await staffACouncil(page, s.base, 'kolpino-nojs', 'office-nojs');
    await establishACommittee(page, s.base, 'kolpino-nojs', 'office-nojs');
    const invitee = await (await s.context({ bypassCSP: true, javaScriptEnabled: false })).newPage();
    await recordAFaction(page, s.base, 'kolpino-nojs', 'office-nojs');
    await inviteAMember(page, invitee, s.base, 'kolpino-nojs', 'office-nojs');
    await inviteAnother(page, s.base, 'kolpino-nojs');
    await grantTheChair(page, s.base, 'kolpino-nojs', 'kolpino-nojs-member-1', 'office-nojs');
  });
});
