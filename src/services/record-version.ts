// What a kept page or export of a body depends on besides its own parameters: how far the body's
// log is sequenced (a new entry) and how far a checkpoint has published it (a new checkpoint).
// The page cache and the export cache key what they keep on these, so nothing stale is served and
// no invalidation has to reach other processes.
import type { Executor } from '../db/dialects/quorate-dialect.ts';
import { BODY_LANGUAGES, parseJsonColumn } from './json-columns.ts';

export interface RecordVersion {
  /** The index the next entry will take: the number of entries sequenced. */
  nextIndex: number;
  /** Entries covered by the published checkpoint (0 before the first). */
  checkpointSize: number;
}

/**
 * The body's record version (zeros for a body without a log head).
 * @example await recordVersion(db, 1) // { nextIndex: 12, checkpointSize: 12 }
 */
export async function recordVersion(db: Executor, bodyId: number): Promise<RecordVersion> {
  const row = await db
    .selectFrom('log_heads')
    .leftJoin('log_state', 'log_state.body_id', 'log_heads.body_id')
    .select(['log_heads.next_index', 'log_state.size'])
    .where('log_heads.body_id', '=', bodyId)
    .executeTakeFirst();
  return { nextIndex: Number(row?.next_index ?? 0), checkpointSize: Number(row?.size ?? 0) };
}

export interface BodyVersion extends RecordVersion {
  /** The languages the body publishes in (its `languages` column, parsed). */
  languages: string[];
  /** The body's IANA time zone. */
  timeZone: string;
}

/**
 * What a public page of the body named `slug` depends on, in one read: the body's languages and
 * time zone (for the page's language and day) and its record version; null if there is no such
 * body or it has no log head yet.
 * @example await bodyVersion(db, 'smolninskoye') // { languages: ['ru', 'en'], timeZone: 'Europe/Moscow', nextIndex: 12, checkpointSize: 12 }
 */
export async function bodyVersion(db: Executor, slug: string): Promise<BodyVersion | null> {
  const row = await db
    .selectFrom('bodies')
    .innerJoin('log_heads', 'log_heads.body_id', 'bodies.id')
    .leftJoin('log_state', 'log_state.body_id', 'bodies.id')
    .select(['bodies.languages', 'bodies.time_zone', 'log_heads.next_index', 'log_state.size'])
    .where('bodies.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return null;
  return {
    languages: parseJsonColumn(BODY_LANGUAGES, row.languages),
    timeZone: row.time_zone,
    nextIndex: Number(row.next_index),
    checkpointSize: Number(row.size ?? 0),
  };
}
