// What every export needs to know of a body, and a pause that lets other requests run between
// pages of a long export (DESIGN.md, "Stack": long exports must not block the event loop).
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { findBody } from '../bodies.ts';
import { parseJsonColumn, BODY_LANGUAGES, BODY_NAMES } from '../json-columns.ts';

export interface ExportBody {
  id: number;
  slug: string;
  origin: string;
  names: Record<string, string>;
  languages: string[];
  timeZone: string;
  jurisdiction: string | null;
  establishedSeats: number;
  /** A committee's parent body (id, slug and log origin); null for a body that is no committee. */
  parent: { id: number; slug: string; origin: string } | null;
}

export async function exportBody(db: Executor, slug: string): Promise<ExportBody> {
  const b = await findBody(db, slug);
  const parent =
    b.parent_id === null
      ? null
      : ((await db
          .selectFrom('bodies')
          .select(['id', 'slug', 'origin'])
          .where('id', '=', b.parent_id)
          .executeTakeFirst()) ?? null);
  return {
    parent,
    id: b.id,
    slug: b.slug,
    origin: b.origin,
    names: parseJsonColumn(BODY_NAMES, b.names),
    languages: parseJsonColumn(BODY_LANGUAGES, b.languages),
    timeZone: b.time_zone,
    jurisdiction: b.jurisdiction,
    establishedSeats: b.established_seats,
  };
}

/** The body's name in a language, else its first name, else its slug. */
export function bodyName(body: Pick<ExportBody, 'names' | 'slug' | 'languages'>, lang?: string): string {
  return (lang && body.names[lang]) || body.names[body.languages[0] ?? ''] || Object.values(body.names)[0] || body.slug;
}

/** Yields to the event loop (after I/O callbacks), so one export never starves other requests. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** An ISO 8601 instant without milliseconds (RFC 3339 §5.6; Popolo's date pattern has none). */
export function isoSeconds(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
