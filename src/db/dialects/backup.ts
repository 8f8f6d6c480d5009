// Backups while serving: SQLite's online backup API (a consistent copy, page by page, while the
// server keeps writing) or pg_dump for PostgreSQL; and the matching restore.
import BetterSqlite3 from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { isPostgresUrl } from '../open-database.ts';

const run = promisify(execFile);

export async function backupDatabase(target: string, file: string): Promise<void> {
  if (existsSync(file)) throw new Error(`${file} exists; choose a new file name`);
  mkdirSync(dirname(file), { recursive: true });
  if (isPostgresUrl(target)) {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, target]);
    return;
  }
  if (!existsSync(target)) throw new Error(`no database at ${target}`);
  const db = new BetterSqlite3(target, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // The whole copy in one step, inside one read transaction: a copy made page by page across
    // event-loop turns restarts whenever another connection writes in between, so under a steady
    // stream of writes (a sitting in progress) it might never finish. A WAL reader blocks no one.
    await db.backup(file, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
}

export async function restoreDatabase(file: string, target: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`no backup at ${file}`);
  if (isPostgresUrl(target)) {
    // Into an empty database: refuse to mix a backup into a live record.
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '--dbname', target, file]);
    return;
  }
  if (existsSync(target)) throw new Error(`${target} exists; restore into a new path (never over a live record)`);
  mkdirSync(dirname(target), { recursive: true });
  const src = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const ok = src.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`the backup is damaged: ${String(ok)}`);
    await src.backup(target);
  } finally {
    src.close();
  }
}
