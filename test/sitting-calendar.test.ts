// The sittings calendar and the notice of a sitting (issue 16, items 1 and 3), through the real
// server on every database: schedule from the clerk's office form, reschedule and cancel with a
// reason, publish a notice in time and another late under a parish council's rules (three clear
// days, LGA 1972 Sch. 12 para 10(2), Sundays and bank holidays left out), and what the public sitting
// page, iCalendar and `quorate verify` then say. Each form: refused by policy, refused without its
// CSRF token, refused on hostile input — and a refused form changes nothing.
import { formSession } from './support/form-session.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { createHash } from 'node:crypto';
import { snapshot } from './support/snapshot.ts';

/** A digest of the record, so a failure prints two short values. */
const recordDigest = async (h: Harness): Promise<string> =>
  createHash('sha256')
    .update(await snapshot(h.db.dialect))
    .digest('hex');

const RU = { 'accept-language': 'ru' };

/** A browser-like session (test/support/form-session.ts). */
async function browser(h: Harness, userId: number) {
  return formSession(h, userId);
}

for (const target of testDatabases()) {
  describe(`the sittings calendar on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let now = new Date('2026-12-01T10:00:00Z');
    before(async () => {
      h = await startHarness(target);
      (h.ctx as { now: () => Date }).now = () => now;
    });
    after(async () => {
      await h?.close();
    });

    test('schedule, reschedule, cancel and give notice from the office; the public page, iCalendar and verify agree', async () => {
      const c = await councilWithMembers(h, 'parish', 3, { rules: 'uk-parish', timeZone: 'Europe/London' });
      const clerk = await browser(h, (await makeClient(h, { roles: [['parish', 'clerk']] })).userId);
      const office = '/parish/office/sittings';
      const page = await clerk.get(office);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Notice rule: 3 clear days before the sitting/);

      // Schedule two sittings from the form: the day and time are the body's clocks (London, GMT in December).
      const first = await clerk.post(office, {
        title: 'Ordinary meeting',
        date: '2026-12-07',
        time: '19:00',
        place: 'Village hall',
        kind: 'ordinary',
        convenedBy: 'the chair',
        agenda: 'Apologies\nMinutes of the last meeting\n\nPlanning',
      });
      assert.equal(first.statusCode, 303, first.body);
      const second = await clerk.post(office, {
        title: 'Extraordinary meeting',
        date: '2026-12-04',
        kind: 'extraordinary',
      });
      assert.equal(second.statusCode, 303);
      const sittings = await h.db.dialect.db
        .selectFrom('sittings')
        .selectAll()
        .where('title', 'in', ['Ordinary meeting', 'Extraordinary meeting'])
        .orderBy('id')
        .execute();
      const [ordinary, extra] = sittings;
      assert.ok(ordinary && extra);
      assert.equal(ordinary.starts_at, '2026-12-07T19:00:00.000Z');
      assert.equal(ordinary.kind, 'ordinary');
      assert.equal(ordinary.convened_by, 'the chair');
      assert.equal(extra.kind, 'extraordinary');
      const agenda = await h.db.dialect.db
        .selectFrom('agenda_items')
        .select('title')
        .where('sitting_id', '=', ordinary.id)
        .orderBy('position')
        .execute();
      assert.deepEqual(
        agenda.map((a) => a.title),
        ['Apologies', 'Minutes of the last meeting', 'Planning'],
      );

      // Notice on Tuesday 1 December: for Monday 7 December, Wed–Sat count and Sunday 6 does not: four, in time.
      const inTime = await clerk.post(`${office}/${ordinary.id}/notice`, {});
      assert.equal(inTime.statusCode, 303);
      assert.match(inTime.headers.location as string, /saved=notice#/);
      // For Friday 4 December only Wednesday and Thursday lie between: late, and recorded as late.
      const late = await clerk.post(`${office}/${extra.id}/notice`, {});
      assert.equal(late.statusCode, 303);
      assert.match(late.headers.location as string, /saved=notice_late/);
      // A parish council's rules give no second convocation: the warning is refused, nothing recorded.
      const before = await recordDigest(h);
      const warned = await clerk.post(`${office}/${ordinary.id}/notice`, { secondConvocation: '1' });
      assert.equal(warned.statusCode, 400);
      assert.match(warned.body, /no second convocation/);
      assert.equal(await recordDigest(h), before);

      // The title in the body's other language, from the form; a language not of the body is refused.
      const titled = await clerk.post(`${office}/${ordinary.id}/title`, { lang: 'ru', text: 'Очередное заседание' });
      assert.equal(titled.statusCode, 303, titled.body);
      const beforeTitle = await recordDigest(h);
      const german = await clerk.post(`${office}/${ordinary.id}/title`, { lang: 'de', text: 'Sitzung' });
      assert.equal(german.statusCode, 400);
      assert.equal(await recordDigest(h), beforeTitle);
      assert.match((await clerk.get(`/parish/sittings/${ordinary.id}`, RU)).body, /Очередное заседание/);

      const publicPage = await clerk.get(`/parish/sittings/${ordinary.id}`);
      assert.match(publicPage.body, /ordinary sitting/);
      assert.match(publicPage.body, /the chair/);
      assert.match(publicPage.body, /In time/);
      assert.match(publicPage.body, /6 Dec 2026 does not count: a Sunday/);
      assert.match(publicPage.body, /Local Government Act 1972, Sch\. 12 para 10\(2\)/);
      const latePage = await clerk.get(`/parish/sittings/${extra.id}`, RU);
      assert.match(latePage.body, /внеочередное заседание/);
      assert.match(latePage.body, /С опозданием/);
      assert.match(latePage.body, /не хватает 1 полного дня/);

      // Reschedule the late one to a day its notice would have covered; the old notice stays, marked superseded.
      now = new Date('2026-12-02T09:00:00Z');
      const moved = await clerk.post(`${office}/${extra.id}/reschedule`, {
        date: '2026-12-10',
        time: '18:30',
        place: 'Church room',
        reason: 'the hall is booked',
      });
      assert.equal(moved.statusCode, 303, moved.body);
      const again = await clerk.post(`${office}/${extra.id}/notice`, {});
      assert.match(again.headers.location as string, /saved=notice#/);
      const movedPage = await clerk.get(`/parish/sittings/${extra.id}`);
      assert.match(movedPage.body, /Rescheduled on 2 December 2026/);
      assert.match(movedPage.body, /the hall is booked/);
      assert.match(movedPage.body, /announced another day/);

      // Cancel the ordinary one: it stays, cancelled, and cannot be opened, moved or given notice.
      const cancelled = await clerk.post(`${office}/${ordinary.id}/cancel`, { reason: 'no business' });
      assert.equal(cancelled.statusCode, 303);
      const opened = await c.clerk.request('POST', `/api/v1/bodies/parish/sittings/${ordinary.id}/open`);
      assert.equal(opened.statusCode, 409);
      assert.equal(opened.json().code, 'sitting_not_scheduled');
      const noticeAfter = await c.clerk.request('POST', `/api/v1/bodies/parish/sittings/${ordinary.id}/notice`, {});
      assert.equal(noticeAfter.json().code, 'sitting_cancelled');
      const cancelledPage = await clerk.get(`/parish/sittings/${ordinary.id}`);
      assert.match(cancelledPage.body, /This sitting was cancelled on 2 December 2026/);
      assert.match(cancelledPage.body, /no business/);

      const ics = await h.app.inject({ method: 'GET', url: '/export/parish/sittings.ics' });
      assert.equal(ics.statusCode, 200);
      const events = ics.body.split('BEGIN:VEVENT').slice(1);
      const ofSitting = (id: number) => events.find((e) => e.includes(`sitting-${id}.parish@`))!;
      assert.match(ofSitting(ordinary.id), /STATUS:CANCELLED/);
      assert.match(ofSitting(ordinary.id), /SEQUENCE:1/);
      assert.match(ofSitting(extra.id), /STATUS:CONFIRMED/);
      assert.match(ofSitting(extra.id), /DTSTART:20261210T183000Z/);

      // The JSON API gives the same calendar.
      const api = (await c.clerk.request('GET', `/api/v1/bodies/parish/sittings/${extra.id}`)).json();
      assert.equal(api.calendar.kind, 'extraordinary');
      assert.deepEqual(
        api.calendar.notices.map((n: { reckoning: { inTime: boolean }; superseded: boolean }) => [
          n.reckoning.inTime,
          n.superseded,
        ]),
        [
          [false, true],
          [true, false],
        ],
      );

      const verified = await verifyBody(h, 'parish');
      assert.equal(verified.code, 0, verified.output);
    });

    test('refused forms change nothing: policy, CSRF, hostile input, a sitting that is not scheduled', async () => {
      await councilWithMembers(h, 'refusals', 2, { rules: 'uk-parish', timeZone: 'Europe/London' });
      const clerk = await browser(h, (await makeClient(h, { roles: [['refusals', 'clerk']] })).userId);
      const member = await browser(h, (await makeClient(h, { roles: [['refusals', 'member']] })).userId);
      const office = '/refusals/office/sittings';
      assert.equal((await clerk.post(office, { title: 'A', date: '2026-12-20' })).statusCode, 303);
      const sitting = await h.db.dialect.db
        .selectFrom('sittings')
        .select('id')
        .where('title', '=', 'A')
        .executeTakeFirstOrThrow();
      const before = await recordDigest(h);
      const cases: Array<[string, () => Promise<{ statusCode: number; body: string }>, number, RegExp?]> = [
        ['a member may not schedule', () => member.post(office, { title: 'B', date: '2026-12-20' }), 403],
        ['a member may not see the calendar', () => member.get(office), 403],
        ['no CSRF token', () => clerk.post(office, { title: 'B', date: '2026-12-20' }, { csrf: false }), 403],
        ['no title', () => clerk.post(office, { title: ' ', date: '2026-12-20' }), 400, /needs a title/],
        ['a month is not a day', () => clerk.post(office, { title: 'B', date: '2026-12' }), 400, /YYYY-MM-DD/],
        ['no such day', () => clerk.post(office, { title: 'B', date: '2026-02-30', time: '10:00' }), 400],
        ['a bad time', () => clerk.post(office, { title: 'B', date: '2026-12-20', time: '25:61' }), 400, /HH:MM/],
        ['a NUL in the title', () => clerk.post(office, { title: 'B\u0000', date: '2026-12-20' }), 400],
        ['a title too long', () => clerk.post(office, { title: 'x'.repeat(600), date: '2026-12-20' }), 400],
        [
          'too many agenda lines',
          () => clerk.post(office, { title: 'B', date: '2026-12-20', agenda: Array(501).fill('item').join('\n') }),
          400,
        ],
        [
          'reschedule without a reason',
          () => clerk.post(`${office}/${sitting.id}/reschedule`, { date: '2026-12-21' }),
          400,
        ],
        [
          'reschedule to the same slot',
          () => clerk.post(`${office}/${sitting.id}/reschedule`, { date: '2026-12-20', reason: 'none' }),
          400,
          /already scheduled/,
        ],
        ['cancel without a reason', () => clerk.post(`${office}/${sitting.id}/cancel`, {}), 400],
        ['a member may not cancel', () => member.post(`${office}/${sitting.id}/cancel`, { reason: 'x' }), 403],
        ['no such sitting', () => clerk.post(`${office}/999999/notice`, {}), 404],
        ['not a sitting number', () => clerk.post(`${office}/1e3/notice`, {}), 404],
        ['another body', () => clerk.post(`/parish/office/sittings/${sitting.id}/cancel`, { reason: 'x' }), 403],
      ];
      for (const [name, request, status, body] of cases) {
        const r = await request();
        assert.equal(r.statusCode, status, `${name}: ${r.body.slice(0, 300)}`);
        if (body) assert.match(r.body, body, name);
        assert.equal(await recordDigest(h), before, `${name} changed nothing`);
      }
      // A refused form comes back filled in, its error tied to the field.
      const refused = await clerk.post(office, { title: 'Kept', date: '2026-12', place: 'Hall' });
      assert.match(refused.body, /value="Kept"/);
      assert.match(refused.body, /aria-invalid="true"[^>]*name="date"|name="date"[^>]*aria-invalid="true"/);
    });
  });
}
