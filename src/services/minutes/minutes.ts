// Minutes as a document with a life (issue 17, item 1; DESIGN.md, "Minutes"). The clerk drafts a
// closed sitting's minutes (`minutes.drafted`, version 1) and adds the narrative of each agenda
// item in the body's languages (`minutes.narrative_added`, each the next draft version). At a later
// sitting a motion of kind `minutes_approval` names the sitting and a draft version (motions.ts);
// when a vote adopts it, the close's transaction freezes that version here: the PDF is rendered
// once, kept as a blob, and `minutes.approved` carries its SHA-256, size and the log size it
// reflects. The chair and the clerk then sign, each by their own account in the role they hold
// (`minutes.signed`, naming that hash). The rules are domain/minutes/minutes-life.ts, which
// replay applies too; the status is derived from the facts at read time.
import { z } from 'zod';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { findBody, lockedBody } from '../bodies.ts';
import { recordTransaction, type RecordTx } from '../record-transaction.ts';
import { authorize, rolesFor, type Actor } from '../policy.ts';
import { conflict, notFound, ServiceError } from '../service-error.ts';
import { logSize } from '../../db/repositories/log-repository.ts';
import type { ServiceContext } from '../service-context.ts';
import { sha256Hex } from '../service-context.ts';
import { requiredText, rowId } from '../input-schemas.ts';
import { checkBodyLanguage } from '../record-texts.ts';
import { lockSitting, findSitting } from '../sittings.ts';
import { storeBlobTx, readBlob } from '../blobs.ts';
import { BODY_LANGUAGES, parseJsonColumn } from '../json-columns.ts';
import {
  approvalMotionRefusal,
  approvalRefusal,
  draftRefusal,
  MINUTES_APPROVAL_KIND,
  MINUTES_SIGNER_ROLES,
  minutesStatus,
  narrativeRefusal,
  signatureRefusal,
  type MinutesFacts,
  type MinutesStatus,
} from '../../domain/minutes/minutes-life.ts';
import { isLang, type Lang } from '../../domain/i18n/lang.ts';
import type { MinutesSectionSource } from '../exports/minutes-extensions.ts';
import { minutesPdf, pdfBytes, type MinutesState } from '../exports/minutes-pdf.ts';

/** The stable codes of refusals, each with the kind of error it is. */
const REFUSAL_KIND: Record<string, 'conflict' | 'invalid' | 'forbidden'> = {
  sitting_not_closed: 'conflict',
  minutes_already_drafted: 'conflict',
  minutes_not_drafted: 'conflict',
  minutes_approved: 'conflict',
  minutes_of_own_sitting: 'invalid',
  minutes_already_approved: 'conflict',
  minutes_version_unknown: 'invalid',
  not_a_signing_role: 'invalid',
  signer_lacks_role: 'forbidden',
  minutes_not_approved: 'conflict',
  minutes_hash_mismatch: 'conflict',
  minutes_already_signed: 'conflict',
  minutes_signed_by_same_account: 'conflict',
};

const MESSAGES: Record<string, string> = {
  sitting_not_closed: 'the minutes are drafted once the sitting is closed',
  minutes_already_drafted: "this sitting's minutes are already drafted",
  minutes_not_drafted: "this sitting's minutes are not drafted yet",
  minutes_approved: 'the minutes are approved: the approved version is frozen',
  minutes_of_own_sitting: "a sitting's minutes are approved at a later sitting",
  minutes_already_approved: 'the minutes are already approved',
  minutes_version_unknown: 'the draft has no such version',
  not_a_signing_role: 'the minutes are signed by the chair and the clerk',
  signer_lacks_role: 'you do not hold the role you sign as',
  minutes_not_approved: 'only approved minutes are signed',
  minutes_hash_mismatch: "the SHA-256 named is not the approved PDF's",
  minutes_already_signed: 'the minutes are already signed in this role',
  minutes_signed_by_same_account: 'the chair and the clerk sign from two different accounts',
};

function refusal(code: string): ServiceError {
  const kind = REFUSAL_KIND[code] ?? 'conflict';
  return new ServiceError(kind, code, MESSAGES[code] ?? code);
}

function refuseIf(code: string | null): void {
  if (code) throw refusal(code);
}

