// Content-addressed blobs: long texts and files a record entry refers to by SHA-256 instead of
// carrying them (DESIGN.md, "The record log": an entry is at most 65,535 bytes). A blob that
// names a third party can be withheld for legal reasons: its bytes are erased, the row keeps its
// hash, and the log — which only ever held the hash — still verifies.
import { findBody } from './bodies.ts';
import { recordTransaction, type RecordTx } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { invalid, notFound } from './service-error.ts';
import { sha256Hex, type ServiceContext } from './service-context.ts';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { reindexPaper } from './papers/paper-index.ts';

/** What an entry records of a blob: enough to fetch it and to check what was fetched. */
export interface BlobRef {
  sha256: string;
  mediaType: string;
  size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const isSha256Hex = (text: string) => SHA256_HEX.test(text);

/**
 * Stores `bytes` in the body's blobs (once: the same bytes get the same row) inside the use
 * case's transaction. A blob already withheld stays withheld: uploading it again does not
 * bring it back.
 */
export async function storeBlobTx(tx: RecordTx, bytes: Uint8Array, mediaType: string): Promise<BlobRef> {
  const sha256 = sha256Hex(bytes);
  const existing = await tx.trx
    .selectFrom('blobs')
    .select(['sha256'])
    .where('body_id', '=', tx.body.id)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!existing) {
    await tx.trx
      .insertInto('blobs')
      .values({
        body_id: tx.body.id,
        sha256,
        media_type: mediaType,
        size: bytes.length,
        bytes,
        withheld: 0,
        withheld_reason: null,
        created_at: tx.now,
      })
      .execute();
  }
  return { sha256, mediaType, size: bytes.length };
}

const encoder = new TextEncoder();

/** Stores a text (a reply, personal details) as a UTF-8 text/plain blob. */
export function storeTextBlobTx(tx: RecordTx, text: string): Promise<BlobRef> {
  return storeBlobTx(tx, encoder.encode(text), 'text/plain; charset=utf-8');
}

export type BlobContent =
  | { withheld: false; sha256: string; mediaType: string; size: number; bytes: Uint8Array }
  | { withheld: true; sha256: string; mediaType: string; size: number; reason: string | null };

/** A blob of the body, with its bytes unless withheld. */
export async function readBlob(db: Executor, bodyId: number, sha256: string): Promise<BlobContent> {
  const row = isSha256Hex(sha256)
    ? await db
        .selectFrom('blobs')
        .selectAll()
        .where('body_id', '=', bodyId)
        .where('sha256', '=', sha256)
        .executeTakeFirst()
    : undefined;
  if (!row) throw notFound(`blob ${sha256.slice(0, 80)}`, 'blob_not_found');
  if (row.withheld === 1 || row.bytes === null) {
    return { withheld: true, sha256, mediaType: row.media_type, size: row.size, reason: row.withheld_reason };
  }
  return { withheld: false, sha256, mediaType: row.media_type, size: row.size, bytes: new Uint8Array(row.bytes) };
}

/** Reads a text blob; null when withheld. */
export async function readTextBlob(db: Executor, bodyId: number, sha256: string): Promise<string | null> {
  const blob = await readBlob(db, bodyId, sha256);
  return blob.withheld ? null : new TextDecoder().decode(blob.bytes);
}

/**
 * Withholds a blob for a legal reason: erases its bytes and records `blob.withheld` with the
 * hash and the reason (never the content).
 */
export async function withholdBlob(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  input: { sha256: string; reason: string },
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'blob.withhold', body.id);
  if (!isSha256Hex(input.sha256)) throw invalid('invalid_sha256', 'a blob is named by its SHA-256 in lower-case hex');
  const reason = input.reason.trim();
  if (!reason) throw invalid('reason_required', 'say why the blob is withheld (the reason is public)');
  return recordTransaction(ctx, body, async (tx) => {
    const row = await tx.trx
      .selectFrom('blobs')
      .select(['withheld'])
      .where('body_id', '=', body.id)
      .where('sha256', '=', input.sha256)
      .executeTakeFirst();
    if (!row) throw notFound(`blob ${input.sha256}`, 'blob_not_found');
    if (row.withheld === 1) return { sha256: input.sha256, withheld: true, entryIndex: null };
    await tx.trx
      .updateTable('blobs')
      .set({ bytes: null, withheld: 1, withheld_reason: reason })
      .where('body_id', '=', body.id)
      .where('sha256', '=', input.sha256)
      .execute();
    // A file's name may be what names the person ("complaint-ivanova.pdf"): it goes too.
    await tx.trx
      .updateTable('appeal_attachments')
      .set({ name: 'withheld' })
      .where('body_id', '=', body.id)
      .where('sha256', '=', input.sha256)
      .execute();
    // A paper's text goes with its bytes, and so do its words in the search index.
    const papers = await tx.trx
      .selectFrom('paper_versions')
      .select('paper_id')
      .distinct()
      .where('body_id', '=', body.id)
      .where('sha256', '=', input.sha256)
      .execute();
    await tx.trx
      .updateTable('paper_versions')
      .set({ text: null, text_status: 'withheld' })
      .where('body_id', '=', body.id)
      .where('sha256', '=', input.sha256)
      .execute();
    for (const p of papers) await reindexPaper(tx.trx, body.id, p.paper_id);
    const entryIndex = tx.record('blob.withheld', { sha256: input.sha256, reason });
    return { sha256: input.sha256, withheld: true, entryIndex };
  });
}
