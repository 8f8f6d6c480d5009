// Roles and accounts in Chromium (issue 15, item 4): a council's administrator grants the chair's
// role on the roles page (after one mistake), the chair sees their own sessions and changes their
// password (after one mistake), a site administrator hands over a reset link that the holder uses
// in a browser of their own. axe-core clean in English and Russian on every page and every
// refusal; then the same forms with JavaScript disabled.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { browserSkipReason } from '../support/browser.ts';
import { axeViolations, browserSuite, pageErrors, screenshot, signInTo } from './screens.ts';
import { makeClient, type Client } from '../support/test-app.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();
const NEW_PASSWORD = 'a brand new long password';

async function axeClean(page: Page, what: string, on: boolean) {
  if (!on) return;
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${what}: ${JSON.stringify(violations, null, 1).slice(0, 1500)}`);
}

async function axeBoth(page: Page, what: string, on: boolean) {
  if (!on) return;
  const url = new URL(page.url());
  for (const lang of ['en', 'ru']) {
    url.searchParams.set('lang', lang);
    await page.goto(url.toString());
    await axeClean(page, `${what} (${lang})`, on);
  }
}

async function submit(page: Page, form: string) {
  await Promise.all([page.waitForLoadState('load'), page.click(`${form} button[type=submit]`)]);
}

describe('roles and accounts in Chromium (SQLite)', { skip }, () => {
  const s = browserSuite(sqlite);

  async function scenario(js: boolean, n: number) {
    const site = await makeClient(s.h, { siteAdmin: true });
    const slug = `acc${n}`;
    const created = await site.request('POST', '/api/v1/bodies', {
      slug,
      names: { en: `Council ${slug}`, ru: `Совет ${slug}` },
      establishedSeats: 5,
      rules: 'ronr',
    });
    assert.equal(created.statusCode, 201, created.body);
    const admin = await makeClient(s.h, { roles: [[slug, 'admin']] });
    const chair: Client = await makeClient(s.h);
    const options = { bypassCSP: true, javaScriptEnabled: js };
    const shots = js ? 'accounts-js' : 'accounts-nojs';

    // The council's administrator grants the chair's role.
    const adminContext = await s.context(options);
    const page = await signInTo(adminContext, s.base, admin.username, `/${slug}/office/roles`);
    await axeBoth(page, 'roles page', js);
    await page.goto(`${s.base}/${slug}/office/roles?lang=ru`);
    await page.fill('#grant-username', 'no-such-account');
    await page.selectOption('#grant-role', 'chair');
    await submit(page, `form[action="/${slug}/office/roles"]`);
    assert.equal(await page.getAttribute('#grant-username', 'aria-invalid'), 'true');
    await axeClean(page, 'roles page with an error (ru)', js);
    await page.fill('#grant-username', chair.username);
    await page.selectOption('#grant-role', 'chair');
    await submit(page, `form[action="/${slug}/office/roles"]`);
    assert.match((await page.textContent('main')) ?? '', /Роль назначена\./);
    assert.match((await page.textContent('#holders ~ div table')) ?? '', new RegExp(`${chair.username}.*Председатель`));
    await axeClean(page, 'roles page after a grant (ru)', js);
    await screenshot(page, `${shots}-roles`);

    // The chair's own account page: sessions, and a password change after one mistake.
    const chairContext = await s.context(options);
    const own = await signInTo(chairContext, s.base, chair.username, '/account');
    await axeBoth(own, 'account page', js);
    assert.match((await own.textContent('tr[data-current]')) ?? '', /This session|Текущий сеанс/);
    await own.goto(`${s.base}/account?lang=en`);
    await own.fill('#password-current', 'not my password');
    await own.fill('#password-password', NEW_PASSWORD);
    await own.fill('#password-confirmation', NEW_PASSWORD);
    await submit(own, 'form[action="/account/password"]');
    assert.equal(await own.getAttribute('#password-current', 'aria-invalid'), 'true');
    await axeClean(own, 'account page with an error', js);
    await own.fill('#password-current', 'correct horse battery');
    await own.fill('#password-password', NEW_PASSWORD);
    await own.fill('#password-confirmation', NEW_PASSWORD);
    await submit(own, 'form[action="/account/password"]');
    assert.match((await own.textContent('main')) ?? '', /Your password is changed/);
    await axeClean(own, 'account page after a change', js);
    await screenshot(own, `${shots}-account`);

    // A site administrator hands over a reset link; the holder uses it in their own browser.
    const siteContext = await s.context(options);
    const list = await signInTo(siteContext, s.base, site.username, '/office/accounts');
    await axeBoth(list, 'accounts page', js);
    await submit(list, `tr[data-account="${chair.username}"] form`);
    const link = new URL(await list.inputValue('#reset-link'));
    assert.match(link.search, /^\?token=[A-Za-z0-9_-]{43}$/);
    await axeClean(list, 'reset link issued', js);
    const holder = await (await s.context(options)).newPage();
    await holder.goto(`${s.base}${link.pathname}${link.search}`);
    await axeBoth(holder, 'reset page', js);
    await holder.fill('#reset-password', 'the password after a reset');
    await holder.fill('#reset-confirmation', 'the password after a typo');
    await submit(holder, 'form[action="/reset"]');
    assert.equal(await holder.getAttribute('#reset-confirmation', 'aria-invalid'), 'true');
    await axeClean(holder, 'reset page with an error', js);
    await holder.fill('#reset-password', 'the password after a reset');
    await holder.fill('#reset-confirmation', 'the password after a reset');
    await submit(holder, 'form[action="/reset"]');
    assert.match((await holder.textContent('main')) ?? '', /Your password is set|Пароль задан/);
    await axeClean(holder, 'reset done', js);
    // The chair's session ended with the reset.
    await own.goto(`${s.base}/account`);
    assert.equal(new URL(own.url()).pathname, '/sign-in');
    if (js) for (const c of [adminContext, chairContext, siteContext]) assert.deepEqual(pageErrors(c), []);
  }

  test('grant the chair’s role, change a password, hand over a reset link — axe-core clean in both languages', async () => {
    await scenario(true, 1);
  });

  test('the same forms with JavaScript disabled', async () => {
    await scenario(false, 2);
  });
});
