// Content in the body's languages (issue 16, item 5): a sitting's, an agenda item's or a motion's
// title or text in another of the body's languages, entered by the clerk or quoted from a named
// source (`record.text_added`). Never a machine translation: a page shows the reader's language
// where the record has it, and otherwise says plainly which language the record holds.
import { z } from 'zod';
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { findBody, lockedBody } from './bodies.ts';
import { recordTransaction } from './record-transaction.ts';
import { authorize, type Actor } from './policy.ts';
import { conflict, invalid, notFound } from './service-error.ts';
import type { ServiceContext } from './service-context.ts';
import { requiredText, rowId, text } from './input-schemas.ts';
import { BODY_LANGUAGES, parseJsonColumn } from './json-columns.ts';
import {
  RECORD_TEXT_FIELDS,
  RECORD_TEXT_TARGETS,
  type RecordTextField,
  type RecordTextTarget,
} from '../domain/record-vocabulary.ts';

/** What addRecordText takes (also the body of POST /bodies/{slug}/texts). */
export const addRecordTextInput = z.object({
  target: z.object({ type: z.enum(RECORD_TEXT_TARGETS), id: rowId }),
  field: z.enum(RECORD_TEXT_FIELDS),
  lang: z.string().regex(/^[a-z]{2,3}$/, 'a language is a two- or three-letter code'),
  text: requiredText(60_000),
  /** Where a quoted text comes from: an outlet and its date. */
  source: text(500).nullish(),
  /** What the text is, e.g. "the operative request, as quoted". */
  note: text(500).nullish(),
});
export type AddRecordTextInput = z.infer<typeof addRecordTextInput>;

const TABLE = { sitting: 'sittings', agenda_item: 'agenda_items', motion: 'motions' } as const;

/** A language given for a record's own text must be one of the body's. */
export function checkBodyLanguage(body: { languages: string }, lang: string | null | undefined): void {
  if (lang == null) return;
  const languages = parseJsonColumn(BODY_LANGUAGES, body.languages);
  if (!languages.includes(lang))
    throw invalid('language_not_of_body', `"${lang}" is not one of this body's languages (${languages.join(', ')})`, {
      field: 'lang',
    });
}

/**
 * Records a title or text of a sitting, agenda item or motion in another of the body's languages.
 * The clerk or chair for sittings and agenda items; whoever may table motions for a motion.
 * @example await addRecordText(ctx, clerk, 'smolninskoye', { target: { type: 'motion', id: 1 }, field: 'text', lang: 'ru', text: '…', source: 'Sever.Realii, 8 September 2022' })
 */
export async function addRecordText(ctx: ServiceContext, actor: Actor | null, slug: string, input: AddRecordTextInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, input.target.type === 'motion' ? 'motion.table' : 'sitting.manage', body.id);
  if (input.field === 'text' && input.target.type !== 'motion')
    throw invalid('no_such_field', 'only a motion has a text; a sitting and an agenda item have a title', {
      field: 'field',
    });
  return recordTransaction(ctx, body, async (tx) => {
    checkBodyLanguage(await lockedBody(tx), input.lang);
    const target = await tx.trx
      .selectFrom(TABLE[input.target.type])
      .select(['id', 'lang'])
      .where('body_id', '=', body.id)
      .where('id', '=', input.target.id)
      .executeTakeFirst();
    if (!target) throw notFound(`${input.target.type} ${input.target.id}`, `${input.target.type}_not_found`);
    if (input.target.type === 'agenda_item') {
      const item = await tx.trx
        .selectFrom('agenda_items')
        .select('closed_title')
        .where('id', '=', input.target.id)
        .executeTakeFirstOrThrow();
      // A withheld title is not published in another language either.
      if (item.closed_title !== null)
        throw conflict('item_closed', "the item's title is withheld from the public; it has no public translation");
    }
    if (target.lang === input.lang)
      throw conflict('same_language', `the ${input.target.type}'s own ${input.field} is already in "${input.lang}"`);
    const entryIndex = tx.record('record.text_added', {
      target: { type: input.target.type, id: input.target.id },
      field: input.field,
      lang: input.lang,
      text: input.text,
      ...(input.source ? { source: input.source } : {}),
      ...(input.note ? { note: input.note } : {}),
    });
    await tx.trx
      .insertInto('record_texts')
      .values({
        body_id: body.id,
        target_type: input.target.type,
        target_id: input.target.id,
        field: input.field,
        lang: input.lang,
        value: input.text,
        source: input.source ?? null,
        note: input.note ?? null,
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .execute();
    return { entryIndex };
  });
}

/** One text in one language, with where it comes from. */
export interface OtherText {
  text: string;
  source: string | null;
  note: string | null;
  entryIndex: number;
}

/** A record's title or text: as entered (in `lang`, when known), and in the body's other languages. */
export interface RecordText {
  own: string;
  lang: string | null;
  others: Record<string, OtherText[]>;
}

/**
 * The other-language texts of several targets of one type, by target id and field.
 * @example (await otherTexts(db, body.id, 'motion', [1])).get(1)?.text?.ru
 */
export async function otherTexts(
  db: Executor,
  bodyId: number,
  type: RecordTextTarget,
  ids: readonly number[],
): Promise<Map<number, Partial<Record<RecordTextField, Record<string, OtherText[]>>>>> {
  const out = new Map<number, Partial<Record<RecordTextField, Record<string, OtherText[]>>>>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('record_texts')
    .select(['target_id', 'field', 'lang', 'value', 'source', 'note', 'entry_index'])
    .where('body_id', '=', bodyId)
    .where('target_type', '=', type)
    .where('target_id', 'in', [...new Set(ids)])
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const byField = out.get(r.target_id) ?? {};
    out.set(r.target_id, byField);
    const byLang = byField[r.field] ?? {};
    byField[r.field] = byLang;
    const list = byLang[r.lang] ?? [];
    byLang[r.lang] = list;
    list.push({ text: r.value, source: r.source, note: r.note, entryIndex: r.entry_index });
  }
  return out;
}

/** A record text from the row's own value and language and the other-language texts read for it. */
export function recordText(
  own: string,
  lang: string | null,
  others: Record<string, OtherText[]> | undefined,
): RecordText {
  return { own, lang, others: others ?? {} };
}
