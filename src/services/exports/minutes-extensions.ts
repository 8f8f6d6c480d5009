// Extension points of the minutes: the signed checkpoint they were made from, and sections other
// features add (the appeals feature: appeals sent after this sitting's decisions). Each returns
// null to add nothing. A feature names its sections in `minutesSections` in src/http/features.ts,
// which hands the whole list to minutesPdf.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { readLogState } from '../../db/repositories/tile-repository.ts';

export interface MinutesSection {
  heading: string;
  lines: string[];
}

export type MinutesSectionSource = (input: {
  db: Executor;
  bodyId: number;
  slug: string;
  sittingId: number;
  lang: Lang;
  timeZone: string;
}) => Promise<MinutesSection | null>;

export interface MinutesCheckpoint {
  /** Entries the checkpoint covers. */
  size: number;
  /** The C2SP signed note, exactly as published. */
  text: string;
}

/** The latest published checkpoint of the body's log, or null before the first. */
export async function minutesCheckpoint(db: Executor, bodyId: number): Promise<MinutesCheckpoint | null> {
  const state = await readLogState(db, bodyId);
  return state ? { size: state.size, text: state.checkpoint } : null;
}
