// Full-text search over motions, the one place SQLite (FTS5) and PostgreSQL (tsvector) differ in
// the portal. Both index the same pre-cut words (domain/search/search-terms.ts) in a common table
// `search_documents`, and both match every term as a word prefix, so the demo gives the same
// answers on both; results are ordered by motion id, newest first, never by an engine's own rank.
import type { MigrationDb } from '../migrations/migration-db.ts';
import type { Executor } from './quorate-dialect.ts';

export interface FullTextPage {
  limit: number;
  offset: number;
}

export interface FullTextIndex {
  /** Creates the engine's structures over `search_documents` (migration 003 calls it once). */
  create(db: MigrationDb): Promise<void>;
  /**
   * Motion ids of the body whose words include, for every term, a word starting with it; newest
   * first. Terms are letters and digits only (queryTerms), never query syntax.
   */
  match(
    db: Executor,
    bodyId: number,
    terms: readonly string[],
    page: FullTextPage,
  ): Promise<{ total: number; motionIds: number[] }>;
  /** The same over `paper_search_documents` (migration 051 calls it once). */
  createPapers(db: MigrationDb): Promise<void>;
  /** Paper ids of the body whose words include, for every term, a word starting with it; newest first. */
  matchPapers(
    db: Executor,
    bodyId: number,
    terms: readonly string[],
    page: FullTextPage,
  ): Promise<{ total: number; paperIds: number[] }>;
}
