// Papers (issue 16, item 4): documents attached to an agenda item or a motion — reports, drafts, a
// motion's own text — each with numbered versions. A version's bytes are a blob (content-addressed
// by SHA-256; its SHA-512 is kept beside it); the text extracted from it is kept for search, in
// paper_search_documents, indexed by the engine's own full-text index like the motions' words.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function papers(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('papers')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sitting_id', 'integer', (c) => c.notNull().references('sittings.id'))
        .addColumn('agenda_item_id', 'integer', (c) => c.references('agenda_items.id'))
        .addColumn('motion_id', 'integer', (c) => c.references('motions.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text')
        .addColumn('title_ru', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        .execute();
      await s.createIndex('papers_by_sitting').on('papers').columns(['body_id', 'sitting_id']).execute();
      await s
        .createTable('paper_versions')
        .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('sha512', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('uploaded_by', 'integer')
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('entry_index', 'integer', (c) => c.notNull())
        // 'pending' (a PDF waiting for the extraction queue), 'done', 'failed', 'withheld'.
        .addColumn('text_status', 'text', (c) => c.notNull())
        .addColumn('text', 'text')
        .addPrimaryKeyConstraint('paper_versions_pk', ['paper_id', 'version'])
        .execute();
      await s.createIndex('paper_versions_by_status').on('paper_versions').columns(['text_status']).execute();
      await s.createIndex('paper_versions_by_blob').on('paper_versions').columns(['body_id', 'sha256']).execute();
      await s
        .createTable('paper_search_documents')
        .addColumn('paper_id', 'integer', (c) => c.primaryKey().references('papers.id'))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('words', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('paper_search_documents_body')
        .on('paper_search_documents')
        .columns(['body_id', 'paper_id'])
        .execute();
      await d.fullText.createPapers(db);
    },
  };
}
