// Appeals through the HTTP API, on every database: the directory, drafting and sending, events
// and the derived status, attachments (and hostile ones that store nothing), withholding a blob,
// the body's calendar layer, reminders, and who may do what.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import {
  anonymous,
  councilWithMembers,
  sittingWithMotion,
  startHarness,
  type Client,
  type Harness,
} from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { decodeEntry } from '../src/domain/entries/record-entry.ts';
import { MAX_ATTACHMENT_BYTES } from '../src/domain/attachments/check-attachment.ts';
import type { QuorateDialect } from '../src/db/dialects/quorate-dialect.ts';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The appeal tables and blobs, on top of the record tables snapshot() covers. */
async function fullSnapshot(dialect: QuorateDialect): Promise<string> {
  const parts = [await snapshot(dialect)];
  for (const t of [
    'authorities',
    'appeals',
    'appeal_events',
    'appeal_attachments',
    'appeal_calendars',
    'blobs',
  ] as const) {
    const rows = await dialect.db.selectFrom(t).selectAll().execute();
    parts.push(
      `${t}:${rows
        .map((r) => JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)))
        .sort()
        .join('\n')}`,
    );
  }
  return parts.join('\n--\n');
}

async function allEntryText(dialect: QuorateDialect): Promise<string> {
  const rows = await dialect.db.selectFrom('entries').select('bytes').orderBy('body_id').orderBy('idx').execute();
  return rows.map((r) => new TextDecoder().decode(r.bytes)).join('\n');
}

function at(h: Harness, iso: string) {
  h.ctx.now = () => new Date(iso);
}

