// The minutes as an accessible, archival PDF (issue 17, item 2), checked by real readers: poppler's
// `pdfinfo` says it is tagged and PDF/A-2b with the record's language, title and creation date;
// `pdffonts` shows every font embedded; `pdfinfo -struct-text` shows the headings, lists and tables
// in reading order; pdf.js reads the text back in both scripts; and the same record renders the
// same bytes. Without poppler the test is skipped with its reason, except under CI=true, where a
// missing `pdfinfo` is a failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabases } from './support/databases.ts';
import { councilWithMembers, startHarness, type Harness } from './support/test-app.ts';
import { pdfText } from './support/pdf-text.ts';
import { minutesDocument } from '../src/services/minutes/minutes.ts';
import { FEATURES } from '../src/http/features.ts';

function popplerSkipReason(): string | false {
  const found = spawnSync('pdfinfo', ['-v'], { encoding: 'utf8' });
  if (!found.error) return false;
  if (process.env.CI === 'true')
    throw new Error('CI=true but pdfinfo (poppler-utils) is missing: the minutes PDF checks cannot be skipped in CI');
  return 'poppler-utils is not installed (apt-get install poppler-utils): the PDF accessibility checks are skipped';
}

const poppler = popplerSkipReason();

for (const target of testDatabases()) {
  describe(`the minutes PDF, accessible and archival, on ${target.label}`, { skip: target.skip || poppler }, () => {
    let h: Harness;
    let dir: string;
    before(async () => {
      h = await startHarness(target);
      dir = mkdtempSync(join(tmpdir(), 'quorate-minutes-pdf-'));
    });
    after(async () => {
      await h?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    test('tagged, PDF/A-2b, fonts embedded, structure in reading order, both scripts, same bytes twice', async () => {
      const c = await councilWithMembers(h, 'archival', 3);
      const api = '/api/v1/bodies/archival';
      const s = await c.clerk.request('POST', `${api}/sittings`, {
        title: 'Budget sitting',
        date: '2026-11-20',
        agenda: ['Budget', 'Roads'],
      });
      const sittingId = s.json().id as number;
      const agenda = (await c.clerk.request('GET', `${api}/sittings/${sittingId}`)).json().agenda as Array<{
        id: number;
      }>;
      await c.clerk.request('POST', `${api}/sittings/${sittingId}/open`);
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/sittings/${sittingId}/attendance/${id}`, { status: 'present' });
      const m = await c.clerk.request('POST', `${api}/motions`, {
        sittingId,
        kind: 'ordinary',
        title: 'On the budget',
        text: 'That the budget be adopted.',
      });
      const v = await c.clerk.request('POST', `${api}/votes`, { motionId: m.json().id, method: 'roll_call' });
      const voteId = v.json().id as number;
      for (const id of c.memberIds)
        await c.clerk.request('PUT', `${api}/votes/${voteId}/roll-call/${id}`, { choice: 'yes' });
      assert.equal((await c.clerk.request('POST', `${api}/votes/${voteId}/close`, {})).statusCode, 200);
      assert.equal((await c.clerk.request('POST', `${api}/sittings/${sittingId}/close`)).statusCode, 200);
      assert.equal((await c.clerk.request('POST', `${api}/sittings/${sittingId}/minutes`)).statusCode, 201);
      for (const [lang, text] of [
        ['en', 'The treasurer presented the budget; two members asked about roads.'],
        ['ru', 'Казначей представил бюджет; два депутата спросили о дорогах.'],
      ] as const) {
        const r = await c.clerk.request('POST', `${api}/sittings/${sittingId}/minutes/narratives`, {
          agendaItemId: agenda[0]!.id,
          lang,
          text,
        });
        assert.equal(r.statusCode, 201, r.body);
      }

      const fetchPdf = async (lang: string) =>
        (
          await h.app.inject({
            method: 'GET',
            url: `/export/archival/sittings/${sittingId}/minutes-draft.pdf?lang=${lang}`,
          })
        ).rawPayload;
      const pdf = await fetchPdf('ru');
      // The same record renders the same bytes (no clock, no random identifier): rendered again
      // outside the export cache, later.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const twice = await minutesDocument(h.ctx.dialect.db, 'archival', sittingId, {
        lang: 'ru',
        publicOrigin: h.ctx.publicOrigin,
        sections: FEATURES.flatMap((f) => f.minutesSections),
        draft: true,
      });
      assert.equal(twice.kind, 'draft');
      assert.ok(
        twice.kind === 'draft' && Buffer.compare(pdf, twice.bytes) === 0,
        'the same record renders the same bytes',
      );
      const file = join(dir, 'minutes.pdf');
      writeFileSync(file, pdf);

      const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
      if (process.env.QUORATE_KEEP_MINUTES_PDF) writeFileSync(process.env.QUORATE_KEEP_MINUTES_PDF, pdf);
      assert.ok(/^Tagged:\s+yes$/m.test(info), 'info: /^Tagged:s+yes$/m');
      assert.ok(/^Title:\s+Протокол: Budget sitting$/m.test(info), 'info: /^Title:s+Протокол: Budget sitting$/m');
      // The creation date is the draft's latest entry's, not the clock's.
      const drafted = (await c.clerk.request('GET', `${api}/sittings/${sittingId}/minutes`)).json();
      assert.equal(drafted.version, 3);
      const lastNarrative = drafted.narratives.at(-1);
      const entry = await h.db.dialect.db
        .selectFrom('entries')
        .select('recorded_at')
        .where('idx', '=', lastNarrative.entry)
        .where(
          'body_id',
          '=',
          (
            await h.db.dialect.db
              .selectFrom('bodies')
              .select('id')
              .where('slug', '=', 'archival')
              .executeTakeFirstOrThrow()
          ).id,
        )
        .executeTakeFirstOrThrow();
      assert.equal(/^CreationDate:\s+(\S+)$/m.exec(info)?.[1], `${entry.recorded_at.slice(0, 19)}Z`);
      const meta = execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' });
      assert.ok(/<pdfaid:part>2<\/pdfaid:part>/.test(meta), 'meta: /<pdfaid:part>2</pdfaid:part>/');
      assert.ok(
        /<pdfaid:conformance>B<\/pdfaid:conformance>/.test(meta),
        'meta: /<pdfaid:conformance>B</pdfaid:conformance>/',
      );
      const raw = pdf.toString('latin1');
      assert.ok(/\/Lang \(ru-RU\)/.test(raw), "the document's language");
      assert.ok(/\/MarkInfo/.test(raw), 'raw: //MarkInfo/');

      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      assert.ok(fonts.length >= 2, 'the regular and the bold face');
      for (const line of fonts) {
        const cols = line.trim().split(/\s+/);
        // name type encoding emb sub uni object ID: emb is the fourth column from the end but three.
        assert.equal(cols[cols.length - 5], 'yes', `every font embedded: ${cols[0]}`);
      }

      const struct = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
      const order = ['H1', 'L', 'Table', 'H2', 'H3'];
      for (const tag of order)
        assert.ok(new RegExp(`^\\s*${tag}\\b`, 'm').test(struct), `the structure tree has ${tag}`);
      assert.ok(
        /^\s*LI\b/m.test(struct) && /^\s*TR\b/m.test(struct) && /^\s*TH\b/m.test(struct),
        'list items, rows, header cells',
      );
      // Reading order: the title, then the agenda list, then the attendance table, then the narrative.
      const at = (needle: string) => struct.indexOf(needle);
      assert.ok(at('Протокол: Budget sitting') >= 0, 'the heading text is in the tree');
      assert.ok(at('Протокол: Budget sitting') < at('1. Budget'), 'the title before the agenda');
      assert.ok(at('1. Budget') < at('Депутат 1'), 'the agenda before the attendance table');
      assert.ok(at('Депутат 1') < at('Казначей представил бюджет'), 'the attendance before the narrative');

      const text = (await pdfText(pdf)).pages.join('\n');
      assert.ok(/The treasurer presented the budget/.test(text), 'text: /The treasurer presented the budget/');
      assert.ok(/Казначей представил бюджет/.test(text), 'text: /Казначей представил бюджет/');
      assert.ok(/ПРОЕКТ — протокол не утверждён/.test(text), 'text: /ПРОЕКТ — протокол не утверждён/');
    });
  });
}
