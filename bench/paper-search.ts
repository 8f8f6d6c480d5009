// Papers (issue 16): text extraction and search over 1,000 papers (200 with --quick).
//   1. Extraction: the text of each paper's DOCX read from its XML at upload (the archive checked
//      first), per paper; a PDF's text read by pdf.js in a worker thread of its own, per paper, on
//      a sample (each PDF starts a thread and loads pdf.js: that cost is per file, and it is the
//      point of the design — a hostile PDF can be terminated without touching the server).
//   2. The upload as the clerk's form runs it (checked, stored as a blob, recorded, indexed).
//   3. Search: one-word and two-word queries through the portal's full-text index (FTS5 here)
//      beside a raw SQL `LIKE '%word%'` over the same extracted texts, in the same run, with
//      the same answers checked.
// Run: npx tsx bench/paper-search.ts [--quick]    (SQLite in a temporary folder)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import PDFDocument from 'pdfkit';
import { strToU8, zipSync } from 'fflate';
import { openDatabase } from '../src/db/open-database.ts';
import { migrateToLatest } from '../src/db/migrations.ts';
import { createRuntime } from '../src/services/runtime.ts';
import { createBody } from '../src/services/bodies.ts';
import { scheduleSitting } from '../src/services/sittings.ts';
import { operatorActor } from '../src/cli/operator.ts';
import { addPaper, searchPapers } from '../src/services/papers/papers.ts';
import { inspectPaper } from '../src/services/papers/paper-content.ts';
import { extractPdfText } from '../src/services/papers/paper-text.ts';
import { seededRandom } from './support/random.ts';
import { figure, percentile, printFigures, type Figure } from './support/figure.ts';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const SYLLABLES = 'ба ве ги до жу зе ка ли мо ну пи ро сы ту фе хо це чи ша ще юр ян ол ар ин ус ем'.split(' ');

function vocabulary(random: () => number, n: number): string[] {
  const words = new Set<string>();
  while (words.size < n) {
    let w = '';
    const len = 2 + Math.floor(random() * 3);
    for (let i = 0; i < len; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(w);
  }
  return [...words];
}

function docx(text: string): Uint8Array {
  const body = text
    .split('\n')
    .map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`)
    .join('');
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
    ),
  });
}

async function pdf(text: string): Promise<Uint8Array> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(FONT).fontSize(11).text(text);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

export async function bench({ quick }: { quick: boolean }): Promise<Figure[]> {
  const papers = quick ? 200 : 1_000;
  const wordsPerPaper = 1_500;
  const pdfSample = quick ? 3 : 10;
  const queries = quick ? 50 : 200;
  const random = seededRandom(16);
  const vocab = vocabulary(random, 20_000);
  const texts = Array.from({ length: papers }, () => {
    const words: string[] = [];
    for (let i = 0; i < wordsPerPaper; i++) words.push(vocab[Math.floor(random() ** 2 * vocab.length)]!);
    const lines: string[] = [];
    for (let i = 0; i < words.length; i += 15) lines.push(words.slice(i, i + 15).join(' '));
    return lines.join('\n');
  });

  const dir = mkdtempSync(join(tmpdir(), 'quorate-bench-papers-'));
  const dialect = openDatabase(join(dir, 'papers.db'));
  const figures: Figure[] = [];
  try {
    await migrateToLatest(dialect);
    const runtime = createRuntime(dialect, { keysDir: join(dir, 'keys') });
    const ctx = runtime.ctx;
    const body = await createBody(ctx, operatorActor(), {
      slug: 'papers',
      names: { ru: 'Совет' },
      establishedSeats: 10,
      rules: 'ronr',
    });
    const op = operatorActor(body.id);
    const sitting = await scheduleSitting(ctx, op, 'papers', { title: 'Sitting', date: '2026-12-10' });

    // 1. Extraction.
    const docxFiles = texts.map(docx);
    let t = performance.now();
    for (const f of docxFiles) inspectPaper(f, 20 * 1024 * 1024);
    const docxMs = (performance.now() - t) / papers;
    const pdfFiles: Uint8Array[] = [];
    for (let i = 0; i < pdfSample; i++) pdfFiles.push(await pdf(texts[i]!));
    const pdfTimes: number[] = [];
    for (const f of pdfFiles) {
      const t0 = performance.now();
      const text = await extractPdfText(f);
      pdfTimes.push(performance.now() - t0);
      if (!text.includes(texts[0]!.split(' ')[0]!) && f === pdfFiles[0]) throw new Error('the PDF text was not read');
    }
    pdfTimes.sort((a, b) => a - b);
    const kib = Math.round(texts.reduce((n, x) => n + Buffer.byteLength(x), 0) / papers / 1024);
    figures.push(
      figure(`DOCX text read at upload (${kib} KiB of text each), per paper`, docxMs, 'ms', null),
      figure(
        `PDF text by pdf.js in its own worker, median of ${pdfSample} (${Math.round(pdfFiles[0]!.length / 1024)} KiB PDF), baseline: DOCX`,
        percentile(pdfTimes, 50),
        'ms',
        docxMs,
      ),
    );

    // 2. Uploads through the use case.
    t = performance.now();
    for (let i = 0; i < papers; i++) {
      await addPaper(ctx, op, 'papers', sitting.id, {
        kind: 'report',
        titleEn: `Paper ${i + 1}`,
        titleRu: null,
        agendaItemId: null,
        motionId: null,
        bytes: docxFiles[i]!,
      });
    }
    figures.push(
      figure(
        `upload of a DOCX paper (checked, stored, recorded, indexed), ${papers} papers, per paper`,
        (performance.now() - t) / papers,
        'ms',
        null,
      ),
    );

    // 3. Search beside LIKE, with the same answers.
    const picks = Array.from({ length: queries }, () => vocab[Math.floor(random() * 2_000)]!);
    const db = dialect.db;
    const like = async (words: string[]) => {
      let q = db.selectFrom('paper_versions').select('paper_id').where('body_id', '=', body.id);
      for (const w of words) q = q.where(sql<boolean>`lower(text) like ${`%${w}%`}`);
      return (await q.execute()).length;
    };
    for (const [label, size] of [
      ['one word', 1],
      ['two words', 2],
    ] as const) {
      const indexTimes: number[] = [];
      const likeTimes: number[] = [];
      for (let i = 0; i < queries; i++) {
        const words = size === 1 ? [picks[i]!] : [picks[i]!, picks[(i + 1) % queries]!];
        let t0 = performance.now();
        const hits = await searchPapers(dialect, 'papers', words.join(' '), { limit: 20, offset: 0 });
        indexTimes.push(performance.now() - t0);
        t0 = performance.now();
        const likeTotal = await like(words);
        likeTimes.push(performance.now() - t0);
        // The index matches word prefixes, LIKE substrings: the index never finds more.
        if (hits.total > likeTotal) throw new Error(`"${words.join(' ')}": index ${hits.total}, LIKE ${likeTotal}`);
      }
      indexTimes.sort((a, b) => a - b);
      likeTimes.sort((a, b) => a - b);
      figures.push(
        figure(
          `search, ${label}, ${papers} papers: full-text index p50 (baseline: LIKE p50)`,
          percentile(indexTimes, 50),
          'ms',
          percentile(likeTimes, 50),
        ),
        figure(
          `search, ${label}, ${papers} papers: full-text index p99 (baseline: LIKE p99)`,
          percentile(indexTimes, 99),
          'ms',
          percentile(likeTimes, 99),
        ),
      );
    }
    await runtime.close();
  } finally {
    await dialect.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  printFigures('papers: extraction and search', await bench({ quick }));
}