for (const target of testDatabases()) {
  describe(`appeals on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let c: Awaited<ReturnType<typeof councilWithMembers>>;
    let base: string;
    let decisionId: number;
    let duma: number;
    let ministry: number;
    before(async () => {
      h = await startHarness(target);
      // Sessions are made "in 2030", so they stay valid whatever day a test then sets the clock to.
      at(h, '2030-01-01T00:00:00Z');
      c = await councilWithMembers(h, 'appeals', 3);
      const s = await sittingWithMotion(h, c);
      base = s.base;
      const v = await c.clerk.request('POST', `${base}/votes`, { motionId: s.motionId, method: 'show_of_hands' });
      const closed = await c.clerk.request('POST', `${base}/votes/${v.json().id}/close`, {
        totals: { yes: 3, no: 0, abstain: 0 },
      });
      assert.equal(closed.statusCode, 200, closed.body);
      const decisions = await c.clerk.request('GET', `${base}/decisions`);
      decisionId = decisions.json().items[0].id;
      const a = await c.clerk.request('POST', `${base}/authorities`, {
        names: { en: 'State Duma', ru: 'Государственная дума' },
        rule: 'ru-59fz',
      });
      assert.equal(a.statusCode, 201, a.body);
      duma = a.json().id;
      const m = await c.clerk.request('POST', `${base}/authorities`, {
        names: { en: 'Ministry of Justice' },
        address: 'Moscow',
        rule: 'ru-59fz',
      });
      ministry = m.json().id;
      at(h, '2022-09-20T09:00:00Z');
    });
    after(async () => {
      await h?.close();
    });

    const draft = async (extra: Record<string, unknown> = {}) => {
      const r = await c.clerk.request('POST', `${base}/appeals`, {
        title: 'Appeal to the State Duma',
        authorityId: duma,
        sender: { kind: 'body' },
        ...extra,
      });
      assert.equal(r.statusCode, 201, r.body);
      return r.json().id as number;
    };
    const event = async (id: number, payload: Record<string, unknown>, status = 201) => {
      const r = await c.clerk.request('POST', `${base}/appeals/${id}/events`, payload);
      assert.equal(r.statusCode, status, r.body);
      return r.json();
    };
    const read = async (id: number) => {
      const r = await anonymous(h).request('GET', `${base}/appeals/${id}`);
      assert.equal(r.statusCode, 200, r.body);
      return r.json();
    };

    test('the directory lists authorities with their rule; a custom rule is checked, an unknown preset refused', async () => {
      const list = await anonymous(h).request('GET', `${base}/authorities`);
      const items = list.json().items;
      assert.deepEqual(
        items.map((a: { names: { en: string } }) => a.names.en),
        ['State Duma', 'Ministry of Justice'],
      );
      assert.equal(items[0].rule.id, 'ru-59fz');
      const custom = await c.clerk.request('POST', `${base}/authorities`, {
        names: { en: 'Regional administration' },
        rule: {
          id: 'council-14d',
          kind: 'calendar_days',
          amount: 14,
          start: 'sent',
          startOffsetDays: 1,
          rollForward: true,
          calendar: { country: 'RU' },
          extension: null,
          ignoredAfterDays: 30,
          source: { act: 'Council standing orders', section: '§ 12' },
        },
      });
      assert.equal(custom.statusCode, 201, custom.body);
      const unknownPreset = await c.clerk.request('POST', `${base}/authorities`, {
        names: { en: 'X' },
        rule: 'ru-60fz',
      });
      assert.deepEqual([unknownPreset.statusCode, unknownPreset.json().code], [400, 'unknown_deadline_preset']);
      const typo = await c.clerk.request('POST', `${base}/authorities`, {
        names: { en: 'X' },
        rule: { ...items[0].rule, amout: 30 },
      });
      assert.deepEqual([typo.statusCode, typo.json().code], [400, 'unknown_field']);
      const nameless = await c.clerk.request('POST', `${base}/authorities`, { names: { en: '  ' }, rule: 'ru-59fz' });
      assert.deepEqual([nameless.statusCode, nameless.json().code], [400, 'name_required']);
    });

    test('a draft, then sent: status and due date derived, every step explained', async () => {
      const id = await draft({ decisionId, channel: 'post', reference: '01-02/17' });
      const d0 = await read(id);
      assert.equal(d0.status.status, 'draft');
      assert.equal(d0.status.due, null);
      assert.equal(d0.decision.id, decisionId);
      await event(id, { type: 'sent', on: '2022-09-07' });
      await event(id, { type: 'registered', on: '2022-09-12', reference: 'ГД-123' });
      const d = await read(id);
      assert.equal(d.sentOn, '2022-09-07');
      assert.deepEqual(
        [d.status.status, d.status.due, d.status.daysLeft, d.status.today],
        ['awaiting', '2022-10-12', 22, '2022-09-20'],
      );
      assert.ok(d.explanation.en.includes('30 days from 12 Sep 2022 → 12 Oct 2022'), d.explanation.en.join('\n'));
      assert.equal(
        d.explanation.en.at(-1),
        'As of 20 Sep 2022: awaiting a reply for 13 days; due 12 Oct 2022 (22 days left)',
      );
      assert.match(d.explanation.ru.at(-1), /осталось 22 дня/);
      assert.equal(d.status.line.en, d.explanation.en.at(-1));
      assert.deepEqual(
        d.events.map((e: { type: string }) => e.type),
        ['sent', 'registered'],
      );
      assert.equal(d.events[1].reference, 'ГД-123');
      // Without a scheduler the same record reads overdue once the calendar turns.
      at(h, '2022-10-13T09:00:00Z');
      assert.deepEqual([(await read(id)).status.status, (await read(id)).status.daysOverdue], ['overdue', 1]);
      at(h, '2026-11-29T09:00:00Z');
      const late = await read(id);
      assert.equal(late.status.status, 'ignored');
      assert.match(late.status.line.en, /^As of 29 Nov 2026: ignored — no reply for 1,544 days/);
      at(h, '2022-09-20T09:00:00Z');
    });

    test('an extension notified in time moves the due date; a reply answers the appeal', async () => {
      const id = await draft();
      await event(id, { type: 'sent', on: '2022-09-01' });
      await event(id, { type: 'registered', on: '2022-09-01' });
      at(h, '2022-10-01T09:00:00Z');
      await event(id, { type: 'extended', on: '2022-09-28', days: 30, notice: 'Letter No. 5 of 28 Sep 2022' });
      let d = await read(id);
      // Due Saturday 1 Oct → Monday 3 Oct; the 30 days run on from the Monday (59-FZ art. 12(2)).
      assert.deepEqual([d.status.status, d.status.due], ['awaiting', '2022-11-02']);
      assert.ok(
        d.explanation.en.some((l: string) => l.startsWith('Extended by 30 days: 3 Oct 2022 → 2 Nov 2022')),
        d.explanation.en.join('\n'),
      );
      at(h, '2022-11-04T09:00:00Z');
      await event(id, {
        type: 'reply_received',
        on: '2022-11-03',
        classification: 'refusal',
        reference: '№ 77',
        text: 'We decline.',
      });
      d = await read(id);
      assert.deepEqual(
        [d.status.status, d.status.classification, d.status.answeredLate],
        ['answered', 'refusal', true],
      );
      assert.deepEqual(d.events.at(-1).text, {
        sha256: sha(Buffer.from('We decline.')),
        withheld: false,
        text: 'We decline.',
      });
      at(h, '2022-09-20T09:00:00Z');
    });

    test('a redirection restarts the clock at the new authority, named from the directory', async () => {
      const id = await draft();
      await event(id, { type: 'sent', on: '2022-09-05' });
      await event(id, { type: 'redirected', on: '2022-09-15', toAuthorityId: ministry });
      const d = await read(id);
      assert.equal(d.events[1].to.names.en, 'Ministry of Justice');
      assert.ok(
        d.explanation.en.includes('Redirected on 15 Sep 2022 to Ministry of Justice: the clock starts again'),
        d.explanation.en.join('\n'),
      );
      // Registered 15–18 Sep (0–3 days after the forwarding), 30 days on: 15 Oct (a Saturday, so
      // Monday 17 Oct) to 18 Oct; the latest counts.
      assert.deepEqual([d.status.earliestDue, d.status.latestDue], ['2022-10-17', '2022-10-18']);
    });

    test('events that cannot be right are refused and change nothing', async () => {
      const id = await draft();
      const before = await fullSnapshot(h.db.dialect);
      const rows: Array<[Record<string, unknown>, number, string]> = [
        [{ type: 'reply_received', classification: 'substantive', on: '2022-09-10' }, 409, 'appeal_not_sent'],
        [{ type: 'sent', on: '2022-09-21' }, 400, 'date_in_future'],
        [{ type: 'sent', on: '2022-13' }, 400, 'invalid_appeal_event'],
        [{ type: 'sent' }, 400, 'invalid_appeal_event'],
        [{ type: 'sent', on: '2022-09-01', days: 3 }, 400, 'field_not_allowed'],
        [{ type: 'closed', on: '2022-09-01', classification: 'refusal' }, 400, 'field_not_allowed'],
        [{ type: 'redirected', on: '2022-09-10', toAuthorityId: ministry }, 409, 'appeal_not_sent'],
        [{ type: 'nonsense', on: '2022-09-01' }, 400, 'invalid_request'],
      ];
      for (const [payload, status, code] of rows) {
        const r = await c.clerk.request('POST', `${base}/appeals/${id}/events`, payload);
        assert.deepEqual([r.statusCode, r.json().code], [status, code], JSON.stringify(payload));
      }
      assert.equal(await fullSnapshot(h.db.dialect), before);
      await event(id, { type: 'sent', on: '2022-09-02' });
      const sentRows: Array<[Record<string, unknown>, number, string]> = [
        [{ type: 'sent', on: '2022-09-03' }, 409, 'already_sent'],
        [{ type: 'extended', on: '2022-09-10' }, 400, 'invalid_appeal_event'],
        [{ type: 'reply_received', classification: 'maybe' }, 400, 'invalid_request'],
        [{ type: 'reply_received', on: '2022-08-30', classification: 'partial' }, 400, 'before_sending'],
        [{ type: 'reply_received', classification: 'partial', toAuthorityId: ministry }, 400, 'field_not_allowed'],
        [{ type: 'redirected', on: '2022-09-10', toAuthorityId: 999_999 }, 404, 'authority_not_found'],
      ];
      const afterSent = await fullSnapshot(h.db.dialect);
      for (const [payload, status, code] of sentRows) {
        const r = await c.clerk.request('POST', `${base}/appeals/${id}/events`, payload);
        assert.deepEqual([r.statusCode, r.json().code], [status, code], JSON.stringify(payload));
      }
      assert.equal(await fullSnapshot(h.db.dialect), afterSent);
      await event(id, { type: 'withdrawn', on: '2022-09-19', reason: 'superseded' });
      const ended = await c.clerk.request('POST', `${base}/appeals/${id}/events`, {
        type: 'follow_up',
        on: '2022-09-19',
      });
      assert.deepEqual([ended.statusCode, ended.json().code], [409, 'appeal_ended']);
      assert.equal((await read(id)).status.status, 'withdrawn');
    });

    test('drafting refuses unknown authorities, decisions and unnamed or foreign senders', async () => {
      const before = await fullSnapshot(h.db.dialect);
      const rows: Array<[Record<string, unknown>, number, string]> = [
        [{ authorityId: 999_999 }, 404, 'authority_not_found'],
        [{ decisionId: 999_999 }, 404, 'decision_not_found'],
        [{ sender: { kind: 'member', memberId: 999_999 } }, 404, 'member_not_found'],
        [{ sender: { kind: 'resident', name: 'Ivanova' } }, 400, 'invalid_request'],
        [{ rule: 'nope' }, 400, 'unknown_deadline_preset'],
        [{ title: '   ' }, 400, 'invalid_request'],
        [{ channel: 'pigeon' }, 400, 'invalid_request'],
      ];
      for (const [extra, status, code] of rows) {
        const r = await c.clerk.request('POST', `${base}/appeals`, {
          title: 'T',
          authorityId: duma,
          sender: { kind: 'body' },
          ...extra,
        });
        assert.deepEqual([r.statusCode, r.json().code], [status, code], JSON.stringify(extra));
      }
      assert.equal(await fullSnapshot(h.db.dialect), before);
    });

    test("a member's personal appeal names them; personal details and reply texts stay out of the log", async () => {
      const secret = 'Resident: Anna Ivanova, 12 Example Street, flat 3';
      const replyText = 'Dear Ms Ivanova, your request about flat 3 was considered.';
      const id = await draft({ sender: { kind: 'member', memberId: c.memberIds[1] }, personalDetails: secret });
      await event(id, { type: 'sent', on: '2022-09-01' });
      await event(id, { type: 'reply_received', classification: 'form_reply', text: replyText });
      const d = await read(id);
      assert.deepEqual(d.sender, {
        kind: 'member',
        memberId: c.memberIds[1],
        name: { en: 'Member 2', ru: 'Депутат 2' },
      });
      assert.deepEqual(d.personalDetails, { sha256: sha(Buffer.from(secret)), withheld: false, text: secret });
      assert.equal(d.events[1].on, null, 'an undated reply stays dateless');
      const log = await allEntryText(h.db.dialect);
      assert.ok(!log.includes('Ivanova') && !log.includes('flat 3'), 'no third party in the log');
      assert.ok(
        log.includes(sha(Buffer.from(secret))) && log.includes(sha(Buffer.from(replyText))),
        'the log keeps the hashes',
      );
      const entries = await h.db.dialect.db
        .selectFrom('entries')
        .select(['type', 'bytes'])
        .where('type', 'like', 'appeal%')
        .execute();
      const drafted = entries
        .map((e) => decodeEntry(e.bytes))
        .filter((e) => e.type === 'appeal.drafted' && e.data.appeal === id);
      assert.deepEqual(drafted[0]!.data.sender, { kind: 'member', member: c.memberIds[1] });

      // Withholding erases the words, keeps the hash, and records why.
      const denied = await c.members[0]!.request('POST', `${base}/blobs/${sha(Buffer.from(secret))}/withhold`, {
        reason: 'court order',
      });
      assert.equal(denied.statusCode, 403);
      const w = await c.clerk.request('POST', `${base}/blobs/${sha(Buffer.from(secret))}/withhold`, {
        reason: 'GDPR art. 17 request',
      });
      assert.equal(w.statusCode, 200, w.body);
      const after = await read(id);
      assert.deepEqual(after.personalDetails, { sha256: sha(Buffer.from(secret)), withheld: true, text: null });
      const row = await h.db.dialect.db
        .selectFrom('blobs')
        .selectAll()
        .where('sha256', '=', sha(Buffer.from(secret)))
        .executeTakeFirstOrThrow();
      assert.deepEqual([row.bytes, row.withheld, row.withheld_reason], [null, 1, 'GDPR art. 17 request']);
      const last = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .orderBy('idx', 'desc')
        .where('type', '=', 'blob.withheld')
        .executeTakeFirstOrThrow();
      assert.deepEqual(decodeEntry(last.bytes).data, {
        sha256: sha(Buffer.from(secret)),
        reason: 'GDPR art. 17 request',
      });
    });

    test('attachments: stored by SHA-256, recorded by hash, served as a download that cannot run', async () => {
      const id = await draft();
      await event(id, { type: 'sent', on: '2022-09-01' });
      const up = await c.clerk.request('POST', `${base}/appeals/${id}/attachments`, {
        name: 'letter 01-02.pdf',
        mediaType: 'application/pdf',
        kind: 'letter',
        contentBase64: PDF.toString('base64'),
      });
      assert.equal(up.statusCode, 201, up.body);
      assert.equal(up.json().sha256, sha(PDF));
      const again = await c.clerk.request('POST', `${base}/appeals/${id}/attachments`, {
        name: 'copy.pdf',
        mediaType: 'application/pdf',
        kind: 'letter',
        contentBase64: PDF.toString('base64'),
      });
      assert.deepEqual([again.statusCode, again.json().code], [409, 'attachment_exists']);
      const get = await anonymous(h).request('GET', `${base}/appeals/${id}/attachments/${sha(PDF)}`);
      assert.equal(get.statusCode, 200);
      assert.deepEqual(get.rawPayload, PDF);
      assert.equal(get.headers['content-type'], 'application/pdf');
      assert.equal(get.headers['x-content-type-options'], 'nosniff');
      assert.match(String(get.headers['content-security-policy']), /sandbox/);
      assert.equal(
        get.headers['content-disposition'],
        `attachment; filename="letter 01-02.pdf"; filename*=UTF-8''letter%2001-02.pdf`,
      );
      const d = await read(id);
      assert.deepEqual(
        d.attachments.map((a: { name: string; kind: string; withheld: boolean; size: number }) => [
          a.name,
          a.kind,
          a.withheld,
          a.size,
        ]),
        [['letter 01-02.pdf', 'letter', false, PDF.length]],
      );
      const entry = await h.db.dialect.db
        .selectFrom('entries')
        .select('bytes')
        .where('type', '=', 'appeal.attachment_added')
        .orderBy('idx', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(decodeEntry(entry.bytes).data, {
        appeal: id,
        sha256: sha(PDF),
        mediaType: 'application/pdf',
        size: PDF.length,
        kind: 'letter',
        event: null,
      });

      const w = await c.clerk.request('POST', `${base}/blobs/${sha(PDF)}/withhold`, { reason: 'names a resident' });
      assert.equal(w.statusCode, 200, w.body);
      const gone = await anonymous(h).request('GET', `${base}/appeals/${id}/attachments/${sha(PDF)}`);
      assert.deepEqual([gone.statusCode, gone.json().code], [451, 'withheld']);
      const listed = (await read(id)).attachments[0];
      assert.deepEqual([listed.withheld, listed.name], [true, 'withheld']);
    });

    test("a reply's own date and outgoing number are stored, and lateness is judged by that date (59-FZ)", async () => {
      at(h, '2022-10-20T09:00:00Z');
      const id = await draft();
      await event(id, { type: 'sent', on: '2022-09-07' });
      await event(id, { type: 'registered', on: '2022-09-09' }); // due Sunday 9 Oct → Monday 10 Oct
      const before = await fullSnapshot(h.db.dialect);
      const after = await c.clerk.request('POST', `${base}/appeals/${id}/events`, {
        type: 'reply_received',
        on: '2022-10-13',
        dated: '2022-10-14',
        classification: 'substantive',
      });
      assert.deepEqual([after.statusCode, after.json().code], [400, 'invalid_appeal_event']);
      assert.equal(await fullSnapshot(h.db.dialect), before);
      await event(id, {
        type: 'reply_received',
        on: '2022-10-13',
        dated: '2022-10-10',
        reference: '12-345',
        classification: 'substantive',
      });
      const d = await read(id);
      // Received three days after the due date, but sent on it: not late.
      assert.deepEqual([d.status.status, d.status.answeredLate], ['answered', false]);
      assert.deepEqual([d.events.at(-1).dated, d.events.at(-1).reference], ['2022-10-10', '12-345']);
      assert.ok(
        d.explanation.ru.some((l: string) => l.includes('от 10 октября 2022, исх. № 12-345')),
        d.explanation.ru.join('\n'),
      );
      assert.match(await allEntryText(h.db.dialect), /"dated":"2022-10-10"/);
      at(h, '2022-09-20T09:00:00Z');
    });

    test('a due date in a year without a transfer decree is provisional: "overdue" waits for the latest it can be', async () => {
      at(h, '2027-01-12T09:00:00Z');
      const id = await draft();
      await event(id, { type: 'registered', on: '2026-12-02' });
      const d = await read(id);
      assert.deepEqual(
        [d.status.status, d.status.due, d.status.provisionalUntil, d.status.byAnalogy],
        ['awaiting', '2027-01-11', '2027-01-18', true],
      );
      assert.ok(
        d.explanation.ru.some((l: string) =>
          l.startsWith('Предварительно: постановления Правительства о переносе выходных дней в 2027 г.'),
        ),
        d.explanation.ru.join('\n'),
      );
      at(h, '2027-01-19T09:00:00Z');
      assert.deepEqual([(await read(id)).status.status, (await read(id)).status.daysOverdue], ['overdue', 1]);
      at(h, '2022-09-20T09:00:00Z');
    });

    test('a transit allowance per channel, for one authority or the whole body, delays "overdue"; bad input changes nothing', async () => {
      at(h, '2022-10-11T09:00:00Z');
      const r = await c.clerk.request('POST', `${base}/appeals`, {
        title: 'By post to the Ministry',
        authorityId: ministry,
        sender: { kind: 'body' },
        channel: 'post',
      });
      const id = r.json().id as number;
      await event(id, { type: 'sent', on: '2022-09-07' });
      assert.deepEqual([(await read(id)).status.status, (await read(id)).status.due], ['overdue', '2022-10-10']);
      const before = await fullSnapshot(h.db.dialect);
      const bad = await c.clerk.request('PUT', `${base}/appeals/transit`, {
        authorityId: ministry,
        days: { pigeon: 3 },
      });
      assert.deepEqual([bad.statusCode, bad.json().code], [400, 'invalid_transit_allowance']);
      const member = await c.members[0]!.request('PUT', `${base}/appeals/transit`, { days: { post: 3 } });
      assert.equal(member.statusCode, 403);
      assert.equal(await fullSnapshot(h.db.dialect), before);
      const set = await c.clerk.request('PUT', `${base}/appeals/transit`, { authorityId: ministry, days: { post: 7 } });
      assert.equal(set.statusCode, 200, set.body);
      // Delivered by 14 Sep, registered by 17 Sep, due 17 Oct.
      assert.deepEqual([(await read(id)).status.status, (await read(id)).status.due], ['awaiting', '2022-10-17']);
      // The body's own allowance applies to every authority without one.
      const f = await c.clerk.request('POST', `${base}/appeals`, {
        title: 'By fax to the Duma',
        authorityId: duma,
        sender: { kind: 'body' },
        channel: 'fax',
      });
      const fax = f.json().id as number;
      await event(fax, { type: 'sent', on: '2022-09-07' });
      assert.equal((await read(fax)).status.due, '2022-10-10');
      assert.equal((await c.clerk.request('PUT', `${base}/appeals/transit`, { days: { fax: 2 } })).statusCode, 200);
      assert.equal((await read(fax)).status.due, '2022-10-12');
      assert.match(await allEntryText(h.db.dialect), /appeals\.transit_changed/);
      at(h, '2022-09-20T09:00:00Z');
    });

    test('hostile attachments are refused and store nothing', async () => {
      const id = await draft();
      const big = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
      PDF.copy(big);
      const before = await fullSnapshot(h.db.dialect);
      const rows: Array<[string, Record<string, unknown>, number, string]> = [
        [
          'a name with ../',
          { name: '../x.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') },
          400,
          'attachment_name_invalid',
        ],
        [
          'a bare ../x',
          { name: '../x', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') },
          400,
          'attachment_name_invalid',
        ],
        [
          'a control character',
          { name: 'a\r\nb.pdf', mediaType: 'application/pdf', contentBase64: PDF.toString('base64') },
          400,
          'attachment_name_invalid',
        ],
        [
          'a wrong type',
          {
            name: 'x.html',
            mediaType: 'text/html',
            contentBase64: Buffer.from('<script>alert(1)</script>').toString('base64'),
          },
          400,
          'attachment_type_not_allowed',
        ],
        [
          'HTML posing as PDF',
          { name: 'x.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from('<html>').toString('base64') },
          400,
          'attachment_content_mismatch',
        ],
        [
          'oversize',
          { name: 'big.pdf', mediaType: 'application/pdf', contentBase64: big.toString('base64') },
          413,
          'attachment_too_large',
        ],
        [
          'broken base64',
          { name: 'x.pdf', mediaType: 'application/pdf', contentBase64: 'JVBERi0*' },
          400,
          'bad_base64',
        ],
        ['an empty file', { name: 'x.pdf', mediaType: 'application/pdf', contentBase64: '' }, 400, 'attachment_empty'],
      ];
      for (const [why, payload, status, code] of rows) {
        const r = await c.clerk.request('POST', `${base}/appeals/${id}/attachments`, { kind: 'reply', ...payload });
        assert.deepEqual([r.statusCode, r.json().code], [status, code], why);
      }
      const huge = await c.clerk.request('POST', `${base}/appeals/${id}/attachments`, {
        kind: 'reply',
        name: 'huge.pdf',
        mediaType: 'application/pdf',
        contentBase64: 'A'.repeat(MAX_ATTACHMENT_BYTES * 2),
      });
      assert.equal(huge.statusCode, 413, 'far over the limit: stopped at the route');
      assert.equal(await fullSnapshot(h.db.dialect), before);
    });

    test("the body's calendar layer: a day off moves a due date, and is itself recorded", async () => {
      const id = await draft();
      await event(id, { type: 'sent', on: '2022-09-06' });
      await event(id, { type: 'registered', on: '2022-09-06' });
      assert.equal((await read(id)).status.due, '2022-10-06');
      const bad = await c.clerk.request('PUT', `${base}/appeals/calendar`, {
        daysOff: [{ date: '2022-10-06' }],
        workingDays: [{ date: '2022-10-06' }],
      });
      assert.deepEqual([bad.statusCode, bad.json().code], [400, 'calendar_additions_conflict']);
      const ok = await c.clerk.request('PUT', `${base}/appeals/calendar`, {
        daysOff: [{ date: '2022-10-06', name: 'Council day' }],
      });
      assert.equal(ok.statusCode, 200, ok.body);
      const d = await read(id);
      assert.equal(d.status.due, '2022-10-07');
      assert.ok(
        d.explanation.en.some((l: string) => l.includes("a day off in the body's calendar (Council day)")),
        d.explanation.en.join('\n'),
      );
      const cal = await anonymous(h).request('GET', `${base}/appeals/calendar`);
      assert.deepEqual(cal.json().additions, {
        daysOff: [{ date: '2022-10-06', name: 'Council day' }],
        workingDays: [],
      });
      await c.clerk.request('PUT', `${base}/appeals/calendar`, {});
      assert.equal((await read(id)).status.due, '2022-10-06');
    });

    test('the list filters by derived status; reminders list what is due soon and what is overdue', async () => {
      at(h, '2022-10-10T09:00:00Z');
      const all = await anonymous(h).request('GET', `${base}/appeals?limit=500`);
      assert.equal(all.statusCode, 200);
      const total = all.json().total;
      const counted = new Map<string, number>();
      for (const a of all.json().items) counted.set(a.status.status, (counted.get(a.status.status) ?? 0) + 1);
      for (const [status, n] of counted) {
        const only = await anonymous(h).request('GET', `${base}/appeals?status=${status}&limit=500`);
        assert.equal(only.json().total, n, status);
        assert.ok(only.json().items.every((a: { status: { status: string } }) => a.status.status === status));
      }
      assert.equal(
        [...counted.values()].reduce((a, b) => a + b, 0),
        total,
      );
      const attention = await c.chair.request('GET', `${base}/appeals/attention?withinDays=3`);
      assert.equal(attention.statusCode, 200, attention.body);
      const items = attention.json().items as Array<{
        kind: string;
        due: string;
        appeal: { status: { status: string; daysLeft: number } };
      }>;
      assert.ok(items.length > 0);
      for (const r of items) {
        if (r.kind === 'due_soon') assert.ok(r.appeal.status.status === 'awaiting' && r.appeal.status.daysLeft <= 3);
        else assert.ok(['overdue', 'ignored'].includes(r.appeal.status.status));
      }
      assert.ok(
        items.some((r) => r.kind === 'overdue') && items.some((r) => r.kind === 'due_soon'),
        JSON.stringify(items.map((r) => [r.kind, r.due])),
      );
      assert.deepEqual(
        items.map((r) => r.kind),
        [...items.map((r) => r.kind)].sort((a, b) => (a === b ? 0 : a === 'overdue' ? -1 : 1)),
      );
      at(h, '2022-09-20T09:00:00Z');
    });

    test('anonymous writes get 401, members 403, and neither changes anything', async () => {
      const id = await draft();
      const before = await fullSnapshot(h.db.dialect);
      const writes: Array<[string, string, unknown]> = [
        ['POST', `${base}/authorities`, { names: { en: 'X' }, rule: 'ru-59fz' }],
        ['POST', `${base}/appeals`, { title: 'T', authorityId: duma, sender: { kind: 'body' } }],
        ['POST', `${base}/appeals/${id}/events`, { type: 'sent', on: '2022-09-01' }],
        [
          'POST',
          `${base}/appeals/${id}/attachments`,
          { name: 'x.pdf', mediaType: 'application/pdf', kind: 'letter', contentBase64: PDF.toString('base64') },
        ],
        ['PUT', `${base}/appeals/calendar`, { daysOff: [{ date: '2022-10-06' }] }],
        ['POST', `${base}/blobs/${'0'.repeat(64)}/withhold`, { reason: 'x' }],
        ['GET', `${base}/appeals/attention`, undefined],
      ];
      const member: Client = c.members[0]!;
      for (const [method, url, payload] of writes) {
        const anon = await anonymous(h).request(method, url, payload);
        assert.deepEqual([anon.statusCode, anon.json().code], [401, 'unauthenticated'], `${method} ${url}`);
        const m = await member.request(method, url, payload);
        assert.deepEqual([m.statusCode, m.json().code], [403, 'forbidden'], `${method} ${url}`);
      }
      assert.equal(await fullSnapshot(h.db.dialect), before);
    });

    test('an unknown appeal or body is a 404 with its code', async () => {
      const r = await anonymous(h).request('GET', `${base}/appeals/999999`);
      assert.deepEqual([r.statusCode, r.json().code], [404, 'appeal_not_found']);
      const b = await anonymous(h).request('GET', '/api/v1/bodies/nobody/appeals');
      assert.deepEqual([b.statusCode, b.json().code], [404, 'body_not_found']);
      const f = await anonymous(h).request('GET', `${base}/appeals/1/attachments/${'a'.repeat(64)}`);
      assert.deepEqual([f.statusCode, f.json().code], [404, 'attachment_not_found']);
    });
  });
}
