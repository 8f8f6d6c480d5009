// Papers (issue 16, item 4) through the real server on every database: a real PDF with Cyrillic
// text and a DOCX uploaded from the clerk's page (multipart, CSRF, no JavaScript), versions with
// both hashes on the public sitting page, the download as an attachment with nosniff, a word from
// inside the PDF found by the portal's search once the extraction queue has read it (off the
// request path), hostile files refused with stable codes and nothing stored, a hostile PDF that
// does not stop the server, withholding, the minutes, and `quorate verify` replaying the entries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, makeClient, startHarness, verifyBody, type Harness } from './support/test-app.ts';
import { snapshot } from './support/snapshot.ts';
import { pdfText } from './support/pdf-text.ts';
import {
  cyrillicPdf,
  entityBombDocx,
  hostilePdf,
  multipartBody,
  odt,
  plainDocx,
  zipBomb,
} from './support/paper-files.ts';
import { createSession } from '../src/services/accounts.ts';
import { paperTextIdle } from '../src/services/papers/paper-text.ts';
import { withholdBlob } from '../src/services/blobs.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { inspectPaper } from '../src/services/papers/paper-content.ts';
import { decodeEntry, type JsonValue, type RecordEntry } from '../src/domain/entries/record-entry.ts';
import { emptyReplayState, replayEntry } from '../src/domain/replay/replay-record.ts';

const EN = { 'accept-language': 'en' };
const RU = { 'accept-language': 'ru' };

async function stored(h: Harness) {
  const db = h.db.dialect.db;
  const blobs = await db.selectFrom('blobs').select(['sha256', 'withheld']).orderBy('sha256').execute();
  const words = await db.selectFrom('paper_search_documents').selectAll().orderBy('paper_id').execute();
  return createHash('sha256')
    .update(`${await snapshot(h.db.dialect)}\n${JSON.stringify([blobs, words])}`)
    .digest('hex');
}

test('replay: a paper names a known sitting, item and motion; its versions follow in order with both hashes', () => {
  const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
  const entry = (type: RecordEntry['type'], data: Record<string, JsonValue>): RecordEntry => ({
    v: 1,
    type,
    body: 'x',
    recordedAt: '2026-12-01T00:00:00.000Z',
    data,
  });
  const version = (n: number, extra: Record<string, JsonValue> = {}) =>
    entry('paper.version_added', {
      paper: 1,
      version: n,
      sha256: 'a'.repeat(64),
      sha512: 'b'.repeat(128),
      mediaType: 'application/pdf',
      size: 10,
      uploadedBy: 2,
      ...extra,
    });
  const base = [
    entry('body.created', { origin: 'x', rules: null }),
    entry('sitting.scheduled', { sitting: 1 }),
    entry('agenda.item_added', { sitting: 1, item: 7, position: 1, title: 'T' }),
  ];
  const run = (entries: RecordEntry[]) => {
    const state = emptyReplayState();
    try {
      entries.forEach((e, i) => {
        replayEntry(sha, state, i, e);
      });
      return 'ok';
    } catch (err) {
      return (err as { code: string }).code;
    }
  };
  const added = (extra: Record<string, JsonValue> = {}) =>
    entry('paper.added', {
      paper: 1,
      sitting: 1,
      agendaItem: 7,
      motion: null,
      kind: 'report',
      title: { en: 'R' },
      ...extra,
    });
  assert.equal(run([...base, added(), version(1), version(2)]), 'ok');
  assert.equal(run([...base, added(), version(2)]), 'paper_version_out_of_order');
  assert.equal(run([...base, added({ agendaItem: 8 }), version(1)]), 'unknown_agenda_item');
  assert.equal(run([...base, added({ sitting: 2 })]), 'unknown_sitting');
  assert.equal(run([...base, added({ motion: 3, agendaItem: null })]), 'unknown_motion');
  assert.equal(run([...base, added(), added()]), 'paper_readded');
  assert.equal(run([...base, version(1)]), 'unknown_paper');
  assert.equal(run([...base, added(), version(1, { sha512: 'b'.repeat(64) })]), 'bad_paper_hash');
  assert.equal(run([...base, added(), version(1, { mediaType: 'text/html' })]), 'bad_paper_type');
  assert.equal(run([...base, added(), version(1, { size: 0 })]), 'bad_paper_size');
});

