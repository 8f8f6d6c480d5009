// A body's directory of the authorities it writes to (parliament, ministries, administrations),
// each with the deadline rule its replies are owed under. Institutions only: a private person is
// never an addressee here.
import { findBody } from '../bodies.ts';
import { recordTransaction, toServiceError } from '../record-transaction.ts';
import { authorize, type Actor } from '../policy.ts';
import { invalid, notFound } from '../service-error.ts';
import type { ServiceContext } from '../service-context.ts';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { JsonValue } from '../../domain/entries/record-entry.ts';
import { deadlinePreset, validateDeadlineRule, type DeadlineRule } from '../../domain/appeals/deadline-rule.ts';
import { parseJsonColumn, AUTHORITY_NAMES, DEADLINE_RULE } from '../json-columns.ts';
import { z } from 'zod';
import { text } from '../input-schemas.ts';

/** Names in the body's languages: `{ en?, ru? }`, at least one (addAuthority checks that). */
export const authorityNames = z.object({ en: text(300).optional(), ru: text(300).optional() });
export type AuthorityNames = z.infer<typeof authorityNames>;

/**
 * A deadline rule as a request names it: a preset id (`ru-59fz`, `uk-foi`, `de-ifg`) or a whole
 * custom rule, checked field by field by resolveDeadlineRule (the domain's validator).
 */
export const deadlineRuleInput = z.union([text(64), z.record(z.string(), z.unknown())]);

/** What addAuthority takes (also the body of POST /bodies/{slug}/authorities). */
export const addAuthorityInput = z.object({
  names: authorityNames,
  address: text(1000).nullish(),
  rule: deadlineRuleInput,
});
export type AddAuthorityInput = z.infer<typeof addAuthorityInput>;

/** A preset by id, or a custom rule checked field by field; refusals become 400s with the domain's code. */
export function resolveDeadlineRule(rule: string | Record<string, unknown>): DeadlineRule {
  try {
    return typeof rule === 'string' ? deadlinePreset(rule) : validateDeadlineRule(rule);
  } catch (err) {
    throw toServiceError(err);
  }
}

function cleanNames(names: AuthorityNames): AuthorityNames {
  const out: AuthorityNames = {};
  for (const lang of ['en', 'ru'] as const) {
    const name = names[lang]?.trim();
    if (name) out[lang] = name;
  }
  if (!out.en && !out.ru) throw invalid('name_required', 'an authority needs its name in English or Russian');
  return out;
}

export async function addAuthority(ctx: ServiceContext, actor: Actor | null, slug: string, input: AddAuthorityInput) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'authority.manage', body.id);
  const names = cleanNames(input.names);
  const rule = resolveDeadlineRule(input.rule);
  const address = input.address?.trim() || null;
  return recordTransaction(ctx, body, async (tx) => {
    const entryIndex = tx.nextIndex;
    const row = await tx.trx
      .insertInto('authorities')
      .values({
        body_id: body.id,
        names: JSON.stringify(names),
        address,
        rule: JSON.stringify(rule),
        created_at: tx.now,
        entry_index: entryIndex,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    tx.record('authority.added', { authority: row.id, names, address, rule: rule as unknown as JsonValue });
    return { id: row.id, entryIndex };
  });
}

export interface AuthorityView {
  id: number;
  names: AuthorityNames;
  address: string | null;
  rule: DeadlineRule;
  entryIndex: number;
}

export function authorityView(row: {
  id: number;
  names: string;
  address: string | null;
  rule: string;
  entry_index: number;
}): AuthorityView {
  return {
    id: row.id,
    names: parseJsonColumn(AUTHORITY_NAMES, row.names),
    address: row.address,
    rule: parseJsonColumn(DEADLINE_RULE, row.rule),
    entryIndex: row.entry_index,
  };
}

export async function listAuthorities(db: Executor, slug: string): Promise<AuthorityView[]> {
  const body = await findBody(db, slug);
  const rows = await db.selectFrom('authorities').selectAll().where('body_id', '=', body.id).orderBy('id').execute();
  return rows.map(authorityView);
}

export async function findAuthority(db: Executor, bodyId: number, id: number): Promise<AuthorityView> {
  const row = await db
    .selectFrom('authorities')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(`authority ${id}`, 'authority_not_found');
  return authorityView(row);
}

/** The name to show in `lang`, falling back to the other language. */
export function authorityName(names: AuthorityNames, lang: 'en' | 'ru'): string {
  return names[lang] ?? names.en ?? names.ru ?? '';
}
