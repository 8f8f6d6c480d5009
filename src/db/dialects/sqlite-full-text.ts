// SQLite FTS5 over search_documents (motions) and paper_search_documents (papers), each an
// external-content table (FTS5 §4.4.3) kept in step by triggers. The unicode61 tokenizer with
// remove_diacritics 0 splits on what is not a letter or digit — our words are already cut that way,
// so it finds exactly the words we stored. Both indexes are made and queried by the same two
// helpers; only the table and id column names differ (fixed identifiers, never input).
import type { MigrationDb } from '../migrations/migration-db.ts';
import { sql } from 'kysely';
import type { Executor } from './quorate-dialect.ts';
import type { FullTextIndex } from './full-text-index.ts';

interface FtsTables {
  fts: string;
  documents: string;
  id: string;
}

const MOTIONS: FtsTables = { fts: 'search_fts', documents: 'search_documents', id: 'motion_id' };
const PAPERS: FtsTables = { fts: 'paper_search_fts', documents: 'paper_search_documents', id: 'paper_id' };

async function createIndex(db: MigrationDb, { fts, documents, id }: FtsTables) {
  const [f, d, i] = [sql.raw(fts), sql.raw(documents), sql.raw(id)];
  await sql`create virtual table ${f} using fts5(words, content='${sql.raw(documents)}', content_rowid='${sql.raw(id)}', tokenize='unicode61 remove_diacritics 0')`.execute(
    db,
  );
  await sql`create trigger ${sql.raw(`${documents}_ai`)} after insert on ${d} begin
      insert into ${f}(rowid, words) values (new.${i}, new.words); end`.execute(db);
  await sql`create trigger ${sql.raw(`${documents}_ad`)} after delete on ${d} begin
      insert into ${f}(${f}, rowid, words) values ('delete', old.${i}, old.words); end`.execute(db);
  await sql`create trigger ${sql.raw(`${documents}_au`)} after update on ${d} begin
      insert into ${f}(${f}, rowid, words) values ('delete', old.${i}, old.words);
      insert into ${f}(rowid, words) values (new.${i}, new.words); end`.execute(db);
}

async function matchIds(
  db: Executor,
  { fts, documents, id }: FtsTables,
  bodyId: number,
  terms: readonly string[],
  page: { limit: number; offset: number },
) {
  if (terms.length === 0) return { total: 0, ids: [] as number[] };
  const [f, d, i] = [sql.raw(fts), sql.raw(documents), sql.raw(id)];
  // Each term is a quoted FTS5 string with a prefix star; terms are letters and digits only.
  const query = terms.map((t) => `"${t}"*`).join(' AND ');
  const total = await sql<{ n: number }>`select count(*) as n from ${f} join ${d} d on d.${i} = ${f}.rowid
      where ${f} match ${query} and d.body_id = ${bodyId}`.execute(db);
  const rows = await sql<{ id: number }>`select d.${i} as id from ${f} join ${d} d on d.${i} = ${f}.rowid
      where ${f} match ${query} and d.body_id = ${bodyId} order by d.${i} desc limit ${page.limit} offset ${page.offset}`.execute(
    db,
  );
  return { total: Number(total.rows[0]?.n ?? 0), ids: rows.rows.map((r) => Number(r.id)) };
}

export const sqliteFullText: FullTextIndex = {
  create: (db) => createIndex(db, MOTIONS),
  async match(db, bodyId, terms, page) {
    const { total, ids } = await matchIds(db, MOTIONS, bodyId, terms, page);
    return { total, motionIds: ids };
  },
  createPapers: (db) => createIndex(db, PAPERS),
  async matchPapers(db, bodyId, terms, page) {
    const { total, ids } = await matchIds(db, PAPERS, bodyId, terms, page);
    return { total, paperIds: ids };
  },
};
