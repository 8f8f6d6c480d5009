// Full-text search over motions: the words of each motion (title and text, cut by
// domain/search/search-terms.ts) in search_documents, and the engine's own index over them
// (SQLite FTS5 or PostgreSQL tsvector; see dialects/full-text-index.ts). Rows are added when a
// search first needs them (services/search.ts), so imports and restores are covered too.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function searchIndex(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('search_documents')
        .addColumn('motion_id', 'integer', (c) => c.primaryKey().references('motions.id'))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('words', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('search_documents_body')
        .on('search_documents')
        .columns(['body_id', 'motion_id'])
        .execute();
      await d.fullText.create(db);
    },
  };
}
