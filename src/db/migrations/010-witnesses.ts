// Witnesses a body's log pushes each new checkpoint to (C2SP tlog-witness).
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

export function witnesses(d: QuorateDialect): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('body_witnesses')
        .addColumn('id', d.idType, (c) => d.idColumn(c))
        .addColumn('body_id', 'integer', (c) => c.notNull().references('bodies.id'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('vkey', 'text', (c) => c.notNull())
        .addColumn('last_size', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('body_witnesses_url', ['body_id', 'url'])
        .execute();
    },
  };
}
