// The demo body tells the reference story, facts only, on every database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { createDemo, DEMO_SLUG } from '../src/services/demo/create-demo.ts';

const story = JSON.parse(readFileSync(new URL('./fixtures/smolninskoye-2022.json', import.meta.url), 'utf8'));

for (const target of testDatabases()) {
  describe(`demo body on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let accounts: Awaited<ReturnType<typeof createDemo>>['accounts'];
    before(async () => {
      h = await startHarness(target);
      ({ accounts } = await createDemo(h.ctx));
    });
    after(async () => {
      await h?.close();
    });
    const get = (url: string) =>
      h.app.inject({ url: `/api/v1${url}` }).then((r) => {
        assert.equal(r.statusCode, 200, r.body);
        return r.json();
      });

    test('lists smolninskoye with 20 established and 20 filled seats', async () => {
      const { items } = await get('/bodies');
      assert.equal(items.length, 1);
      assert.equal(items[0].slug, DEMO_SLUG);
      assert.equal(items[0].establishedSeats, story.body.established_seats);
      assert.equal(items[0].filledSeats, 20);
      const body = await get(`/bodies/${DEMO_SLUG}`);
      assert.equal(body.rules.preset, 'ru-131fz');
      assert.equal(body.origin, `council.example.org/${DEMO_SLUG}`);
    });

    test("14 seats are held by holders the record does not name; the six named are the reports'", async () => {
      const { items } = await get(`/bodies/${DEMO_SLUG}/members`);
      assert.equal(items.length, 20);
      assert.equal(items.filter((m: { vacant: boolean }) => m.vacant).length, 0);
      const named = items.filter((m: { holderNamed: boolean }) => m.holderNamed);
      // The four of the main report, and the two more that later reports name among the supporters.
      const expected = new Set<string>([
        ...story.members_named_in_report.map((m: { name_en: string }) => m.name_en),
        ...story.later_reports.reported_supporters.names.map((m: { name_en: string }) => m.name_en),
      ]);
      assert.deepEqual(named.map((m: { name: { en: string } }) => m.name.en).sort(), [...expected].sort());
      assert.equal(expected.size, 6);
      assert.equal(
        items.filter((m: { holderNamed: boolean; name: unknown }) => !m.holderNamed && m.name === null).length,
        14,
      );
    });

    test('the five supporters later reports name are a report with its sources, not a roll call', async () => {
      const { items } = await get(`/bodies/${DEMO_SLUG}/sittings`);
      const s = await get(`/bodies/${DEMO_SLUG}/sittings/${items[0].id}`);
      assert.equal(s.attendance.named.length, 4, 'attendance still names only the four of the main report');
      const v = await get(`/bodies/${DEMO_SLUG}/votes/${s.votes[0].id}`);
      assert.equal(v.ballots, null, 'no recorded roll call');
      assert.equal(v.reports.length, 1);
      const r = v.reports[0];
      const supporters = story.later_reports.reported_supporters;
      assert.equal(r.source, supporters.sources);
      assert.equal(r.claim, supporters.claim);
      assert.deepEqual(
        r.positions.map((p: { nameEn: string; choice: string }) => `${p.nameEn}:${p.choice}`).sort(),
        supporters.names.map((n: { name_en: string }) => `${n.name_en}:yes`).sort(),
      );
      const page = await h.app.inject({ url: `/${DEMO_SLUG}/votes/${s.votes[0].id}?lang=ru` });
      assert.match(page.body, /Иван Чеботарь/);
      assert.match(page.body, /поимённое голосование не записывалось/);
    });

    test("the Russian vote page shows the appeal's own Russian words, quoted exactly, each with its source", async () => {
      const { items } = await get(`/bodies/${DEMO_SLUG}/sittings`);
      const s = await get(`/bodies/${DEMO_SLUG}/sittings/${items[0].id}`);
      const ru = await h.app.inject({ url: `/${DEMO_SLUG}/votes/${s.votes[0].id}?lang=ru` });
      const en = await h.app.inject({ url: `/${DEMO_SLUG}/votes/${s.votes[0].id}?lang=en` });
      const quotes = story.later_reports.appeal_text_ru_quotes as Array<{ quote: string; source: string }>;
      assert.equal(quotes.length, 2);
      for (const q of quotes) {
        assert.ok(
          ru.body.includes(q.quote.replaceAll('"', '&quot;')),
          `the quote as the outlet gave it: ${q.quote.slice(0, 40)}`,
        );
        assert.ok(ru.body.includes(q.source), q.source);
        assert.ok(!en.body.includes(q.quote), 'the English page keeps the English record');
      }
      // No Russian title is known: the title stays in English, marked as such; the English text follows as recorded.
      assert.match(ru.body, /<span lang="en">/);
      assert.match(ru.body, /Как записано, на английском языке:/);
      // The sitting's Russian title is the clerk's own label.
      assert.match(s.texts.title.others.ru[0].text, /Заседание 7 сентября 2022 года/);
    });

    test('the sitting: a headcount of 10 naming four, quorate, the 7–0–3 vote adopted, the dispute beside it', async () => {
      const { items } = await get(`/bodies/${DEMO_SLUG}/sittings`);
      assert.equal(items.length, 1);
      assert.equal(items[0].date, story.sitting.date);
      const s = await get(`/bodies/${DEMO_SLUG}/sittings/${items[0].id}`);
      assert.equal(s.attendance.mode, 'headcount');
      assert.equal(s.attendance.present, 10);
      assert.equal(s.attendance.absent, 10);
      assert.equal(s.attendance.named.length, 4);
      assert.equal(s.quorum.quorate, true);
      assert.equal(s.quorum.needed, 10);
      assert.equal(s.startsAt, null, 'no time is invented');
      assert.equal(s.disputes.length, 1);
      assert.match(s.disputes[0].claimant, /Rankov/);
      assert.match(s.disputes[0].claim, /eight of the 20/);
      assert.equal(s.votes.length, 1);
      const v = await get(`/bodies/${DEMO_SLUG}/votes/${s.votes[0].id}`);
      assert.equal(v.method, 'show_of_hands');
      assert.deepEqual([v.counts.yes, v.counts.no, v.counts.abstain], [7, 0, 3]);
      assert.equal(v.present, 10);
      assert.equal(v.outcome.adopted, true);
      assert.equal(v.outcome.quorate, true);
      assert.equal(v.outcome.requiredYes, 4);
      assert.equal(v.ballots, null, 'who voted how is not reported');
      assert.equal(v.openedAt, null);
      assert.ok(v.outcome.explanation.en.length > 0 && v.outcome.explanation.ru.length > 0);
      assert.equal(v.decision.registerNumber, null, 'the register number is not known');
      assert.equal(v.decision.adoptedOn, '2022-09-07');
      const decisions = await get(`/bodies/${DEMO_SLUG}/decisions`);
      assert.equal(decisions.total, 1);
    });

    test('demo accounts work: the member can sign in; nothing about accounts enters the log', async () => {
      assert.deepEqual(
        accounts.map((a) => a.role),
        ['clerk', 'chair', 'member'],
      );
      const member = accounts.find((a) => a.role === 'member')!;
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: member.username, password: member.password },
      });
      assert.equal(r.statusCode, 200, r.body);
      const entries = await h.db.dialect.db.selectFrom('entries').select('bytes').execute();
      for (const e of entries) {
        const text = Buffer.from(e.bytes).toString();
        for (const a of accounts) {
          assert.ok(!text.includes(a.username) && !text.includes(a.password), 'accounts never enter the log');
        }
        assert.doesNotMatch(text, /scrypt\$/);
      }
    });
  });
}

for (const target of testDatabases()) {
  describe(`admin actions in the log on ${target.label}`, { skip: target.skip }, () => {
    test('role grants, revocations and account links are entries with no account data', async () => {
      const h = await startHarness(target);
      try {
        const { accounts } = await createDemo(h.ctx);
        const entries = (
          await h.db.dialect.db.selectFrom('entries').select(['type', 'bytes']).orderBy('idx').execute()
        ).map((e) => ({ type: e.type, text: Buffer.from(e.bytes).toString() }));
        const admin = entries.filter((e) => ['role.granted', 'role.revoked', 'member.account_linked'].includes(e.type));
        assert.ok(admin.some((e) => e.type === 'role.granted' && e.text.includes('"role":"clerk"')));
        assert.ok(admin.some((e) => e.type === 'member.account_linked'));
        for (const e of admin) {
          for (const a of accounts) assert.ok(!e.text.includes(a.username) && !e.text.includes(a.password));
          assert.deepEqual(
            Object.keys(JSON.parse(e.text).data).sort(),
            e.type === 'member.account_linked' ? ['account', 'member'] : ['account', 'role'],
          );
        }
      } finally {
        await h.close();
      }
    });
  });
}
