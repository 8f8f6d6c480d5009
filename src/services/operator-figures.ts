// What /metrics reports besides the log (issue 20): witnesses failing or behind, appeals overdue
// and due soon, and when the scheduled jobs last ran. Counts only: no body, person or choice.
import type { ServiceContext } from './service-context.ts';
import { appealsOfBody } from './appeals/appeal-reads.ts';
import { DEFAULT_REMINDER_DAYS, remindersAmong } from './appeals/appeal-reminders.ts';
import { SCHEDULER_LEASE } from './scheduled-jobs.ts';

export interface OperatorFigures {
  witnessesFailing: number;
  witnessesBehind: number;
  appealsOverdue: number;
  appealsDueSoon: number;
  /** Seconds since the scheduled jobs last ran (null: never). */
  jobsLastRunAgeS: number | null;
}

export async function operatorFigures(ctx: ServiceContext): Promise<OperatorFigures> {
  const db = ctx.dialect.reader;
  const [witnesses, bodies, lease] = await Promise.all([
    db
      .selectFrom('body_witnesses')
      .leftJoin('log_state', 'log_state.body_id', 'body_witnesses.body_id')
      .select(['body_witnesses.last_error', 'body_witnesses.last_size', 'log_state.size'])
      .execute(),
    db.selectFrom('bodies').select('id').execute(),
    db.selectFrom('job_leases').select('last_run_at').where('job', '=', SCHEDULER_LEASE).executeTakeFirst(),
  ]);
  let appealsOverdue = 0;
  let appealsDueSoon = 0;
  for (const b of bodies) {
    for (const r of remindersAmong(await appealsOfBody(ctx, b.id), DEFAULT_REMINDER_DAYS)) {
      if (r.kind === 'overdue') appealsOverdue++;
      else appealsDueSoon++;
    }
  }
  const lastRun = lease?.last_run_at ?? null;
  return {
    witnessesFailing: witnesses.filter((w) => w.last_error !== null).length,
    witnessesBehind: witnesses.filter((w) => w.size !== null && w.last_size < w.size).length,
    appealsOverdue,
    appealsDueSoon,
    jobsLastRunAgeS: lastRun === null ? null : Math.max(0, (ctx.now().getTime() - Date.parse(lastRun)) / 1000),
  };
}
