// The public portal in Chromium: every page type in both languages with axe-core reporting no
// violations, every one again with JavaScript disabled, and XSS payloads typed into every text
// field proven inert — once with the CSP on and once with it bypassed, so escaping alone holds.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext } from 'playwright-core';
import { testDatabases } from '../support/databases.ts';
import { councilWithMembers, makeClient, startHarness, type Harness } from '../support/test-app.ts';
import { browserSkipReason, ensureWebBuild, launchChromium } from '../support/browser.ts';
import { axeViolations, cspViolations, pageErrors, screenshot, userContext } from './screens.ts';
import { createDemo } from '../../src/services/demo/create-demo.ts';

const sqlite = testDatabases().find((t) => t.label === 'sqlite')!;
const skip = browserSkipReason();

/** Each payload, if it ever ran, would set window.__xss or open a dialog. */
const XSS = [
  '<script>window.__xss=1</script>',
  '"><img src=x onerror="window.__xss=2">',
  '<svg onload="window.__xss=3"></svg>',
  'javascript:window.__xss=4',
  '\u202Eevil\u202C <b onmouseover="window.__xss=5">x</b>',
];
const xss = (i: number) => `${XSS[i % XSS.length]} #${i}`;

describe('public portal pages in Chromium (SQLite)', { skip }, () => {
  let h: Harness;
  let base: string;
  let browser: Browser;
  const pages: string[] = [];
  const hostilePages: string[] = [];
  const contexts: BrowserContext[] = [];

  before(async () => {
    await ensureWebBuild();
    h = await startHarness(sqlite);
    base = await h.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
    await createDemo(h.ctx);
    const demo = 'smolninskoye';
    const sitting = (await h.app.inject({ url: `/api/v1/bodies/${demo}/sittings` })).json().items[0].id;
    const vote = (await h.app.inject({ url: `/api/v1/bodies/${demo}/sittings/${sitting}` })).json().votes[0].id;
    const member = (await h.app.inject({ url: `/api/v1/bodies/${demo}/members` })).json().items[0].memberId;
    const appeals = (await h.app.inject({ url: `/api/v1/bodies/${demo}/appeals` })).json();
    const appeal = (appeals.items ?? appeals)[0]?.id;
    pages.push(
      '/',
      `/${demo}`,
      `/${demo}/members`,
      `/${demo}/members/${member}`,
      `/${demo}/sittings`,
      `/${demo}/sittings/${sitting}`,
      `/${demo}/votes/${vote}`,
      `/${demo}/decisions`,
      `/${demo}/search?q=${encodeURIComponent('Государственн')}`,
      `/${demo}/appeals`,
      ...(appeal ? [`/${demo}/appeals/${appeal}`] : []),
      `/${demo}/sittings/${sitting}/live`,
      '/sign-in',
    );

    // A body whose every text field a clerk can set carries a payload.
    const admin = await makeClient(h, { siteAdmin: true });
    const created = await admin.request('POST', '/api/v1/bodies', {
      slug: 'hostile',
      names: { en: xss(0), ru: xss(1) },
      establishedSeats: 3,
      rules: 'ronr',
    });
    assert.equal(created.statusCode, 201, created.body);
    const c = await councilWithMembers(h, 'hostile-members', 3);
    for (let i = 0; i < c.memberIds.length; i++) {
      await c.clerk.request('DELETE', `/api/v1/bodies/hostile-members/seats/${i + 1}/holder?endsOn=2026-11`);
      await c.clerk.request('PUT', `/api/v1/bodies/hostile-members/seats/${i + 1}/holder`, {
        person: { nameEn: xss(i + 2), nameRu: xss(i + 3) },
      });
    }
    const fresh = (await c.clerk.request('GET', '/api/v1/bodies/hostile-members/members'))
      .json()
      .items.map((m: { memberId: number }) => m.memberId);
    const s = await c.clerk.request('POST', '/api/v1/bodies/hostile-members/sittings', {
      title: xss(5),
      date: '2026-11-29',
      place: xss(6),
      agenda: [xss(7)],
    });
    const sid = s.json().id;
    await c.clerk.request('POST', `/api/v1/bodies/hostile-members/sittings/${sid}/open`);
    for (const id of fresh)
      await c.clerk.request('PUT', `/api/v1/bodies/hostile-members/sittings/${sid}/attendance/${id}`, {
        status: 'present',
      });
    const m = (
      await c.clerk.request('POST', '/api/v1/bodies/hostile-members/motions', {
        sittingId: sid,
        kind: 'ordinary',
        title: xss(8),
        text: xss(9),
      })
    ).json();
    const v = (
      await c.clerk.request('POST', '/api/v1/bodies/hostile-members/votes', { motionId: m.id, method: 'roll_call' })
    ).json();
    for (const id of fresh)
      await c.clerk.request('PUT', `/api/v1/bodies/hostile-members/votes/${v.id}/roll-call/${id}`, { choice: 'yes' });
    const closed = await c.clerk.request('POST', `/api/v1/bodies/hostile-members/votes/${v.id}/close`, {});
    assert.equal(closed.statusCode, 200, closed.body);
    await c.clerk.request('POST', '/api/v1/bodies/hostile-members/disputes', {
      targetType: 'vote',
      targetId: v.id,
      claimant: xss(10),
      claim: xss(11),
    });
    hostilePages.push(
      '/',
      '/hostile',
      '/hostile-members',
      '/hostile-members/members',
      `/hostile-members/members/${fresh[0]}`,
      '/hostile-members/sittings',
      `/hostile-members/sittings/${sid}`,
      `/hostile-members/votes/${v.id}`,
      '/hostile-members/decisions',
      `/hostile-members/search?q=${encodeURIComponent(XSS[0]!)}`,
      `/hostile-members/sittings/${sid}/live`,
      `/hostile-members/sittings/${sid}/projector`,
    );
  });
  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await h?.close();
  });

  test('every page type, in English and Russian, has no axe-core violations', async () => {
    const ctx = await userContext(browser, { bypassCSP: true });
    contexts.push(ctx);
    const page = await ctx.newPage();
    const failures: string[] = [];
    for (const lang of ['en', 'ru']) {
      for (const path of pages) {
        const url = `${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const r = await page.goto(url);
        assert.equal(r?.status(), 200, url);
        assert.equal(await page.getAttribute('html', 'lang'), lang, url);
        for (const v of await axeViolations(page))
          failures.push(`${lang} ${path}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 2).join(' | ')}`);
        await screenshot(page, `portal-${lang}${path.replace(/[^a-z0-9]+/gi, '-')}`);
      }
    }
    assert.deepEqual(failures, []);
    assert.deepEqual(pageErrors(ctx), []);
  });

  test('every page reads with JavaScript disabled', async () => {
    const ctx = await userContext(browser, { javaScriptEnabled: false });
    contexts.push(ctx);
    const page = await ctx.newPage();
    for (const path of pages) {
      const r = await page.goto(`${base}${path}`);
      assert.equal(r?.status(), 200, path);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered, visible text is what a reader sees
      const text = await page.locator('main').innerText();
      assert.ok(text.trim().length > 20, `${path} shows its content without JavaScript`);
    }
  });

  for (const bypassCSP of [false, true]) {
    test(`hostile text stays text on every page (CSP ${bypassCSP ? 'bypassed' : 'on'})`, async () => {
      const ctx = await userContext(browser, { bypassCSP });
      contexts.push(ctx);
      const page = await ctx.newPage();
      let dialogs = 0;
      page.on('dialog', async (d) => {
        dialogs++;
        await d.dismiss();
      });
      for (const path of hostilePages) {
        for (const lang of ['en', 'ru']) {
          const r = await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          assert.ok(r && r.status() < 500, `${path}: ${r?.status()}`);
          await page.hover('body').catch(() => {});
          for (const el of await page.locator('b').all()) await el.hover().catch(() => {});
          assert.equal(
            await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
            undefined,
            `a payload ran on ${path}`,
          );
          assert.equal(
            await page.locator('img[src="x"], svg[onload], script:not([src]):not([type="application/json"])').count(),
            0,
            `markup from user text on ${path}`,
          );
          if (!bypassCSP) assert.deepEqual(await cspViolations(page), [], `CSP violations on ${path}`);
        }
      }
      // The payloads are shown as text.
      await page.goto(`${base}/hostile-members/votes/${hostilePages[7]!.split('/').pop()}?lang=en`);
      // biome-ignore lint/performance/useDomNodeTextContent: the payload must be visible text, not hidden markup
      const shown = await page.locator('main').innerText();
      assert.ok(shown.includes('onerror'), 'the payload is visible as text');
      assert.equal(dialogs, 0);
    });
  }
});
