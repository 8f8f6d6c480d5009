// Papers (issue 16, item 4): documents attached to a sitting's agenda item or motion — reports,
// drafts, a motion's own text — in numbered versions. Each version is a blob of the body
// (content-addressed by SHA-256, the SHA-512 kept beside it) recorded by `paper.version_added`
// with its hashes, type, size and uploader (an account number), never its text or file name;
// older versions stay. The file is checked by its bytes before the transaction opens, so a
// refused upload stores nothing. A version withheld for legal reasons (blobs.ts) keeps its hashes
// and shows as withheld.
import { createHash } from 'node:crypto';
import { findBody } from '../bodies.ts';
import { recordTransaction, type RecordTx } from '../record-transaction.ts';
import { authorize, type Actor } from '../policy.ts';
import { conflict, invalid, notFound, ServiceError } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import { readBlob, storeBlobTx, type BlobContent } from '../blobs.ts';
import type { Executor, QuorateDialect } from '../../db/dialects/quorate-dialect.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  DEFAULT_PAPER_MAX_BYTES,
  PAPER_EXTENSION,
  PAPER_KINDS,
  type PaperKind,
  type PaperMediaType,
} from '../../domain/papers/paper-rules.ts';
import { queryTerms } from '../../domain/search/search-terms.ts';
import { inspectPaper, type InspectedPaper } from './paper-content.ts';
import { reindexPaper } from './paper-index.ts';

export const MAX_PAPER_TITLE = 500;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

export interface PaperFile {
  bytes: Uint8Array;
  /** Largest accepted file (QUORATE_PAPER_MAX_BYTES). */
  maxBytes?: number;
}

export interface AddPaperInput extends PaperFile {
  kind: string;
  titleEn: string | null;
  titleRu: string | null;
  agendaItemId: number | null;
  motionId: number | null;
}

function inspected(file: PaperFile): InspectedPaper {
  try {
    return inspectPaper(file.bytes, file.maxBytes ?? DEFAULT_PAPER_MAX_BYTES);
  } catch (err) {
    if (err instanceof DomainError)
      throw new ServiceError(err.code === 'paper_too_large' ? 'too_large' : 'invalid', err.code, err.message, {
        field: 'file',
      });
    throw err;
  }
}

function title(value: string | null, field: string): string | null {
  const t = value?.normalize('NFC').trim() ?? '';
  if (t === '') return null;
  if (t.length > MAX_PAPER_TITLE || CONTROL.test(t) || !t.isWellFormed())
    throw invalid(
      'invalid_paper_title',
      `a title is at most ${MAX_PAPER_TITLE} characters, without control characters`,
      {
        field,
      },
    );
  return t;
}

async function addVersionTx(
  tx: RecordTx,
  actor: Actor | null,
  paperId: number,
  version: number,
  file: PaperFile,
  paper: InspectedPaper,
) {
  const blob = await storeBlobTx(tx, file.bytes, paper.mediaType);
  const sha512 = createHash('sha512').update(file.bytes).digest('hex');
  const entryIndex = tx.record('paper.version_added', {
    paper: paperId,
    version,
    sha256: blob.sha256,
    sha512,
    mediaType: paper.mediaType,
    size: blob.size,
    uploadedBy: actor?.userId ?? null,
  });
  // A blob withheld before keeps its bytes erased: its text is not kept either.
  const stored = await readBlob(tx.trx, tx.body.id, blob.sha256);
  await tx.trx
    .insertInto('paper_versions')
    .values({
      paper_id: paperId,
      version,
      body_id: tx.body.id,
      sha256: blob.sha256,
      sha512,
      media_type: paper.mediaType,
      size: blob.size,
      uploaded_by: actor?.userId ?? null,
      uploaded_at: tx.now,
      entry_index: entryIndex,
      text_status: stored.withheld ? 'withheld' : paper.text === null ? 'pending' : 'done',
      text: stored.withheld ? null : paper.text,
    })
    .execute();
  await reindexPaper(tx.trx, tx.body.id, paperId);
  return { version, sha256: blob.sha256, sha512, mediaType: paper.mediaType, size: blob.size, entryIndex };
}

/**
 * Adds a paper with its first version to a sitting, on one of its agenda items or motions (or on
 * the sitting as a whole). The clerk's or chair's act (`sitting.manage`).
 */
