// The Merkle log over each body's entries: whole tiles of stored hashes (C2SP tlog-tiles), the
// published checkpoint (compare-and-set, never shrinks) and every checkpoint ever published.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function recordLog(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      const s = db.schema;
      await s
        .createTable('log_tiles')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('tile_index', 'integer', (c) => c.notNull())
        .addColumn('width', 'integer', (c) => c.notNull())
        .addColumn('hashes', d.bytesType, (c) => c.notNull())
        .addPrimaryKeyConstraint('log_tiles_pk', ['body_id', 'level', 'tile_index'])
        .execute();
      await s
        .createTable('log_state')
        .addColumn('body_id', 'integer', (c) => c.primaryKey().references('bodies.id'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root', d.bytesType, (c) => c.notNull())
        .addColumn('checkpoint', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('log_checkpoints')
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('root', d.bytesType, (c) => c.notNull())
        .addColumn('checkpoint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('log_checkpoints_pk', ['body_id', 'size'])
        .execute();
    },
  };
}