/** A sitting's minutes row and signatures, and the facts the rules decide on. */
export async function loadMinutesFacts(db: Executor, bodyId: number, sittingId: number) {
  const row = await db
    .selectFrom('minutes')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('sitting_id', '=', sittingId)
    .executeTakeFirst();
  const signatures = row
    ? await db
        .selectFrom('minutes_signatures')
        .selectAll()
        .where('minutes_id', '=', row.id)
        .orderBy('entry_index')
        .execute()
    : [];
  const facts: MinutesFacts = {
    version: row?.version ?? 0,
    approved:
      row?.approved_version != null && row.pdf_sha256 != null
        ? { version: row.approved_version, sha256: row.pdf_sha256 }
        : null,
    signatures: signatures.map((s) => ({ role: s.role, account: s.account_id })),
  };
  return { row: row ?? null, signatures, facts };
}

/**
 * Drafts a closed sitting's minutes: version 1, the record's facts with no narrative yet.
 * @example await draftMinutes(ctx, clerk, 'smolninskoye', 1) // { version: 1, entryIndex }
 */
export async function draftMinutes(ctx: ServiceContext, actor: Actor | null, slug: string, sittingId: number) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'minutes.draft', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    const { facts } = await loadMinutesFacts(tx.trx, body.id, sitting.id);
    refuseIf(draftRefusal(facts, sitting.status === 'closed'));
    const entryIndex = tx.record('minutes.drafted', { sitting: sitting.id, version: 1 });
    await tx.trx
      .insertInto('minutes')
      .values({
        body_id: body.id,
        sitting_id: sitting.id,
        version: 1,
        drafted_at: tx.now,
        drafted_entry: entryIndex,
        updated_at: tx.now,
        approved_version: null,
        approved_motion_id: null,
        approved_vote_id: null,
        approved_at: null,
        approved_entry: null,
        pdf_sha256: null,
        pdf_size: null,
        pdf_log_size: null,
      })
      .execute();
    return { version: 1, entryIndex };
  });
}

/** What addMinutesNarrative takes (also the body of POST …/sittings/{id}/minutes/narratives). */
export const addMinutesNarrativeInput = z.object({
  /** The agenda item the narrative summarises; null: the sitting as a whole. */
  agendaItemId: rowId.nullish(),
  lang: z.string().regex(/^[a-z]{2,3}$/, 'a language is a two- or three-letter code'),
  /** A summary of the debate (at most 20,000 characters, so its entry stays within the log's limit). */
  text: requiredText(20_000),
});
export type AddMinutesNarrativeInput = z.infer<typeof addMinutesNarrativeInput>;

/**
 * Adds the clerk's narrative of an agenda item in one of the body's languages: the next draft version.
 * @example await addMinutesNarrative(ctx, clerk, 'smolninskoye', 1, { agendaItemId: 3, lang: 'ru', text: '…' })
 */
export async function addMinutesNarrative(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: AddMinutesNarrativeInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'minutes.draft', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    checkBodyLanguage(await lockedBody(tx), input.lang);
    const sitting = await lockSitting(tx, sittingId);
    const { row, facts } = await loadMinutesFacts(tx.trx, body.id, sitting.id);
    refuseIf(narrativeRefusal(facts));
    if (!row) throw refusal('minutes_not_drafted');
    const agendaItemId = input.agendaItemId ?? null;
    if (agendaItemId !== null) {
      const item = await tx.trx
        .selectFrom('agenda_items')
        .select(['id', 'closed'])
        .where('body_id', '=', body.id)
        .where('sitting_id', '=', sitting.id)
        .where('id', '=', agendaItemId)
        .executeTakeFirst();
      if (!item) throw notFound(`agenda item ${agendaItemId}`, 'agenda_item_not_found');
      // The minutes are public; what was said with the public excluded is not written into them.
      if (item.closed === 1)
        throw conflict(
          'item_closed',
          'the item was taken with the public excluded; the public minutes say nothing of it',
        );
    }
    const version = row.version + 1;
    const entryIndex = tx.record('minutes.narrative_added', {
      sitting: sitting.id,
      agendaItem: agendaItemId,
      lang: input.lang,
      text: input.text,
      version,
    });
    await tx.trx
      .insertInto('minutes_narratives')
      .values({
        body_id: body.id,
        minutes_id: row.id,
        agenda_item_id: agendaItemId,
        lang: input.lang,
        text: input.text,
        version,
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    await tx.trx.updateTable('minutes').set({ version, updated_at: tx.now }).where('id', '=', row.id).execute();
    return { version, entryIndex };
  });
}

