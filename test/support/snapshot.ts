// A fingerprint of everything recorded: every row of every record table, in key order.
// Two equal snapshots mean a request changed nothing.
import type { QuorateDialect } from '../../src/db/dialects/quorate-dialect.ts';

const TABLES = [
  'bodies',
  'log_heads',
  'entries',
  'people',
  'seats',
  'memberships',
  'factions',
  'faction_members',
  'sittings',
  'agenda_items',
  'attendance',
  'motions',
  'votes',
  'vote_presence',
  'ballots',
  'vote_turnout',
  'decisions',
  'disputes',
  'vote_reports',
  'vote_report_positions',
  'declared_results',
  'body_roles',
  'sitting_changes',
  'sitting_notices',
  'papers',
  'paper_versions',
  'elections',
  'election_candidates',
  'election_rounds',
  'election_turnout',
] as const;

export async function snapshot(dialect: QuorateDialect): Promise<string> {
  const parts: string[] = [];
  for (const t of TABLES) {
    const rows = await dialect.db.selectFrom(t).selectAll().execute();
    const text = rows
      .map((r) => JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)))
      .sort();
    parts.push(`${t}:${text.join('\n')}`);
  }
  return parts.join('\n--\n');
}

/** Asserts the body's entries are numbered 0..n-1 with no gap and match the head. */
export async function entryIndexes(
  dialect: QuorateDialect,
  slug: string,
): Promise<{ indexes: number[]; head: number }> {
  const body = await dialect.db.selectFrom('bodies').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
  const rows = await dialect.db
    .selectFrom('entries')
    .select('idx')
    .where('body_id', '=', body.id)
    .orderBy('idx')
    .execute();
  const head = await dialect.db
    .selectFrom('log_heads')
    .select('next_index')
    .where('body_id', '=', body.id)
    .executeTakeFirstOrThrow();
  return { indexes: rows.map((r) => r.idx), head: head.next_index };
}
