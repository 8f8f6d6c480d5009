// SQLite FTS5 over search_documents as an external-content table (FTS5 §4.4.3), kept in step by
// triggers. The unicode61 tokenizer with remove_diacritics 0 splits on what is not a letter or
// digit — our words are already cut that way, so it finds exactly the words we stored.
import type { MigrationDb } from '../migrations/migration-db.ts';
import { sql } from 'kysely';
import type { FullTextIndex } from './full-text-index.ts';

export const sqliteFullText: FullTextIndex = {
  async create(db: MigrationDb) {
    await sql`create virtual table search_fts using fts5(words, content='search_documents', content_rowid='motion_id', tokenize='unicode61 remove_diacritics 0')`.execute(
      db,
    );
    await sql`create trigger search_documents_ai after insert on search_documents begin
      insert into search_fts(rowid, words) values (new.motion_id, new.words); end`.execute(db);
    await sql`create trigger search_documents_ad after delete on search_documents begin
      insert into search_fts(search_fts, rowid, words) values ('delete', old.motion_id, old.words); end`.execute(db);
    await sql`create trigger search_documents_au after update on search_documents begin
      insert into search_fts(search_fts, rowid, words) values ('delete', old.motion_id, old.words);
      insert into search_fts(rowid, words) values (new.motion_id, new.words); end`.execute(db);
  },
  async match(db, bodyId, terms, page) {
    if (terms.length === 0) return { total: 0, motionIds: [] };
    // Each term is a quoted FTS5 string with a prefix star; terms are letters and digits only.
    const query = terms.map((t) => `"${t}"*`).join(' AND ');
    const total = await sql<{
      n: number;
    }>`select count(*) as n from search_fts join search_documents d on d.motion_id = search_fts.rowid
      where search_fts match ${query} and d.body_id = ${bodyId}`.execute(db);
    const rows = await sql<{
      motion_id: number;
    }>`select d.motion_id from search_fts join search_documents d on d.motion_id = search_fts.rowid
      where search_fts match ${query} and d.body_id = ${bodyId} order by d.motion_id desc limit ${page.limit} offset ${page.offset}`.execute(
      db,
    );
    return { total: Number(total.rows[0]?.n ?? 0), motionIds: rows.rows.map((r) => Number(r.motion_id)) };
  },
  async createPapers(db: MigrationDb) {
    await sql`create virtual table paper_search_fts using fts5(words, content='paper_search_documents', content_rowid='paper_id', tokenize='unicode61 remove_diacritics 0')`.execute(
      db,
    );
    await sql`create trigger paper_search_documents_ai after insert on paper_search_documents begin
      insert into paper_search_fts(rowid, words) values (new.paper_id, new.words); end`.execute(db);
    await sql`create trigger paper_search_documents_ad after delete on paper_search_documents begin
      insert into paper_search_fts(paper_search_fts, rowid, words) values ('delete', old.paper_id, old.words); end`.execute(
      db,
    );
    await sql`create trigger paper_search_documents_au after update on paper_search_documents begin
      insert into paper_search_fts(paper_search_fts, rowid, words) values ('delete', old.paper_id, old.words);
      insert into paper_search_fts(rowid, words) values (new.paper_id, new.words); end`.execute(db);
  },
  async matchPapers(db, bodyId, terms, page) {
    if (terms.length === 0) return { total: 0, paperIds: [] };
    const query = terms.map((t) => `"${t}"*`).join(' AND ');
    const total = await sql<{
      n: number;
    }>`select count(*) as n from paper_search_fts join paper_search_documents d on d.paper_id = paper_search_fts.rowid
      where paper_search_fts match ${query} and d.body_id = ${bodyId}`.execute(db);
    const rows = await sql<{
      paper_id: number;
    }>`select d.paper_id from paper_search_fts join paper_search_documents d on d.paper_id = paper_search_fts.rowid
      where paper_search_fts match ${query} and d.body_id = ${bodyId} order by d.paper_id desc limit ${page.limit} offset ${page.offset}`.execute(
      db,
    );
    return { total: Number(total.rows[0]?.n ?? 0), paperIds: rows.rows.map((r) => Number(r.paper_id)) };
  },
};
