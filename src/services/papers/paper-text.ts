// The text of papers for search, kept apart from the record: it is derived from a version's bytes
// (which the log names by hash) and can always be derived again, so it has no entry of its own.
//
// A PDF's text is extracted off the request path: the upload commits with the version's text
// 'pending' and is answered; then this queue reads pending versions and hands each PDF to pdf.js in
// a worker thread of its own — script evaluation off (isEvalSupported: false), no font faces, no
// system fonts, no network, at most 256 MiB of heap and PDF_TIMEOUT_MS of time, after which the
// thread is terminated. A PDF that pdf.js cannot read, or that takes too long, leaves the version
// 'failed' (shown on the page: the file is still there, its words are not searchable); the server
// goes on. Pending versions left by a stopped server are taken up at the next start.
import { Worker } from 'node:worker_threads';
import type { ServiceContext } from '../service-context.ts';
import type { QuorateDialect } from '../../db/dialects/quorate-dialect.ts';
import { readBlob } from '../blobs.ts';
import { reindexPaper } from './paper-index.ts';

/** Time a PDF may take to give its text. */
export const PDF_TIMEOUT_MS = 30_000;
/** Pages read of one PDF; the words of a longer one's first pages are searchable. */
export const PDF_MAX_PAGES = 2_000;
/** Characters of text kept of one version. */
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;

// Plain JavaScript run by `new Worker(…, { eval: true })`: no file to build or ship beside the
// compiled server, and pdf.js is imported by the address the parent resolved.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const pdfjs = await import(workerData.url);
  const task = pdfjs.getDocument({
    data: workerData.bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false,
    disableAutoFetch: true, disableStream: true, enableXfa: false, stopAtErrors: false, verbosity: 0,
  });
  const doc = await task.promise;
  const parts = [];
  let length = 0;
  const pages = Math.min(doc.numPages, workerData.maxPages);
  for (let p = 1; p <= pages && length < workerData.maxChars; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent();
    const text = content.items.map((i) => (i.str || '') + (i.hasEOL ? '\\n' : '')).join('') + '\\n';
    parts.push(text);
    length += text.length;
    page.cleanup();
  }
  await doc.destroy();
  parentPort.postMessage({ ok: true, text: parts.join('').slice(0, workerData.maxChars) });
})().catch((e) => parentPort.postMessage({ ok: false, error: String((e && e.message) || e).slice(0, 300) }));
`;

let pdfjsUrl: string | null = null;

/**
 * The text of a PDF, read by pdf.js in a worker thread; rejects when pdf.js cannot read it or
 * it takes longer than `timeoutMs`.
 */
export async function extractPdfText(bytes: Uint8Array, timeoutMs = PDF_TIMEOUT_MS): Promise<string> {
  pdfjsUrl ??= import.meta.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { url: pdfjsUrl, bytes, maxPages: PDF_MAX_PAGES, maxChars: MAX_TEXT_CHARS },
    resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    stdout: true,
    stderr: true,
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const reply = await new Promise<{ ok: boolean; text?: string; error?: string }>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no text after ${timeoutMs} ms`)), timeoutMs);
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the extraction stopped (exit ${code})`)));
    });
    if (!reply.ok) throw new Error(reply.error ?? 'pdf.js could not read the file');
    return reply.text ?? '';
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

interface Queue {
  running: Promise<void> | null;
  again: boolean;
}
const queues = new WeakMap<QuorateDialect, Queue>();

async function drain(ctx: ServiceContext, q: Queue, log: (message: string) => void): Promise<void> {
  // Finding work reads through the reader (a server with nothing pending never touches the writer).
  const db = ctx.dialect.db;
  const reader = ctx.dialect.reader;
  do {
    q.again = false;
    for (;;) {
      const pending = await reader
        .selectFrom('paper_versions')
        .select(['body_id', 'paper_id', 'version', 'sha256'])
        .where('text_status', '=', 'pending')
        .orderBy('paper_id')
        .orderBy('version')
        .limit(20)
        .execute();
      if (pending.length === 0) break;
      for (const v of pending) {
        const blob = await readBlob(reader, v.body_id, v.sha256);
        let status: 'done' | 'failed' | 'withheld';
        let text: string | null = null;
        if (blob.withheld) status = 'withheld';
        else {
          try {
            text = (await extractPdfText(blob.bytes)).slice(0, MAX_TEXT_CHARS);
            status = 'done';
          } catch (err) {
            log(`paper ${v.paper_id} v${v.version}: no text (${(err as Error).message})`);
            status = 'failed';
          }
        }
        // Withholding may have come first while pdf.js was reading: only a pending row takes the text.
        await db
          .updateTable('paper_versions')
          .set({ text_status: status, text })
          .where('body_id', '=', v.body_id)
          .where('paper_id', '=', v.paper_id)
          .where('version', '=', v.version)
          .where('text_status', '=', 'pending')
          .execute();
        await reindexPaper(db, v.body_id, v.paper_id);
      }
    }
  } while (q.again);
}

/**
 * Starts the queue unless it runs (then it looks again when done); resolves when it is idle.
 * Errors (a closed database at shutdown) are logged, never thrown into a request.
 */
export function schedulePaperText(ctx: ServiceContext, log: (message: string) => void = () => {}): Promise<void> {
  let q = queues.get(ctx.dialect);
  if (!q) {
    q = { running: null, again: false };
    queues.set(ctx.dialect, q);
  }
  const queue = q;
  if (queue.running) {
    queue.again = true;
    return queue.running;
  }
  queue.running = drain(ctx, queue, log)
    .catch((err) => log(`paper text queue stopped: ${(err as Error).message}`))
    .finally(() => {
      queue.running = null;
    });
  return queue.running;
}

/** Resolves when no extraction is under way (tests wait on it; shutdown too). */
export async function paperTextIdle(ctx: ServiceContext): Promise<void> {
  for (;;) {
    const running = queues.get(ctx.dialect)?.running;
    if (!running) return;
    await running;
  }
}
