// Hostile text in every field a person can fill shows as text and breaks no page, export or PDF,
// on every database: markup, attribute breakouts, right-to-left overrides, placeholders, formula
// prefixes, control characters, and 10,000-character titles.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { testDatabases } from './support/databases.ts';
import { startHarness, type Harness } from './support/test-app.ts';
import { popoloValidator } from './support/popolo-validator.ts';
import { pdfText } from './support/pdf-text.ts';
import { strictXml } from './open-data.test.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { createBody, fillSeat } from '../src/services/bodies.ts';
import { addAgendaItem, markAttendance, scheduleSitting, setSittingStatus } from '../src/services/sittings.ts';
import { tableMotion } from '../src/services/motions.ts';
import { closeVote, declareResult, openVote, recordRollCall } from '../src/services/votes.ts';
import { recordDispute } from '../src/services/disputes.ts';

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"><img src=x onerror=alert(1)>';
const RTL = '\u202eevil\u200f\u200e';
const LONG = `${SCRIPT} ${'Очень длинное название '.repeat(420)}${'x'.repeat(200)}`.padEnd(10_000, 'y');
const NASTY = `${SCRIPT}${BREAKOUT}${RTL} {count} =HYPERLINK("x") \u0001 & ' 🗳️`;
// A register number is printable text of at most 64 characters (control and format characters
// are refused), so the hostile one is markup and a formula only.
const NUMBER = `=HYPERLINK("x")${SCRIPT}`;
const SLUG = 'hostile';
assert.equal(LONG.length, 10_000);