for (const target of testDatabases()) {
  describe(`papers on ${target.label}`, { skip: target.skip }, () => {
    let h: Harness;
    let c: Awaited<ReturnType<typeof councilWithMembers>>;
    let sittingId: number;
    let items: number[];
    let motionId: number;
    let session: { csrf: string; cookies: Record<string, string> };
    let pdf: Uint8Array;
    const slug = 'papers';

    const upload = (
      url: string,
      fields: Record<string, string>,
      file: { name: string; type: string; bytes: Uint8Array } | null,
      options: { csrf?: boolean; as?: { csrf: string; cookies: Record<string, string> } } = {},
    ) => {
      const who = options.as ?? session;
      const body = multipartBody(options.csrf === false ? fields : { _csrf: who.csrf, ...fields }, file);
      return h.app.inject({
        method: 'POST',
        url,
        cookies: who.cookies,
        headers: { 'content-type': body.contentType, ...EN },
        payload: body.payload,
      });
    };
    const papersUrl = () => `/${slug}/office/sittings/${sittingId}/papers`;

    before(async () => {
      h = await startHarness(target);
      c = await councilWithMembers(h, slug, 3);
      const base = `/api/v1/bodies/${slug}`;
      const s = await c.clerk.request('POST', `${base}/sittings`, {
        title: 'Ordinary sitting',
        date: '2026-12-10',
        agenda: ['The budget', 'Roads'],
      });
      sittingId = s.json().id;
      const agenda = await h.db.dialect.db
        .selectFrom('agenda_items')
        .select('id')
        .where('sitting_id', '=', sittingId)
        .orderBy('position')
        .execute();
      items = agenda.map((a) => a.id);
      const m = await c.clerk.request('POST', `${base}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'On the budget',
        text: 'That the council adopts the budget.',
      });
      motionId = m.json().id;
      const s2 = await createSession(h.ctx, c.clerk.userId);
      session = { csrf: s2.csrfToken, cookies: { quorate_session: s2.sessionToken } };
      pdf = await cyrillicPdf([
        'Доклад о бюджете поселения на 2027 год.',
        'Расходы на водоснабжение и благоустройство дворов.',
        'Budget report.',
      ]);
    });
    after(async () => {
      await h?.close();
    });

    test('content checks: a PDF, a DOCX, an ODT and text by their bytes; hostile archives refused before inflating', () => {
      assert.equal(inspectPaper(pdf, 1 << 20).mediaType, 'application/pdf');
      const d = inspectPaper(plainDocx(['Смета <расходов>', 'Second paragraph']), 1 << 20);
      assert.equal(d.mediaType, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      assert.equal(d.text, 'Смета <расходов>\nSecond paragraph');
      const o = inspectPaper(odt(['Протокол публичных слушаний']), 1 << 20);
      assert.equal(o.mediaType, 'application/vnd.oasis.opendocument.text');
      assert.equal(o.text, 'Протокол публичных слушаний');
      assert.equal(inspectPaper(new TextEncoder().encode('Пояснительная записка'), 1 << 20).mediaType, 'text/plain');
      const code = (bytes: Uint8Array, max = 1 << 20) => {
        try {
          inspectPaper(bytes, max);
          return 'accepted';
        } catch (err) {
          return (err as { code: string }).code;
        }
      };
      assert.equal(code(new Uint8Array(0)), 'paper_empty');
      assert.equal(code(pdf, 100), 'paper_too_large');
      assert.equal(code(entityBombDocx()), 'paper_xml_dtd');
      const bomb = zipBomb();
      const t0 = performance.now();
      assert.equal(code(bomb), 'paper_archive_bomb');
      assert.ok(performance.now() - t0 < 2000, 'the bomb is refused on its directory, not inflated');
      assert.equal(
        code(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])),
        'paper_type_not_allowed',
      );
      assert.equal(code(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 'paper_archive_invalid');
    });

    test('the clerk uploads a Cyrillic PDF and a DOCX; the public page shows versions, hashes and downloads', async () => {
      const page = await h.app.inject({ method: 'GET', url: papersUrl(), cookies: session.cookies, headers: RU });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /enctype="multipart\/form-data"/i);
      assert.match(page.body, /Материалы к заседанию/);

      const r = await upload(
        papersUrl(),
        { titleRu: 'Доклад о бюджете', titleEn: 'Budget report', kind: 'report', target: `item:${items[0]}` },
        { name: 'доклад.pdf', type: 'application/pdf', bytes: pdf },
      );
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
      assert.match(String(r.headers.location), /saved=1#paper-\d+$/);
      const docxBytes = plainDocx(['Проект решения о бюджете', 'Статья 1. Утвердить смету ремонта.']);
      const r2 = await upload(
        papersUrl(),
        { titleRu: 'Текст проекта решения', kind: 'motion_text', target: `motion:${motionId}` },
        { name: 'project.docx', type: 'application/octet-stream', bytes: docxBytes },
      );
      assert.equal(r2.statusCode, 303, r2.body.slice(0, 500));

      // The PDF's text is read after the upload was answered: wait for the queue, deterministically.
      await paperTextIdle(h.ctx);
      const versions = await h.db.dialect.db.selectFrom('paper_versions').selectAll().orderBy('paper_id').execute();
      assert.equal(versions.length, 2);
      assert.equal(versions[0]!.text_status, 'done');
      assert.match(versions[0]!.text ?? '', /водоснабжение/);
      assert.equal(versions[0]!.sha256, createHash('sha256').update(pdf).digest('hex'));
      assert.equal(versions[0]!.sha512, createHash('sha512').update(pdf).digest('hex'));
      assert.equal(versions[0]!.uploaded_by, c.clerk.userId);
      assert.equal(versions[1]!.media_type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');

      for (const [headers, words] of [
        [EN, ['Budget report', 'Version 1', 'Download version 1', 'text of the motion']],
        [RU, ['Доклад о бюджете', 'Редакция 1', 'Скачать редакцию 1', 'Материалы по вопросу|Иные материалы']],
      ] as const) {
        const pub = await h.app.inject({ method: 'GET', url: `/${slug}/sittings/${sittingId}`, headers });
        assert.equal(pub.statusCode, 200);
        for (const w of words) assert.match(pub.body, new RegExp(w));
        assert.ok(pub.body.includes(versions[0]!.sha256) && pub.body.includes(versions[0]!.sha512));
        assert.ok(pub.body.includes(versions[1]!.sha512));
      }
      const dl = await h.app.inject({ method: 'GET', url: `/${slug}/papers/${versions[0]!.paper_id}/v/1` });
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.match(String(dl.headers['content-disposition']), /^attachment; filename="paper-\d+-v1\.pdf"$/);
      assert.equal(dl.headers['x-content-type-options'], 'nosniff');
      assert.deepEqual(new Uint8Array(dl.rawPayload), pdf);
      assert.equal((await h.app.inject({ method: 'GET', url: `/${slug}/papers/999/v/1` })).statusCode, 404);
      assert.equal((await h.app.inject({ method: 'GET', url: `/${slug}/papers/x/v/1` })).statusCode, 404);

      // A word from inside the PDF, in another case and form prefix, finds it; so does one of the DOCX.
      const found = await h.app.inject({
        method: 'GET',
        url: `/${slug}/search?q=${encodeURIComponent('ВОДОСНАБЖ')}`,
        headers: RU,
      });
      assert.equal(found.statusCode, 200);
      assert.match(found.body, /Доклад о бюджете — заседание/);
      const inDocx = await h.app.inject({
        method: 'GET',
        url: `/${slug}/search?q=${encodeURIComponent('смету ремонта')}`,
        headers: RU,
      });
      assert.match(inDocx.body, /Текст проекта решения/);
      const none = await h.app.inject({
        method: 'GET',
        url: `/${slug}/search?q=${encodeURIComponent('канализация')}`,
        headers: RU,
      });
      assert.doesNotMatch(none.body, /Доклад о бюджете — заседание/);

      // The entries carry hashes, type, size and uploader, never the text or the file's name.
      const entries = await h.db.dialect.db.selectFrom('entries').select('bytes').execute();
      const decoded = entries.map((e) => decodeEntry(new Uint8Array(e.bytes)));
      const added = decoded.filter((e) => e.type === 'paper.version_added');
      assert.equal(added.length, 2);
      assert.deepEqual(Object.keys(added[0]!.data).sort(), [
        'mediaType',
        'paper',
        'sha256',
        'sha512',
        'size',
        'uploadedBy',
        'version',
      ]);
      assert.ok(
        !decoded.some((e) => JSON.stringify(e).includes('водоснабжение') || JSON.stringify(e).includes('доклад.pdf')),
      );
    });

    test('a new version keeps the old ones; the same file again is refused', async () => {
      const paper = await h.db.dialect.db
        .selectFrom('papers')
        .select('id')
        .where('kind', '=', 'motion_text')
        .executeTakeFirstOrThrow();
      const url = `/${slug}/office/papers/${paper.id}/versions`;
      const v2 = new TextEncoder().encode('Проект решения, вторая редакция: смета ремонта дорог.');
      const r = await upload(url, {}, { name: 'v2.txt', type: 'text/plain', bytes: v2 });
      assert.equal(r.statusCode, 303, r.body.slice(0, 300));
      const before = await stored(h);
      const again = await upload(url, {}, { name: 'v2.txt', type: 'text/plain', bytes: v2 });
      assert.equal(again.statusCode, 409);
      assert.equal(await stored(h), before);
      const pub = await h.app.inject({ method: 'GET', url: `/${slug}/sittings/${sittingId}`, headers: EN });
      assert.match(pub.body, /Version 2/);
      assert.match(pub.body, new RegExp(`/papers/${paper.id}/v/1`));
      const old = await h.app.inject({ method: 'GET', url: `/${slug}/papers/${paper.id}/v/1` });
      assert.equal(old.statusCode, 200);
      const text = await h.app.inject({ method: 'GET', url: `/${slug}/papers/${paper.id}/v/2` });
      assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
      // The latest version is what search holds.
      const found = await h.app.inject({
        method: 'GET',
        url: `/${slug}/search?q=${encodeURIComponent('дорог')}`,
        headers: RU,
      });
      assert.match(found.body, /Текст проекта решения — заседание .*редакция 2/);
    });

    test('hostile and empty uploads are refused with stable codes and store nothing; no CSRF, no role: refused', async () => {
      const fields = { titleEn: 'Hostile', kind: 'report', target: '' };
      const before = await stored(h);
      const cases: Array<[{ name: string; type: string; bytes: Uint8Array } | null, number, RegExp]> = [
        [{ name: 'empty.pdf', type: 'application/pdf', bytes: new Uint8Array(0) }, 400, /the file is empty/],
        [null, 400, /the file is empty/],
        [{ name: 'bomb.docx', type: 'application/octet-stream', bytes: entityBombDocx() }, 400, /declares a DTD/],
        [{ name: 'zip.docx', type: 'application/zip', bytes: zipBomb() }, 400, /more than 100 times/],
        [
          { name: 'x.exe', type: 'application/pdf', bytes: new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4]) },
          400,
          /a paper is a PDF/,
        ],
      ];
      for (const [file, status, message] of cases) {
        const r = await upload(papersUrl(), fields, file);
        assert.equal(r.statusCode, status, `${file?.name}: ${r.body.slice(0, 300)}`);
        assert.match(r.body, message);
        assert.match(r.body, /id="add-file"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="add-file"/);
        assert.equal(await stored(h), before, `${file?.name ?? 'no file'} stored nothing`);
      }
      // Bad fields: no title, an unknown kind, a target of another sitting, a control character.
      for (const [f, field] of [
        [{ kind: 'report', target: '' }, 'titleRu'],
        [{ titleEn: 'x', kind: 'memo', target: '' }, 'kind'],
        [{ titleEn: 'x', kind: 'report', target: 'item:999999' }, 'target'],
        [{ titleEn: 'x', kind: 'report', target: 'vote:1' }, 'target'],
        [{ titleEn: 'bad\u0007title', kind: 'report', target: '' }, 'titleEn'],
      ] as const) {
        const r = await upload(papersUrl(), f, {
          name: 'a.txt',
          type: 'text/plain',
          bytes: new TextEncoder().encode('text'),
        });
        assert.equal(r.statusCode, 400, JSON.stringify(f));
        assert.match(r.body, new RegExp(`id="add-${field}"[^>]*aria-invalid="true"`));
        assert.equal(await stored(h), before);
      }
      // Over the size limit (QUORATE_PAPER_MAX_BYTES, here lowered): 413 with its code, nothing stored.
      const app = h.app as unknown as { paperMaxBytes: number };
      const limit = app.paperMaxBytes;
      app.paperMaxBytes = 4096;
      try {
        const r = await upload(papersUrl(), fields, {
          name: 'big.txt',
          type: 'text/plain',
          bytes: new Uint8Array(5000).fill(0x61),
        });
        assert.equal(r.statusCode, 413);
        assert.match(r.body, /larger than 4096 bytes/);
      } finally {
        app.paperMaxBytes = limit;
      }
      assert.equal(await stored(h), before);
      const txt = { name: 'a.txt', type: 'text/plain', bytes: new TextEncoder().encode('a fine paper') };
      assert.equal((await upload(papersUrl(), { ...fields }, txt, { csrf: false })).statusCode, 403);
      const stranger = await makeClient(h);
      const s = await createSession(h.ctx, stranger.userId);
      const as = { csrf: s.csrfToken, cookies: { quorate_session: s.sessionToken } };
      assert.equal((await upload(papersUrl(), fields, txt, { as })).statusCode, 403);
      assert.equal((await h.app.inject({ method: 'GET', url: papersUrl(), cookies: as.cookies })).statusCode, 403);
      assert.equal(
        (await h.app.inject({ method: 'GET', url: papersUrl() })).statusCode,
        303,
        'not signed in: to sign in',
      );
      assert.equal(await stored(h), before);
    });

    test('a hostile PDF is stored, its text fails to read, and the server goes on', async () => {
      const r = await upload(
        papersUrl(),
        { titleEn: 'Broken scan', kind: 'other', target: `item:${items[1]}` },
        {
          name: 'scan.pdf',
          type: 'application/pdf',
          bytes: hostilePdf(),
        },
      );
      assert.equal(r.statusCode, 303);
      await paperTextIdle(h.ctx);
      const v = await h.db.dialect.db
        .selectFrom('paper_versions')
        .innerJoin('papers', 'papers.id', 'paper_versions.paper_id')
        .select(['paper_versions.text_status', 'paper_versions.text'])
        .where('papers.title_en', '=', 'Broken scan')
        .executeTakeFirstOrThrow();
      assert.equal(v.text_status, 'failed');
      assert.equal(v.text, null);
      assert.equal((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      const pub = await h.app.inject({ method: 'GET', url: `/${slug}/sittings/${sittingId}`, headers: EN });
      assert.match(pub.body, /could not be read for search/);
    });

    test('a withheld version shows as withheld, is not served and is not found; the minutes list the papers; verify replays', async () => {
      const paper = await h.db.dialect.db
        .selectFrom('papers')
        .innerJoin('paper_versions', 'paper_versions.paper_id', 'papers.id')
        .select(['papers.id', 'paper_versions.sha256', 'paper_versions.sha512'])
        .where('papers.kind', '=', 'report')
        .where('paper_versions.media_type', '=', 'application/pdf')
        .where('papers.title_en', '=', 'Budget report')
        .executeTakeFirstOrThrow();
      const minutes = await h.app.inject({
        method: 'GET',
        url: `/export/${slug}/sittings/${sittingId}/minutes.pdf?lang=en`,
      });
      assert.equal(minutes.statusCode, 200);
      const text = (await pdfText(new Uint8Array(minutes.rawPayload))).pages.join('\n').replace(/\s+/g, '');
      assert.ok(text.includes('Papers'), 'the minutes have a papers section');
      assert.ok(text.includes(paper.sha256) && text.includes(paper.sha512), 'with both hashes');

      const popolo = JSON.parse((await h.app.inject({ method: 'GET', url: `/export/${slug}/popolo.json` })).body);
      const exported = popolo.papers.find((p: { id: string }) => p.id.endsWith(`/paper/${paper.id}`));
      assert.equal(exported.name, 'Доклад о бюджете');
      assert.equal(exported.classification, 'report');
      assert.deepEqual(
        exported.files.map((f: { version: number; sha256: string; sha512: string; url: string }) => [
          f.version,
          f.sha256,
          f.sha512,
          f.url,
        ]),
        [[1, paper.sha256, paper.sha512, `https://council.example.org/${slug}/papers/${paper.id}/v/1`]],
      );
      assert.equal(popolo.papers.length, 3);

      const body = await h.db.dialect.db
        .selectFrom('bodies')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow();
      await withholdBlob(h.ctx, operatorActor(body.id), slug, {
        sha256: paper.sha256,
        reason: 'personal data of a third party',
      });
      const pub = await h.app.inject({ method: 'GET', url: `/${slug}/sittings/${sittingId}`, headers: EN });
      assert.match(pub.body, /Withheld for legal reasons: personal data of a third party/);
      assert.ok(pub.body.includes(paper.sha256), 'the hash stays public');
      const dl = await h.app.inject({ method: 'GET', url: `/${slug}/papers/${paper.id}/v/1` });
      assert.equal(dl.statusCode, 451);
      const found = await h.app.inject({
        method: 'GET',
        url: `/${slug}/search?q=${encodeURIComponent('водоснабжение')}`,
        headers: RU,
      });
      assert.doesNotMatch(found.body, /Доклад о бюджете — заседание/);

      const v = await verifyBody(h, slug);
      assert.equal(v.code, 0, v.output);
      // A version row edited behind the log's back is named by the entry it contradicts.
      await h.db.dialect.db
        .updateTable('paper_versions')
        .set({ sha512: 'f'.repeat(128) })
        .where('paper_id', '=', paper.id)
        .execute();
      const tampered = await verifyBody(h, slug);
      assert.notEqual(tampered.code, 0);
      assert.match(tampered.output, /paper_version_row_mismatch/);
    });

    test('a page rendered while a PDF waits for its text is not kept in the page cache', async () => {
      const bytes = await cyrillicPdf(['Схема канализации квартала.']);
      const r = await upload(
        papersUrl(),
        { titleEn: 'Sewers', kind: 'report', target: '' },
        {
          name: 's.pdf',
          type: 'application/pdf',
          bytes,
        },
      );
      assert.equal(r.statusCode, 303);
      const url = `/${slug}/search?q=${encodeURIComponent('канализации')}&lang=ru`;
      const early = await h.app.inject({ method: 'GET', url });
      const status = await h.db.dialect.db
        .selectFrom('paper_versions')
        .innerJoin('papers', 'papers.id', 'paper_versions.paper_id')
        .select('text_status')
        .where('papers.title_en', '=', 'Sewers')
        .executeTakeFirstOrThrow();
      assert.equal(status.text_status, 'pending', 'pdf.js takes longer to start than a page to render');
      assert.doesNotMatch(early.body, /Sewers — заседание/);
      await paperTextIdle(h.ctx);
      const later = await h.app.inject({ method: 'GET', url });
      assert.notEqual(later.headers['x-page-cache'], 'hit');
      assert.match(later.body, /Sewers — заседание/);
    });
  });
}