/**
 * Checks, under the log-head lock, that a motion being tabled may put `minutesOf`'s draft to the
 * vote (motions.ts calls it for the kind `minutes_approval`).
 */
export async function checkApprovalMotion(
  tx: RecordTx,
  motionSittingId: number,
  minutesOf: { sittingId: number; version: number },
): Promise<void> {
  await findSitting(tx.trx, tx.body.id, minutesOf.sittingId);
  const { facts } = await loadMinutesFacts(tx.trx, tx.body.id, minutesOf.sittingId);
  refuseIf(approvalMotionRefusal(facts, minutesOf.version, minutesOf.sittingId === motionSittingId));
}

/** The body's first language: the language approved minutes are frozen in. */
function primaryLanguage(languagesColumn: string): Lang {
  const first = parseJsonColumn(BODY_LANGUAGES, languagesColumn)[0];
  return first && isLang(first) ? first : 'en';
}

/**
 * In the transaction of a close that adopted motion `motionId`: when the motion is an approval
 * of minutes, freezes the draft version it names. The PDF is rendered once from the record as it
 * stands under the log-head lock, stored as a blob, and `minutes.approved` names its SHA-256, its
 * size and the log size it reflects. A second approval motion adopted after the minutes were
 * approved approves nothing (the first one froze them); the decision itself stands.
 */
export async function approveMinutesOnAdoption(
  tx: RecordTx,
  input: { motionId: number; voteId: number; sections: readonly MinutesSectionSource[]; publicOrigin: string },
): Promise<{ sha256: string; entryIndex: number } | null> {
  const motion = await tx.trx
    .selectFrom('motions')
    .select(['kind', 'title', 'minutes_sitting_id', 'minutes_version'])
    .where('body_id', '=', tx.body.id)
    .where('id', '=', input.motionId)
    .executeTakeFirstOrThrow();
  if (motion.kind !== MINUTES_APPROVAL_KIND || motion.minutes_sitting_id === null || motion.minutes_version === null)
    return null;
  const sittingId = motion.minutes_sitting_id;
  const version = motion.minutes_version;
  const { row, facts } = await loadMinutesFacts(tx.trx, tx.body.id, sittingId);
  if (!row || approvalRefusal(facts, version) !== null) return null;
  const body = await lockedBody(tx);
  const entryIndex = tx.nextIndex;
  const state: MinutesState = { kind: 'approved', version, motion: motion.title, entry: entryIndex };
  const { bytes, logSize } = await renderMinutesBytes(tx.trx, tx.body.slug, row.id, sittingId, {
    lang: primaryLanguage(body.languages),
    createdAt: new Date(tx.now),
    publicOrigin: input.publicOrigin,
    sections: input.sections,
    state,
    upToVersion: version,
  });
  const blob = await storeBlobTx(tx, bytes, 'application/pdf');
  tx.record('minutes.approved', {
    sitting: sittingId,
    version,
    motion: input.motionId,
    vote: input.voteId,
    pdf: { sha256: blob.sha256, mediaType: 'application/pdf', size: blob.size },
    logSize,
  });
  await tx.trx
    .updateTable('minutes')
    .set({
      approved_version: version,
      approved_motion_id: input.motionId,
      approved_vote_id: input.voteId,
      approved_at: tx.now,
      approved_entry: entryIndex,
      pdf_sha256: blob.sha256,
      pdf_size: blob.size,
      pdf_log_size: logSize,
    })
    .where('id', '=', row.id)
    .execute();
  return { sha256: blob.sha256, entryIndex };
}

/** What signMinutes takes (also the body of POST …/sittings/{id}/minutes/signatures). */
export const signMinutesInput = z.object({
  role: z.enum(MINUTES_SIGNER_ROLES),
  /** The SHA-256 of the approved PDF, as the signer read it. */
  sha256: z.string().max(64),
});
export type SignMinutesInput = z.infer<typeof signMinutesInput>;

