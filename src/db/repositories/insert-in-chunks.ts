// The one way to insert many rows: as few INSERT statements as the dialect's limit on bound
// parameters allows (SQLite 32,766, PostgreSQL 65,535). A single multi-row INSERT of a 7,000-row
// roster's entries would pass that limit and fail.
import type { QuorateDialect } from '../dialects/quorate-dialect.ts';

/** How many rows of `columns` values fit in one statement. */
export function rowsPerStatement(dialect: Pick<QuorateDialect, 'maxParameters'>, columns: number): number {
  return Math.max(1, Math.floor(dialect.maxParameters / Math.max(1, columns)));
}

/**
 * Calls `insert` with consecutive slices of `rows`, each small enough for one statement, in order.
 * @example await insertInChunks(dialect, rows, (chunk) => trx.insertInto('seats').values(chunk).execute())
 */
export async function insertInChunks<R extends object>(
  dialect: Pick<QuorateDialect, 'maxParameters'>,
  rows: readonly R[],
  insert: (chunk: R[]) => Promise<unknown>,
): Promise<void> {
  if (rows.length === 0) return;
  let columns = 1;
  for (const r of rows) columns = Math.max(columns, Object.keys(r).length);
  const per = rowsPerStatement(dialect, columns);
  for (let i = 0; i < rows.length; i += per) await insert(rows.slice(i, i + per));
}
