// A decision's register number as a clerk types it ("12", "45-р", "2026/7"): printable text the
// register, the minutes and every export can show as it is. Numbering schemes come later; this
// only refuses what no register could print.
import { DomainError } from '../errors.ts';

/** At most this many characters (code points) after trimming. */
export const REGISTER_NUMBER_MAX = 64;

// Control and format characters (zero-width, bidirectional overrides), surrogates, private-use
// and unassigned code points, line and paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * The register number to store: trimmed and in NFC; throws `invalid_register_number` for empty,
 * over-long or unprintable text (a lone surrogate included).
 * @example normalizeRegisterNumber('  45-р ') // '45-р'
 */
export function normalizeRegisterNumber(text: string): string {
  const refuse = (why: string): never => {
    throw new DomainError(
      'invalid_register_number',
      `a register number is 1–${REGISTER_NUMBER_MAX} printable characters: ${why}`,
    );
  };
  if (typeof text !== 'string') refuse('it is not text');
  if (UNPRINTABLE.test(text)) refuse('it holds a control, format or unpaired character');
  const trimmed = text.trim().normalize('NFC');
  if (trimmed.length === 0) refuse('it is empty');
  if ([...trimmed].length > REGISTER_NUMBER_MAX) refuse('it is too long');
  return trimmed;
}

// Numbering schemes (issue 17, item 4). A body's rules may name a template for the numbers its
// live decisions are given when they are registered: `{number}` runs on and never restarts,
// `{number}/{year}` runs within the calendar year of adoption and restarts on 1 January,
// `{sitting}-{item}` is the sitting's number within the term and the agenda item's position.
// Literal text around the fields is kept ("{number}-р"). Typed numbers are for historical
// decisions only.

/** The fields a template may use. */
export const NUMBERING_FIELDS = ['number', 'year', 'sitting', 'item'] as const;
export type NumberingField = (typeof NUMBERING_FIELDS)[number];

/** The scheme when the rules name none. */
export const DEFAULT_NUMBERING = '{number}';
const NUMBERING_MAX = 32;

/**
 * Checks a numbering template: known fields only, literal text printable and without braces, and
 * either `{number}` or both `{sitting}` and `{item}` (so that no two decisions share a number).
 * Throws `invalid_numbering_scheme`.
 * @example validateNumberingScheme('{number}/{year}') // '{number}/{year}'
 */
export function validateNumberingScheme(scheme: unknown): string {
  const refuse = (why: string): never => {
    throw new DomainError('invalid_numbering_scheme', `a numbering scheme ${why}`);
  };
  if (typeof scheme !== 'string') return refuse('is text such as "{number}/{year}"');
  if (scheme.length === 0 || scheme.length > NUMBERING_MAX) refuse(`is 1–${NUMBERING_MAX} characters`);
  if (UNPRINTABLE.test(scheme) || /\s/.test(scheme)) refuse('holds no spaces, control or format characters');
  const fields = new Set<string>();
  const literal = scheme.replace(/\{([a-z]+)\}/g, (_, f: string) => {
    if (!(NUMBERING_FIELDS as readonly string[]).includes(f)) refuse(`knows no field {${f}}`);
    if (fields.has(f)) refuse(`names {${f}} once`);
    fields.add(f);
    return '';
  });
  if (/[{}]/.test(literal)) refuse('uses braces only around {number}, {year}, {sitting} or {item}');
  if (!fields.has('number') && !(fields.has('sitting') && fields.has('item')))
    refuse('needs {number}, or {sitting} and {item}');
  return scheme;
}

/**
 * The run a scheme's `{number}` counts within: the year of adoption when the scheme shows the year
 * (restarting on 1 January), '' when it never restarts, null when it has no `{number}`.
 * @example numberingScope('{number}/{year}', '2026-03-05') // '2026'
 */
export function numberingScope(scheme: string, adoptedOn: string): string | null {
  if (!scheme.includes('{number}')) return null;
  return scheme.includes('{year}') ? adoptedOn.slice(0, 4) : '';
}

/**
 * A register number from a scheme and its fields.
 * @example formatRegisterNumber('{number}/{year}', { number: 7, year: '2026' }) // '7/2026'
 */
export function formatRegisterNumber(
  scheme: string,
  fields: { number?: number; year?: string; sitting?: number; item?: number },
): string {
  return scheme.replace(/\{([a-z]+)\}/g, (_, f: NumberingField) => {
    const value = fields[f];
    if (value === undefined) throw new DomainError('invalid_numbering_scheme', `no value for {${f}}`);
    return String(value);
  });
}
