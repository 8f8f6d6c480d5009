// One CSV record (RFC 4180 §2): fields with a comma, semicolon, quote, tab, CR or LF are quoted,
// quotes doubled, records end in CRLF. Numbers are written as they are (a numeric column is
// produced by code, never by user text), so -3 stays -3.
//
// Text a spreadsheet could run as a formula is neutralised as OWASP's "CSV injection" advice says.
// A spreadsheet skips leading spaces, control and zero-width characters, reads full-width ＝ as =,
// and may split a cell on ";" (semicolon-list locales), tabs or line breaks. So a text is
// dangerous when, at its start or after any of , ; tab CR LF — skipping whitespace, control and
// format (zero-width) characters and double quotes — comes one of = + - @ or their full-width and
// small forms; a text starting with a tab or CR is dangerous too. Such a text gets an apostrophe
// at its start and one before each formula character found after a separator, and the whole cell
// is quoted: whichever way a reader splits it, no piece starts with a formula.
export type CsvValue = string | number | boolean | null | undefined;

/**
 * = + - @ and every character Unicode's NFKC folds to one of them: full-width ＝ ＋ － ＠, small
 * ﹦ ﹢ ﹣ ﹫, super- and subscript ⁼ ⁺ ₌ ₊, and the Hebrew alternative plus sign.
 */
export const FORMULA_CHARS = '=+\\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u207C\u207A\u208C\u208A\uFB29';
/** What a reader may skip before a cell's first character: whitespace, controls, format (zero-width) characters, quotes. */
export const SKIPPED_CHARS = '\\s\\p{Cc}\\p{Cf}"';
/** Where a reader may start a new cell. */
export const CELL_SEPARATORS = ',;\\t\\r\\n';

const AFTER_SEPARATOR = new RegExp(`([${CELL_SEPARATORS}][${SKIPPED_CHARS}]*)(?=[${FORMULA_CHARS}])`, 'gu');
const DANGEROUS = new RegExp(`^[\\t\\r]|(?:^|[${CELL_SEPARATORS}])[${SKIPPED_CHARS}]*[${FORMULA_CHARS}]`, 'u');
const NEEDS_QUOTES = /[",;\t\r\n]/;

/**
 * The text with every formula start neutralised (unchanged when it has none).
 * @example neutralizeFormula(' =1') // "' =1"
 * @example neutralizeFormula('a;=1') // "'a;'=1"
 */
export function neutralizeFormula(text: string): string {
  if (!DANGEROUS.test(text)) return text;
  return `'${text.replace(AFTER_SEPARATOR, "$1'")}`;
}

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutralizeFormula(value);
  return text !== value || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV record ending in CRLF.
 * @example csvRow([1, 'a "quoted", text', null, '=SUM(A1)']) // '1,"a ""quoted"", text",,"\'=SUM(A1)"\r\n'
 */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
