// Scheduled jobs in the server (issue 20): appeal reminders, witness retries and checkpoint
// publication run in one process at a time across every process sharing the database. The
// process holding a job's lease (a row here, renewed while it runs) is its leader; when the lease
// lapses (the process died) another takes it. Nothing a job does depends on the lease alone:
// reminders are claimed row by row in appeal_reminders, so a change of leader never sends one twice.
// Expand only: older workers, which do not know this table, keep running until replaced.
import type { Migration } from 'kysely';
import type { MigrationDb } from './migration-db.ts';

export function jobLeases(): Migration {
  return {
    async up(db: MigrationDb) {
      await db.schema
        .createTable('job_leases')
        .addColumn('job', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_run_at', 'text')
        .execute();
    },
  };
}