/**
 * Signs approved minutes as the chair or the clerk, by the signer's own account, naming the
 * approved PDF's SHA-256.
 * @example await signMinutes(ctx, chair, 'smolninskoye', 1, { role: 'chair', sha256 })
 */
export async function signMinutes(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  sittingId: number,
  input: SignMinutesInput,
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'minutes.sign', body.id);
  return recordTransaction(ctx, body, async (tx) => {
    const sitting = await lockSitting(tx, sittingId);
    const { row, facts } = await loadMinutesFacts(tx.trx, body.id, sitting.id);
    if (!row) throw refusal('minutes_not_drafted');
    // The role is the one held now, under the lock: a role revoked a moment ago does not sign.
    const held = await tx.trx
      .selectFrom('body_roles')
      .select('role')
      .where('body_id', '=', body.id)
      .where('user_id', '=', actor.userId)
      .where('role', '=', input.role)
      .executeTakeFirst();
    const holds = held !== undefined && rolesFor(actor, body.id).has(input.role);
    refuseIf(signatureRefusal(facts, input.role, actor.userId, input.sha256, holds));
    const entryIndex = tx.record('minutes.signed', {
      sitting: sitting.id,
      role: input.role,
      account: actor.userId,
      sha256: input.sha256,
    });
    await tx.trx
      .insertInto('minutes_signatures')
      .values({
        body_id: body.id,
        minutes_id: row.id,
        role: input.role,
        account_id: actor.userId,
        sha256: input.sha256,
        signed_at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    return { entryIndex };
  });
}

/**
 * The sittings at which a closed sitting's minutes may be put to the vote: the body's later
 * sittings still scheduled or open, in date order.
 */
export async function laterSittings(db: Executor, bodyId: number, sittingId: number) {
  const sitting = await findSitting(db, bodyId, sittingId);
  return db
    .selectFrom('sittings')
    .select(['id', 'title', 'date', 'status'])
    .where('body_id', '=', bodyId)
    .where('id', '!=', sitting.id)
    .where('status', 'in', ['scheduled', 'open'])
    .where('date', '>=', sitting.date)
    .orderBy('date')
    .orderBy('id')
    .limit(50)
    .execute();
}

/** What the pages show of a sitting's minutes: the derived status and who signed when. */
export interface MinutesView {
  status: MinutesStatus;
  version: number;
  approved: {
    version: number;
    sha256: string;
    size: number;
    logSize: number;
    at: string;
    entry: number;
    motionId: number;
  } | null;
  signatures: Array<{ role: 'chair' | 'clerk'; account: number; at: string; entry: number }>;
  narratives: Array<{ agendaItemId: number | null; lang: string; text: string; version: number; entry: number }>;
}

/**
 * A sitting's minutes as the pages show them.
 * @example (await readMinutes(db, body.id, 1)).status // 'draft'
 */
export async function readMinutes(db: Executor, bodyId: number, sittingId: number): Promise<MinutesView> {
  const { row, signatures, facts } = await loadMinutesFacts(db, bodyId, sittingId);
  const narratives = row
    ? await db
        .selectFrom('minutes_narratives')
        .select(['agenda_item_id', 'lang', 'text', 'version', 'entry_index'])
        .where('minutes_id', '=', row.id)
        .orderBy('version')
        .execute()
    : [];
  return {
    status: minutesStatus(facts),
    version: facts.version,
    approved:
      row && row.approved_version !== null && row.pdf_sha256 !== null
        ? {
            version: row.approved_version,
            sha256: row.pdf_sha256,
            size: row.pdf_size ?? 0,
            logSize: row.pdf_log_size ?? 0,
            at: row.approved_at ?? '',
            entry: row.approved_entry ?? 0,
            motionId: row.approved_motion_id ?? 0,
          }
        : null,
    signatures: signatures.map((s) => ({ role: s.role, account: s.account_id, at: s.signed_at, entry: s.entry_index })),
    narratives: narratives.map((n) => ({
      agendaItemId: n.agenda_item_id,
      lang: n.lang,
      text: n.text,
      version: n.version,
      entry: n.entry_index,
    })),
  };
}

interface RenderInput {
  lang: Lang;
  createdAt: Date;
  publicOrigin: string;
  sections: readonly MinutesSectionSource[];
  state: MinutesState;
  /** Narratives of draft versions up to this one; null: none (the bare record). */
  upToVersion: number | null;
}

/** Renders the minutes with the narratives of draft versions up to `upToVersion`. */
async function renderMinutesBytes(
  db: Executor,
  slug: string,
  minutesId: number | null,
  sittingId: number,
  input: RenderInput,
): Promise<{ bytes: Buffer; logSize: number }> {
  const narratives =
    minutesId !== null && input.upToVersion !== null
      ? await db
          .selectFrom('minutes_narratives')
          .select(['agenda_item_id', 'lang', 'text'])
          .where('minutes_id', '=', minutesId)
          .where('version', '<=', input.upToVersion)
          .orderBy('version')
          .execute()
      : [];
  const doc = await minutesPdf(db, slug, sittingId, {
    lang: input.lang,
    createdAt: input.createdAt,
    publicOrigin: input.publicOrigin,
    sections: input.sections,
    state: input.state,
    narratives: narratives.map((n) => ({ agendaItemId: n.agenda_item_id, lang: n.lang, text: n.text })),
  });
  const bytes = await pdfBytes(doc);
  const body = await findBody(db, slug);
  return { bytes, logSize: await logSize(db, body.id) };
}

/** When the record last changed: the recorded time of the body's latest entry (the bare record's date). */
async function lastEntryTime(db: Executor, bodyId: number): Promise<Date> {
  const last = await db
    .selectFrom('entries')
    .select('recorded_at')
    .where('body_id', '=', bodyId)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  return new Date(last?.recorded_at ?? '1970-01-01T00:00:00.000Z');
}

/**
 * The approved minutes' stored PDF, byte for byte, or null before approval. A withheld blob is a
 * 404 with the code `minutes_withheld` (its hash stays in the log).
 */
export async function approvedMinutesPdf(
  db: Executor,
  bodyId: number,
  sittingId: number,
): Promise<{ bytes: Buffer; sha256: string } | null> {
  const { row } = await loadMinutesFacts(db, bodyId, sittingId);
  if (!row?.pdf_sha256) return null;
  const blob = await readBlob(db, bodyId, row.pdf_sha256);
  if (blob.withheld) throw notFound('the approved minutes (withheld)', 'minutes_withheld');
  return {
    bytes: Buffer.from(blob.bytes.buffer, blob.bytes.byteOffset, blob.bytes.byteLength),
    sha256: row.pdf_sha256,
  };
}

export type MinutesDocument =
  | { kind: 'approved'; bytes: Uint8Array; sha256: string }
  | { kind: 'withheld'; sha256: string }
  | { kind: 'draft'; bytes: Buffer };

/**
 * The document `/export/{body}/sittings/{id}/minutes.pdf` serves: from approval on, the stored PDF
 * byte for byte; before it, the latest draft (or the bare record) marked as a draft on every page.
 * `draft: true` (minutes-draft.pdf) always renders the latest draft.
 */
export async function minutesDocument(
  db: Executor,
  slug: string,
  sittingId: number,
  options: { lang: Lang; publicOrigin: string; sections: readonly MinutesSectionSource[]; draft: boolean },
): Promise<MinutesDocument> {
  const body = await findBody(db, slug);
  await findSitting(db, body.id, sittingId);
  const { row } = await loadMinutesFacts(db, body.id, sittingId);
  if (!options.draft && row?.pdf_sha256) {
    const blob = await readBlob(db, body.id, row.pdf_sha256);
    if (blob.withheld) return { kind: 'withheld', sha256: row.pdf_sha256 };
    return { kind: 'approved', bytes: blob.bytes, sha256: row.pdf_sha256 };
  }
  const { bytes } = await renderMinutesBytes(db, slug, row?.id ?? null, sittingId, {
    lang: options.lang,
    createdAt: row ? new Date(row.updated_at) : await lastEntryTime(db, body.id),
    publicOrigin: options.publicOrigin,
    sections: options.sections,
    state: row ? { kind: 'draft', version: row.version } : { kind: 'record' },
    upToVersion: row?.version ?? null,
  });
  return { kind: 'draft', bytes };
}

/** The SHA-256 of bytes, as the approval names it. */
export const pdfSha256 = (bytes: Uint8Array) => sha256Hex(bytes);
