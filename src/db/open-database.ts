// QUORATE_DB is a file path (SQLite) or a postgres:// URL.
import type { QuorateDialect } from './dialects/quorate-dialect.ts';
import { openSqlite } from './dialects/sqlite.ts';
import { openPostgres } from './dialects/postgres.ts';

export const DEFAULT_DB = './data/quorate.db';

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//.test(target);
}

/** @example openDatabase('./data/quorate.db') or openDatabase('postgres://postgres@127.0.0.1/quorate') */
export function openDatabase(target: string = DEFAULT_DB): QuorateDialect {
  return isPostgresUrl(target) ? openPostgres(target) : openSqlite(target);
}
