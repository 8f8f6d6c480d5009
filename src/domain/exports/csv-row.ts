// One CSV record (RFC 4180 §2): fields with a comma, quote, CR or LF are quoted, quotes doubled,
// records end in CRLF. Text that a spreadsheet would run as a formula (starts with = + - @, tab
// or CR) is prefixed with an apostrophe, as OWASP's "CSV injection" advice says; numbers are
// written as they are.
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA = /^[=+\-@\t\r]/;

function field(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV record ending in CRLF.
 * @example csvRow([1, 'a "quoted", text', null, '=SUM(A1)']) // '1,"a ""quoted"", text",,\'=SUM(A1)\r\n'
 */
export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
