// The appeals tracker's pages, the clerk's forms and the Atom entries, over the demo body, on every
// database, as of 29 November 2026.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { testDatabases } from './support/databases.ts';
import { makeClient, startHarness, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';
import { createSession } from '../src/services/accounts.ts';
import { pdfText } from './support/pdf-text.ts';

const NOW = new Date('2026-11-29T09:00:00Z');

for (const target of testDatabases()) {
  describe(`appeal pages on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let ids: { march: number; august: number; september: number };
    before(async () => {
      h = await startHarness(target);
      h.ctx.now = () => NOW;
      await createDemo(h.ctx);
      const list = (await h.app.inject({ url: `/api/v1/bodies/${DEMO_SLUG}/appeals` })).json().items as Array<{
        id: number;
      }>;
      const [september, august, march] = list.map((a) => a.id) as [number, number, number];
      ids = { march, august, september };
    });
    after(async () => {
      await h?.close();
    });

    const page = async (url: string, lang: 'en' | 'ru' = 'en', headers: Record<string, string> = {}) => {
      const r = await h.app.inject({ url, headers: { 'accept-language': lang, ...headers } });
      assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 500)}`);
      assert.equal(r.headers['content-type'], 'text/html; charset=utf-8');
      return r.body;
    };
    const text = (html: string) =>
      html
        .replace(/<[^>]+>/g, ' ')
        .replace(/&#x27;/g, "'")
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ');
    async function clerk() {
      const c = await makeClient(h, { roles: [[DEMO_SLUG, 'clerk']] });
      const s = await createSession(h.ctx, c.userId);
      const cookie = `quorate_session=${s.sessionToken}`;
      return {
        csrf: s.csrfToken,
        get: (url: string) => page(url, 'en', { cookie }),
        post: (url: string, fields: Record<string, string>) =>
          h.app.inject({
            method: 'POST',
            url,
            headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
            payload: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
          }),
      };
    }

    test('the tracker lists every appeal with its status, due date and days, in English and Russian', async () => {
      const en = text(await page(`/${DEMO_SLUG}/appeals`));
      assert.match(en, /3 appeals recorded\. Statuses as of 29 November 2026\./);
      assert.match(en, /Request of March 2022/);
      assert.match(en, /Ignored: no reply for 1,704 days/);
      assert.match(en, /between 31 March 2022 and 4 May 2022/);
      assert.match(en, /Answered: a form reply/);
      assert.match(en, /Nikita Yuferev, personally/);
      assert.match(en, /between 7 October 2022 and 10 October 2022/);
      assert.match(en, /Ignored: no reply for 1,544 days/);
      const ru = text(await page(`/${DEMO_SLUG}/appeals`, 'ru'));
      assert.match(ru, /Оставлено без ответа: 1\s704 дня/);
      assert.match(ru, /Получен ответ: формальный ответ \(отписка\)/);
      assert.match(ru, /Никита Юферев, лично/);
    });

    test('the navigation marks Appeals; the filter shows one status; the body home sums them up', async () => {
      const html = await page(`/${DEMO_SLUG}/appeals?status=ignored`);
      assert.match(html, new RegExp(`<a href="/${DEMO_SLUG}/appeals" aria-current="page">Appeals</a>`));
      const shown = text(html);
      assert.match(shown, /Request of March 2022/);
      assert.doesNotMatch(shown, /Letter of August 2022/);
      const home = text(await page(`/${DEMO_SLUG}`));
      assert.match(home, /Appeals to authorities 3 recorded: 0 awaiting a reply, 2 overdue or ignored, 1 answered\./);
    });

    test("the August letter's page: the form reply, undated, with its text; no forms for the public", async () => {
      const html = await page(`/${DEMO_SLUG}/appeals/${ids.august}`);
      const shown = text(html);
      assert.match(shown, /Answered: a form reply/);
      assert.match(shown, /date not recorded — Reply received: a form reply/);
      assert.match(shown, /Your proposal has been considered\./);
      assert.match(shown, /Presidential Administration of the Russian Federation/);
      assert.match(shown, /Federal Law No\. 59-FZ/);
      assert.doesNotMatch(html, /method="post"/);
      assert.doesNotMatch(html, /_csrf/);
    });

    test("the September appeal's page: its decision, its due date, and every step of the reckoning", async () => {
      const shown = text(await page(`/${DEMO_SLUG}/appeals/${ids.september}`));
      assert.match(shown, /Caused by the decision of 7 September 2022/);
      assert.match(shown, /Reply due between 7 October 2022 and 10 October 2022/);
      assert.match(shown, /Assumed \(not recorded\): registered 0–3 days after delivery/);
      assert.match(shown, /Due: between 7 Oct 2022 and 10 Oct 2022; counted as 10 Oct 2022, the latest/);
      const ru = text(await page(`/${DEMO_SLUG}/appeals/${ids.september}`, 'ru'));
      assert.match(ru, /Срок: между 7 октября 2022 и 10 октября 2022/);
    });

    test('unknown appeals are an HTML 404', async () => {
      for (const url of [`/${DEMO_SLUG}/appeals/999999`, `/${DEMO_SLUG}/appeals/x`, '/nobody/appeals']) {
        const r = await h.app.inject({ url });
        assert.equal(r.statusCode, 404, url);
        assert.match(r.headers['content-type'] as string, /^text\/html/);
      }
    });

    test("the clerk's forms: add an authority, draft an appeal, record its sending; refusals are shown and change nothing", async () => {
      const c = await clerk();
      const list = await c.get(`/${DEMO_SLUG}/appeals`);
      assert.match(list, /<form action="\/smolninskoye\/appeals" method="post">/);
      assert.match(list, new RegExp(`name="_csrf" value="${c.csrf}"`));
      assert.match(text(list), /Needs attention overdue — Request of March 2022/);

      const added = await c.post(`/${DEMO_SLUG}/authorities`, {
        nameEn: 'Ministry of Justice',
        nameRu: 'Министерство юстиции',
        address: '',
        rule: 'ru-59fz',
      });
      assert.deepEqual([added.statusCode, added.headers.location], [303, `/${DEMO_SLUG}/appeals?saved=1#clerk`]);
      const authority = (await h.app.inject({ url: `/api/v1/bodies/${DEMO_SLUG}/authorities` })).json().items.at(-1);
      assert.equal(authority.names.ru, 'Министерство юстиции');

      const drafted = await c.post(`/${DEMO_SLUG}/appeals`, {
        title: '<b>Appeal</b> & "quotes"',
        authorityId: String(authority.id),
        sender: 'body',
        decisionId: '',
        channel: 'email',
        reference: '',
        summary: '',
        personalDetails: '',
      });
      assert.equal(drafted.statusCode, 303, drafted.body.slice(0, 300));
      const id = Number(/appeals\/(\d+)\?saved=1/.exec(drafted.headers.location as string)![1]);
      const saved = await c.get(`/${DEMO_SLUG}/appeals/${id}?saved=1`);
      assert.match(saved, /&lt;b&gt;Appeal&lt;\/b&gt; &amp; &quot;quotes&quot;/);
      assert.match(text(saved), /Recorded\./);

      const before = await snapshot(h.db.dialect);
      const future = await c.post(`/${DEMO_SLUG}/appeals/${id}/events`, {
        type: 'sent',
        on: '2026-12-01',
        classification: '',
        days: '',
        text: '',
      });
      assert.equal(future.statusCode, 400);
      assert.match(text(future.body), /Not recorded: 2026-12-01 has not come yet/);
      const reply = await c.post(`/${DEMO_SLUG}/appeals/${id}/events`, {
        type: 'reply_received',
        on: '2026-11-01',
        classification: 'partial',
      });
      assert.equal(reply.statusCode, 409);
      assert.equal(await snapshot(h.db.dialect), before);

      const sent = await c.post(`/${DEMO_SLUG}/appeals/${id}/events`, {
        type: 'sent',
        on: '2026-11-20',
        classification: '',
        days: '',
        notice: '',
        toAuthorityId: '',
        reason: '',
        reference: '',
        text: '',
      });
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
      const after = text(await page(`/${DEMO_SLUG}/appeals/${id}`));
      assert.match(after, /20 November 2026 — Sent/);
      assert.match(after, /Sent; the reply period starts by 23 November 2026|Awaiting a reply: \d+ days left/);
    });

    test('forms posted without a session or by a member change nothing', async () => {
      const member = await makeClient(h, { roles: [[DEMO_SLUG, 'member']] });
      const s = await createSession(h.ctx, member.userId);
      const before = await snapshot(h.db.dialect);
      const anon = await h.app.inject({
        method: 'POST',
        url: `/${DEMO_SLUG}/authorities`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'nameEn=X&rule=ru-59fz',
      });
      assert.equal(anon.statusCode, 401);
      assert.match(anon.headers['content-type'] as string, /^text\/html/);
      const denied = await h.app.inject({
        method: 'POST',
        url: `/${DEMO_SLUG}/appeals/${ids.march}/events`,
        headers: { cookie: `quorate_session=${s.sessionToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: s.csrfToken, type: 'follow_up', on: '2026-11-01' }).toString(),
      });
      assert.equal(denied.statusCode, 403);
      const noCsrf = await h.app.inject({
        method: 'POST',
        url: `/${DEMO_SLUG}/authorities`,
        headers: { cookie: `quorate_session=${s.sessionToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'nameEn=X&rule=ru-59fz',
      });
      assert.equal(noCsrf.statusCode, 403);
      assert.equal(await snapshot(h.db.dialect), before);
    });

    test("the minutes list the appeals sent under the sitting's decisions, facts only", async () => {
      for (const [lang, expected] of [
        ['en', 'Appeals sent under these decisions'],
        ['ru', 'Обращения, направленные по этим решениям'],
      ] as const) {
        const r = await h.app.inject({ url: `/export/${DEMO_SLUG}/sittings/1/minutes.pdf?lang=${lang}` });
        assert.equal(r.statusCode, 200);
        const text = (await pdfText(new Uint8Array(r.rawPayload))).pages.join(' ').replace(/\s+/g, ' ');
        assert.ok(text.includes(expected), text.slice(-800));
        assert.ok(
          text.includes(
            lang === 'en'
              ? 'to State Duma of the Federal Assembly of the Russian Federation; sent 7 September 2022.'
              : 'отправлено 7 сентября 2022',
          ),
          text.slice(-800),
        );
      }
    });

    test("the Atom feed carries appeals' status changes beside decisions", async () => {
      const r = await h.app.inject({ url: `/export/${DEMO_SLUG}/feed.atom?lang=en` });
      assert.equal(r.statusCode, 200);
      const doc = new DOMParser().parseFromString(r.body, 'text/xml');
      const entries = Array.from(doc.getElementsByTagName('entry')).map((e) => ({
        id: e.getElementsByTagName('id')[0]!.textContent!,
        title: e.getElementsByTagName('title')[0]!.textContent!,
        category: e.getElementsByTagName('category')[0]!.getAttribute('term'),
        summary: e.getElementsByTagName('summary')[0]!.textContent!,
        updated: e.getElementsByTagName('updated')[0]!.textContent!,
      }));
      const appeals = entries.filter((e) => e.category === 'appeal');
      const titles = appeals.map((e) => e.title);
      assert.ok(titles.includes('Sent: Request of March 2022'), titles.join('\n'));
      assert.ok(titles.includes('Reply received: Letter of August 2022'));
      assert.ok(titles.includes('Reply overdue: Request of March 2022'));
      assert.ok(titles.includes('Ignored: Request of March 2022'));
      assert.ok(
        !titles.some((t) => t.includes('Letter of August 2022') && /overdue|Ignored/.test(t)),
        'an answered appeal is never called ignored',
      );
      const ignored = appeals.find((e) => e.title === 'Ignored: Request of March 2022')!;
      assert.equal(ignored.summary, 'To the President of the Russian Federation. Ignored: no reply for 1,704 days.');
      assert.match(ignored.id, new RegExp(`/smolninskoye/appeals/${ids.march}#ignored-2022-05-04$`));
      // A history entered afterwards: the change is dated when the record could first know it.
      assert.ok(ignored.updated >= '2026-11-29', ignored.updated);
      assert.ok(entries.some((e) => e.category === 'decision'));
    });
  });
}
