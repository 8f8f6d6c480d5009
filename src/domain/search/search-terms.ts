// Words for full-text search, made the same way for documents and queries, so that SQLite FTS5
// and PostgreSQL tsvector see the same tokens and answer alike: case folded, accents and other
// combining marks removed (ё → е, é → e; й stays й, a letter of its own), cut into runs of letters and digits. Nothing a person types
// reaches either engine's query syntax: quotes, operators and stray symbols are separators here.

/** Longest word kept; longer runs are cut (PostgreSQL refuses lexemes over 2 KB). */
export const MAX_WORD = 64;
/** Most terms a query uses; the rest are ignored. */
export const MAX_TERMS = 12;

const WORD = /[\p{L}\p{N}]+/gu;

function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/([иИ])\u0306/g, (_, i: string) => (i === 'и' ? 'й' : 'Й'))
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * The distinct words of a text, in first-seen order.
 * @example searchWords('Appeal to the State Duma — «Обращение»!') // ['appeal', 'to', 'the', 'state', 'duma', 'обращение']
 */
export function searchWords(text: string): string[] {
  const seen = new Set<string>();
  for (const m of fold(text).matchAll(WORD)) seen.add(m[0].slice(0, MAX_WORD));
  return [...seen];
}

/**
 * The terms of a query a person typed: every one must match (as a word prefix).
 * @example queryTerms('"appeal" OR duma*') // ['appeal', 'or', 'duma']
 * @example queryTerms('*)(') // []
 */
export function queryTerms(query: string): string[] {
  return searchWords(query.slice(0, 1000)).slice(0, MAX_TERMS);
}