export async function addPaper(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: AddPaperInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  if (!(PAPER_KINDS as readonly string[]).includes(input.kind))
    throw invalid('invalid_paper_kind', `a paper is one of ${PAPER_KINDS.join(', ')}`, { field: 'kind' });
  const titleEn = title(input.titleEn, 'titleEn');
  const titleRu = title(input.titleRu, 'titleRu');
  if (!titleEn && !titleRu) throw invalid('paper_title_required', 'give the paper a title', { field: 'titleRu' });
  if (input.agendaItemId !== null && input.motionId !== null)
    throw invalid('paper_one_target', 'a paper belongs to one agenda item or one motion', { field: 'target' });
  const paper = inspected(input);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await tx.trx
      .selectFrom('sittings')
      .select('id')
      .where('body_id', '=', body.id)
      .where('id', '=', sittingId)
      .executeTakeFirst();
    if (!sitting) throw notFound(`sitting ${sittingId}`, 'sitting_not_found');
    if (input.agendaItemId !== null) {
      const item = await tx.trx
        .selectFrom('agenda_items')
        .select(['id', 'closed'])
        .where('body_id', '=', body.id)
        .where('sitting_id', '=', sittingId)
        .where('id', '=', input.agendaItemId)
        .executeTakeFirst();
      if (!item) throw invalid('agenda_item_not_found', 'no such agenda item at this sitting', { field: 'target' });
      if (item.closed === 1)
        throw invalid('item_closed', "a closed item's papers are not published; keep them outside the public record", {
          field: 'target',
        });
    }
    if (input.motionId !== null) {
      const motion = await tx.trx
        .selectFrom('motions')
        .select('id')
        .where('body_id', '=', body.id)
        .where('sitting_id', '=', sittingId)
        .where('id', '=', input.motionId)
        .executeTakeFirst();
      if (!motion) throw invalid('motion_not_found', 'no such motion at this sitting', { field: 'target' });
    }
    const titles: Record<string, string> = {};
    if (titleEn) titles.en = titleEn;
    if (titleRu) titles.ru = titleRu;
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('papers')
      .values({
        body_id: body.id,
        sitting_id: sittingId,
        agenda_item_id: input.agendaItemId,
        motion_id: input.motionId,
        kind: input.kind,
        title_en: titleEn,
        title_ru: titleRu,
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('paper.added', {
      paper: row.id,
      sitting: sittingId,
      agendaItem: input.agendaItemId,
      motion: input.motionId,
      kind: input.kind,
      title: titles,
    });
    const version = await addVersionTx(tx, actor, row.id, 1, input, paper);
    return { id: row.id, ...version };
  });
}

/** Adds the next version of a paper; the earlier ones stay. */
export async function addPaperVersion(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  paperId: number,
  file: PaperFile,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'sitting.manage', body.id);
  const paper = inspected(file);
  return recordTransaction(ctx, body, async (tx) => {
    const row = await tx.trx
      .selectFrom('papers')
      .select(['id', 'sitting_id'])
      .where('body_id', '=', body.id)
      .where('id', '=', paperId)
      .executeTakeFirst();
    if (!row) throw notFound(`paper ${paperId}`, 'paper_not_found');
    const latest = await tx.trx
      .selectFrom('paper_versions')
      .select(['version', 'sha256'])
      .where('body_id', '=', body.id)
      .where('paper_id', '=', paperId)
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    const version = await addVersionTx(tx, actor, paperId, latest.version + 1, file, paper);
    if (version.sha256 === latest.sha256)
      throw conflict('paper_version_unchanged', `this file is version ${latest.version} already`);
    return { id: paperId, sittingId: row.sitting_id, ...version };
  });
}

export interface PaperVersionView {
  version: number;
  sha256: string;
  sha512: string;
  mediaType: string;
  size: number;
  uploadedBy: number | null;
  uploadedAt: string;
  entryIndex: number;
  /** 'pending', 'done', 'failed' or 'withheld'. */
  textStatus: string;
  withheld: boolean;
  withheldReason: string | null;
}

export interface PaperView {
  id: number;
  sittingId: number;
  agendaItemId: number | null;
  motionId: number | null;
  kind: PaperKind;
  title: { en?: string; ru?: string };
  entryIndex: number;
  /** Newest first. */
  versions: PaperVersionView[];
}

