// Files attached to an appeal — the letter as sent, scanned replies, an extension notice — kept
// content-addressed (SHA-256) in the body's blobs and recorded in the log by hash, type and size.
// Every check runs before the transaction opens, so a refused upload stores nothing at all.
import { findBody } from '../bodies.ts';
import { recordTransaction } from '../record-transaction.ts';
import { authorize, type Actor } from '../policy.ts';
import { conflict, invalid, notFound, ServiceError } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import { readBlob, storeBlobTx, type BlobContent } from '../blobs.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from '../../domain/attachments/check-attachment.ts';
import { DomainError } from '../../domain/errors.ts';

export const ATTACHMENT_KINDS = ['letter', 'reply', 'notice', 'other'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export interface AddAttachmentInput {
  name: string;
  mediaType: string;
  bytes: Uint8Array;
  kind: AttachmentKind;
  /** The event the file belongs to (the reply it is a scan of…), when there is one. */
  eventId?: number | null;
}

function checked(input: AddAttachmentInput) {
  try {
    return checkAttachment({
      name: input.name,
      mediaType: input.mediaType,
      bytes: input.bytes,
      maxBytes: MAX_ATTACHMENT_BYTES,
    });
  } catch (err) {
    if (err instanceof DomainError) {
      throw new ServiceError(err.code === 'attachment_too_large' ? 'too_large' : 'invalid', err.code, err.message);
    }
    throw err;
  }
}

export async function addAttachment(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  appealId: number,
  input: AddAttachmentInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.manage', body.id);
  if (!ATTACHMENT_KINDS.includes(input.kind))
    throw invalid('invalid_attachment_kind', `an attachment is one of ${ATTACHMENT_KINDS.join(', ')}`);
  const file = checked(input);
  return recordTransaction(ctx, body, async (tx) => {
    const appeal = await tx.trx
      .selectFrom('appeals')
      .select('id')
      .where('body_id', '=', body.id)
      .where('id', '=', appealId)
      .executeTakeFirst();
    if (!appeal) throw notFound(`appeal ${appealId}`, 'appeal_not_found');
    if (input.eventId != null) {
      const event = await tx.trx
        .selectFrom('appeal_events')
        .select('id')
        .where('body_id', '=', body.id)
        .where('appeal_id', '=', appealId)
        .where('id', '=', input.eventId)
        .executeTakeFirst();
      if (!event) throw notFound(`event ${input.eventId} of appeal ${appealId}`, 'appeal_event_not_found');
    }
    const blob = await storeBlobTx(tx, input.bytes, file.mediaType);
    const same = await tx.trx
      .selectFrom('appeal_attachments')
      .select('name')
      .where('body_id', '=', body.id)
      .where('appeal_id', '=', appealId)
      .where('sha256', '=', blob.sha256)
      .executeTakeFirst();
    if (same) throw conflict('attachment_exists', `this file is already attached to the appeal as "${same.name}"`);
    const entryIndex = tx.nextIndex;
    await tx.trx
      .insertInto('appeal_attachments')
      .values({
        body_id: body.id,
        appeal_id: appealId,
        sha256: blob.sha256,
        name: file.name,
        media_type: file.mediaType,
        size: file.size,
        kind: input.kind,
        event_id: input.eventId ?? null,
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    // The file's name stays out of the entry: "complaint-ivanova.pdf" would put a resident's name
    // in a log nothing can take back. The hash, type and size are the fact.
    tx.record('appeal.attachment_added', {
      appeal: appealId,
      sha256: blob.sha256,
      mediaType: file.mediaType,
      size: file.size,
      kind: input.kind,
      event: input.eventId ?? null,
    });
    return { sha256: blob.sha256, name: file.name, mediaType: file.mediaType, size: file.size, entryIndex };
  });
}

export interface AttachmentFile {
  name: string;
  mediaType: string;
  content: BlobContent;
}

/** An attachment of an appeal with its bytes (or the fact that they were withheld). */
export async function readAttachment(
  db: Executor,
  slug: string,
  appealId: number,
  sha256: string,
): Promise<AttachmentFile> {
  const body = await findBody(db, slug);
  const row = await db
    .selectFrom('appeal_attachments')
    .select(['name', 'media_type', 'sha256'])
    .where('body_id', '=', body.id)
    .where('appeal_id', '=', appealId)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  if (!row) throw notFound(`attachment ${sha256.slice(0, 80)} of appeal ${appealId}`, 'attachment_not_found');
  return { name: row.name, mediaType: row.media_type, content: await readBlob(db, body.id, row.sha256) };
}
