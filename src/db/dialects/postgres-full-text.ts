// PostgreSQL full-text search over search_documents. The tsvector is built from our words as they
// are (array_to_tsvector: no parser, no stemming, no stop words), and the query is a tsquery of
// quoted lexemes with prefix marks, passed as a bound parameter — so matching is plain word-prefix
// equality, the same as SQLite's FTS5, whatever the server's locale or text search configuration.
import type { MigrationDb } from '../migrations/migration-db.ts';
import { sql } from 'kysely';
import type { FullTextIndex } from './full-text-index.ts';

export const postgresFullText: FullTextIndex = {
  async create(db: MigrationDb) {
    await sql`alter table search_documents add column tsv tsvector generated always as (array_to_tsvector(string_to_array(words, ' '))) stored`.execute(
      db,
    );
    await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  },
  async match(db, bodyId, terms, page) {
    if (terms.length === 0) return { total: 0, motionIds: [] };
    // Lexemes are letters and digits only, so quoting needs no escapes (tsquery input syntax, §8.11.2).
    const query = terms.map((t) => `'${t}':*`).join(' & ');
    const total = await sql<{
      n: string;
    }>`select count(*) as n from search_documents where body_id = ${bodyId} and tsv @@ ${query}::tsquery`.execute(db);
    const rows = await sql<{
      motion_id: number;
    }>`select motion_id from search_documents where body_id = ${bodyId} and tsv @@ ${query}::tsquery
      order by motion_id desc limit ${page.limit} offset ${page.offset}`.execute(db);
    return { total: Number(total.rows[0]?.n ?? 0), motionIds: rows.rows.map((r) => Number(r.motion_id)) };
  },
  async createPapers(db: MigrationDb) {
    await sql`alter table paper_search_documents add column tsv tsvector generated always as (array_to_tsvector(string_to_array(words, ' '))) stored`.execute(
      db,
    );
    await sql`create index paper_search_documents_tsv on paper_search_documents using gin (tsv)`.execute(db);
  },
  async matchPapers(db, bodyId, terms, page) {
    if (terms.length === 0) return { total: 0, paperIds: [] };
    const query = terms.map((t) => `'${t}':*`).join(' & ');
    const total = await sql<{
      n: string;
    }>`select count(*) as n from paper_search_documents where body_id = ${bodyId} and tsv @@ ${query}::tsquery`.execute(
      db,
    );
    const rows = await sql<{
      paper_id: number;
    }>`select paper_id from paper_search_documents where body_id = ${bodyId} and tsv @@ ${query}::tsquery
      order by paper_id desc limit ${page.limit} offset ${page.offset}`.execute(db);
    return { total: Number(total.rows[0]?.n ?? 0), paperIds: rows.rows.map((r) => Number(r.paper_id)) };
  },
};