/** The papers of a sitting (or of every sitting, for exports), oldest first, versions newest first. */
export async function listPapers(
  db: Executor,
  bodyId: number,
  sittingId: number | null,
  ids: readonly number[] | null = null,
): Promise<PaperView[]> {
  let q = db.selectFrom('papers').selectAll().where('body_id', '=', bodyId);
  if (sittingId !== null) q = q.where('sitting_id', '=', sittingId);
  if (ids !== null) q = q.where('id', 'in', ids.length ? ids : [0]);
  const papers = await q.orderBy('id').execute();
  if (papers.length === 0) return [];
  const versions = await db
    .selectFrom('paper_versions')
    .innerJoin('blobs', (j) =>
      j.onRef('blobs.body_id', '=', 'paper_versions.body_id').onRef('blobs.sha256', '=', 'paper_versions.sha256'),
    )
    .select([
      'paper_versions.paper_id',
      'paper_versions.version',
      'paper_versions.sha256',
      'paper_versions.sha512',
      'paper_versions.media_type',
      'paper_versions.size',
      'paper_versions.uploaded_by',
      'paper_versions.uploaded_at',
      'paper_versions.entry_index',
      'paper_versions.text_status',
      'blobs.withheld',
      'blobs.withheld_reason',
    ])
    .where('paper_versions.body_id', '=', bodyId)
    .where(
      'paper_versions.paper_id',
      'in',
      papers.map((p) => p.id),
    )
    .orderBy('paper_versions.version', 'desc')
    .execute();
  return papers.map((p) => ({
    id: p.id,
    sittingId: p.sitting_id,
    agendaItemId: p.agenda_item_id,
    motionId: p.motion_id,
    kind: p.kind as PaperKind,
    title: { ...(p.title_en ? { en: p.title_en } : {}), ...(p.title_ru ? { ru: p.title_ru } : {}) },
    entryIndex: p.entry_index,
    versions: versions
      .filter((v) => v.paper_id === p.id)
      .map((v) => ({
        version: v.version,
        sha256: v.sha256,
        sha512: v.sha512,
        mediaType: v.media_type,
        size: v.size,
        uploadedBy: v.uploaded_by,
        uploadedAt: v.uploaded_at,
        entryIndex: v.entry_index,
        textStatus: v.text_status,
        withheld: v.withheld === 1,
        withheldReason: v.withheld_reason,
      })),
  }));
}

/**
 * Whether a version of the body still waits for its text. The page cache keys pages by the log's
 * size, and a PDF's text arrives without an entry: a page rendered while one waits is not kept.
 */
export async function hasPendingPaperText(db: Executor, bodyId: number): Promise<boolean> {
  const row = await db
    .selectFrom('paper_versions')
    .select('paper_id')
    .where('body_id', '=', bodyId)
    .where('text_status', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface PaperDownload {
  /** The name it is downloaded under: paper-{id}-v{n}.{ext}. */
  name: string;
  mediaType: string;
  sha512: string;
  content: BlobContent;
}

/** One version's bytes (or the fact that they were withheld). */
export async function readPaperVersion(
  db: Executor,
  slug: string,
  paperId: number,
  version: number,
): Promise<PaperDownload> {
  const body = await findBody(db, slug);
  const row = await db
    .selectFrom('paper_versions')
    .select(['sha256', 'sha512', 'media_type'])
    .where('body_id', '=', body.id)
    .where('paper_id', '=', paperId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound(`version ${version} of paper ${paperId}`, 'paper_not_found');
  const mediaType = row.media_type as PaperMediaType;
  return {
    name: `paper-${paperId}-v${version}.${PAPER_EXTENSION[mediaType] ?? 'bin'}`,
    mediaType,
    sha512: row.sha512,
    content: await readBlob(db, body.id, row.sha256),
  };
}

export interface PaperHit {
  paperId: number;
  title: { en?: string; ru?: string };
  sittingId: number;
  sittingDate: string | null;
  version: number;
}

/**
 * Papers of the body whose titles or latest text hold every word of `query` (as word prefixes),
 * newest first.
 */
export async function searchPapers(
  dialect: QuorateDialect,
  slug: string,
  query: string,
  page: { limit: number; offset: number },
) {
  const db = dialect.reader;
  const body = await findBody(db, slug);
  const terms = queryTerms(query);
  if (terms.length === 0) return { terms, total: 0, items: [] as PaperHit[] };
  const { total, paperIds } = await dialect.fullText.matchPapers(db, body.id, terms, page);
  if (paperIds.length === 0) return { terms, total, items: [] as PaperHit[] };
  const rows = await db
    .selectFrom('papers')
    .innerJoin('sittings', 'sittings.id', 'papers.sitting_id')
    .select(['papers.id', 'papers.title_en', 'papers.title_ru', 'papers.sitting_id', 'sittings.date'])
    .where('papers.body_id', '=', body.id)
    .where('papers.id', 'in', paperIds)
    .execute();
  const latest = await db
    .selectFrom('paper_versions')
    .select(['paper_id', (eb) => eb.fn.max('version').as('version')])
    .where('body_id', '=', body.id)
    .where('paper_id', 'in', paperIds)
    .groupBy('paper_id')
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: PaperHit[] = [];
  for (const id of paperIds) {
    const r = byId.get(id);
    if (!r) continue;
    items.push({
      paperId: id,
      title: { ...(r.title_en ? { en: r.title_en } : {}), ...(r.title_ru ? { ru: r.title_ru } : {}) },
      sittingId: r.sitting_id,
      sittingDate: r.date,
      version: Number(latest.find((l) => l.paper_id === id)?.version ?? 1),
    });
  }
  return { terms, total, items };
}
