// What /metrics reports of the record log (issue 20): its size, entries waiting for integration,
// and the age of the newest signed checkpoint. Counts only: no body, person or choice.
import type { ServiceContext } from '../service-context.ts';
import { logTotals, unintegratedEntries } from '../../db/repositories/log-repository.ts';

export interface LogFigures {
  /** Entries sequenced in all bodies' logs. */
  entries: number;
  /** Entries sequenced but not yet in a signed tree. */
  unintegrated: number;
  /** Seconds since the newest checkpoint was signed (null: none yet). */
  checkpointAgeS: number | null;
}

export async function logFigures(ctx: ServiceContext): Promise<LogFigures> {
  const [totals, waiting] = await Promise.all([logTotals(ctx.dialect.db), unintegratedEntries(ctx.dialect.db)]);
  return {
    entries: totals.entries,
    unintegrated: waiting.count,
    checkpointAgeS:
      totals.newestCheckpointAt === null
        ? null
        : Math.max(0, (ctx.now().getTime() - Date.parse(totals.newestCheckpointAt)) / 1000),
  };
}