for (const target of testDatabases()) {
  describe(`hostile text on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let ids: { sitting: number; vote: number; member: number };
    before(async () => {
      h = await startHarness(target);
      const ctx = h.ctx;
      const body = await createBody(ctx, operatorActor(), {
        slug: SLUG,
        names: { en: NASTY, ru: `${RTL}${SCRIPT}` },
        jurisdiction: BREAKOUT,
        establishedSeats: 3,
        rules: 'ronr',
      });
      const op = operatorActor(body.id);
      const m1 = await fillSeat(ctx, op, SLUG, { seatNumber: 1, person: { nameEn: NASTY, nameRu: BREAKOUT } });
      const m2 = await fillSeat(ctx, op, SLUG, { seatNumber: 2, person: { nameEn: RTL, nameRu: null } });
      await fillSeat(ctx, op, SLUG, { seatNumber: 3, person: null });
      const sitting = await scheduleSitting(ctx, op, SLUG, {
        title: LONG,
        date: '2026-11-29',
        place: NASTY,
        agenda: [NASTY, LONG],
      });
      await addAgendaItem(ctx, op, SLUG, sitting.id, BREAKOUT);
      await setSittingStatus(ctx, op, SLUG, sitting.id, 'open');
      await markAttendance(ctx, op, SLUG, sitting.id, { memberId: m1.membershipId, status: 'present' });
      await markAttendance(ctx, op, SLUG, sitting.id, { memberId: m2.membershipId, status: 'present' });
      const motion = await tableMotion(ctx, op, SLUG, {
        sittingId: sitting.id,
        kind: 'ordinary',
        title: LONG,
        text: `${NASTY}\n\n${LONG}`,
      });
      const vote = await openVote(ctx, op, SLUG, { motionId: motion.id, method: 'roll_call' });
      await recordRollCall(ctx, op, SLUG, vote.id, { memberId: m1.membershipId, choice: 'yes' });
      await recordRollCall(ctx, op, SLUG, vote.id, { memberId: m2.membershipId, choice: 'yes' });
      await closeVote(ctx, op, SLUG, vote.id, { registerNumber: NUMBER });
      await declareResult(ctx, op, SLUG, vote.id, { adopted: false, declaredBy: NASTY, reason: LONG });
      for (const [targetType, targetId] of [
        ['sitting', sitting.id],
        ['vote', vote.id],
        ['motion', motion.id],
      ] as const) {
        await recordDispute(ctx, op, SLUG, {
          targetType,
          targetId,
          claimant: NASTY,
          claim: LONG,
          source: BREAKOUT,
          occurredOn: '2026-11',
        });
      }
      await setSittingStatus(ctx, op, SLUG, sitting.id, 'closed');
      ids = { sitting: sitting.id, vote: vote.id, member: m1.membershipId };
    });
    after(async () => {
      await h?.close();
    });

    test('every page shows it as text: no live markup, the long title whole', async () => {
      const urls = [
        '/',
        `/${SLUG}`,
        `/${SLUG}/members`,
        `/${SLUG}/members/${ids.member}`,
        `/${SLUG}/sittings`,
        `/${SLUG}/sittings/${ids.sitting}`,
        `/${SLUG}/votes/${ids.vote}`,
        `/${SLUG}/decisions`,
        `/${SLUG}/search?q=${encodeURIComponent(NASTY)}`,
        `/${SLUG}/search?q=${encodeURIComponent('очень длинное')}`,
      ];
      for (const lang of ['en', 'ru']) {
        for (const url of urls) {
          const r = await h.app.inject({ url, headers: { 'accept-language': lang } });
          assert.equal(r.statusCode, 200, `${url}: ${r.body.slice(0, 200)}`);
          assert.ok(!r.body.includes('<script>alert') && !r.body.includes('<img src=x'), `${url} has live markup`);
          assert.ok(!/<script(?![^>]*type="application\/json")/.test(r.body), `${url}: a script element`);
          // User text escapes < and ", so every tag and every quoted value is ours: with the values
          // blanked out, no tag may carry an event handler.
          assert.ok(!/<[^>]*\son[a-z]+=/i.test(r.body.replace(/"[^"]*"/g, '""')), `${url}: an attribute broke out`);
        }
      }
      const vote = (await h.app.inject({ url: `/${SLUG}/votes/${ids.vote}` })).body;
      assert.ok(vote.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown, escaped');
      assert.ok(vote.includes('x'.repeat(200)), 'the 10,000-character title is shown whole');
      assert.ok(vote.includes('{count}'), 'a placeholder in user text stays text');
      assert.ok(vote.includes(RTL), 'right-to-left marks kept as characters');
      const search = (
        await h.app.inject({
          url: `/${SLUG}/search?q=${encodeURIComponent('очень длинное')}`,
          headers: { 'accept-language': 'en' },
        })
      ).body;
      assert.ok(search.includes('1 result'));
    });

    test('Popolo stays valid and carries the text exactly', async () => {
      const data = JSON.parse((await h.app.inject({ url: `/export/${SLUG}/popolo.json` })).body);
      const v = popoloValidator();
      for (const [key, kind] of [
        ['organizations', 'organization'],
        ['persons', 'person'],
        ['events', 'event'],
        ['motions', 'motion'],
        ['vote_events', 'vote_event'],
      ] as const) {
        for (const item of data[key]) assert.deepEqual(v.errors(kind, item), [], key);
      }
      assert.equal(data.events[0].name, LONG);
      assert.equal(data.motions[0].identifier, LONG);
      assert.equal(data.vote_events[0].identifier, NUMBER);
    });

    test('CSV: a real parser reads the text back (formula prefix defused)', async () => {
      const votes = parseCsv((await h.app.inject({ url: `/export/${SLUG}/votes.csv` })).body, {
        bom: true,
        columns: true,
      }) as Array<Record<string, string>>;
      assert.equal(votes.length, 2);
      assert.equal(votes[0]!.motion_title, LONG);
      assert.equal(votes[0]!.decision_number, `'${NUMBER}`, 'a formula gets the apostrophe that defuses it');
      assert.equal(votes[0]!.member_name_en, NASTY);
      const attendance = parseCsv((await h.app.inject({ url: `/export/${SLUG}/attendance.csv` })).body, {
        bom: true,
        columns: true,
      }) as Array<Record<string, string>>;
      assert.equal(attendance[0]!.sitting_title, LONG);
      assert.equal(attendance[1]!.member_name_en, RTL);
    });

    test('Atom stays well-formed XML; iCalendar parses', async () => {
      const feed = strictXml((await h.app.inject({ url: `/export/${SLUG}/feed.atom?lang=en` })).body);
      const title = feed.getElementsByTagNameNS('http://www.w3.org/2005/Atom', 'title')[0]!.textContent!;
      assert.equal(title, `${NASTY.replace('\u0001', '\uFFFD')}: decisions`);
      const cal = new ICAL.Component(
        ICAL.parse((await h.app.inject({ url: `/export/${SLUG}/sittings.ics` })).body) as unknown[],
      );
      const event = new ICAL.Event(cal.getFirstSubcomponent('vevent')!);
      assert.equal(event.summary, LONG);
      assert.equal(event.location, NASTY);
    });

    test('the minutes PDF renders and reads back', async () => {
      for (const lang of ['en', 'ru']) {
        const r = await h.app.inject({ url: `/export/${SLUG}/sittings/${ids.sitting}/minutes.pdf?lang=${lang}` });
        assert.equal(r.statusCode, 200);
        const { pages } = await pdfText(new Uint8Array(r.rawPayload));
        assert.ok(pages.length > 1, 'the long texts wrap onto more pages');
        const text = pages.join('').replace(/\s+/g, '');
        assert.ok(text.includes('<script>alert(1)</script>'), 'markup is just text in a PDF');
        assert.ok(text.includes('x'.repeat(200)), 'the long unbroken run is set, wrapped, not lost');
      }
    });
  });
}
