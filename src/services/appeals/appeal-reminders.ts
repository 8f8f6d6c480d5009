// Reminders to the clerk: an appeal whose due date is near, and one whose due date has passed
// with no reply. Derived from the appeals' statuses on the day asked, like everything else about
// appeals; the app lists them, and `quorate appeals remind` (run from cron) mails each one once
// when SMTP is configured. Without SMTP nothing is sent and nothing fails.
import { mailerFromEnv, type MailMessage, type Mailer } from '../mail.ts';
import { findBody } from '../bodies.ts';
import { authorize, type Actor } from '../policy.ts';
import type { ServiceContext } from '../service-context.ts';
import { appealsOfBody, type AppealSummary } from './appeal-reads.ts';
import { authorityName } from './authorities.ts';

export type ReminderKind = 'due_soon' | 'overdue';

export interface AppealReminder {
  kind: ReminderKind;
  /** The due date the reminder is about: a new due date (an extension) is a new reminder. */
  due: string;
  appeal: AppealSummary;
}

/** Days before the due date from which an appeal counts as "due soon". */
export const DEFAULT_REMINDER_DAYS = 7;

/**
 * The reminders among a body's appeals: awaiting ones due within `withinDays`, and overdue or
 * ignored ones. Most urgent first: the overdue, longest past first; then the nearest due dates.
 */
export function remindersAmong(appeals: readonly AppealSummary[], withinDays: number): AppealReminder[] {
  const out: AppealReminder[] = [];
  for (const appeal of appeals) {
    const s = appeal.status;
    if (s.due === null) continue;
    if (s.status === 'overdue' || s.status === 'ignored') out.push({ kind: 'overdue', due: s.due, appeal });
    else if (s.status === 'awaiting' && s.daysLeft !== null && s.daysLeft <= withinDays)
      out.push({ kind: 'due_soon', due: s.due, appeal });
  }
  return out.sort((a, b) =>
    a.kind === b.kind
      ? a.due < b.due
        ? -1
        : a.due > b.due
          ? 1
          : a.appeal.id - b.appeal.id
      : a.kind === 'overdue'
        ? -1
        : 1,
  );
}

/** The appeals that need the clerk's attention today. */
export async function appealsNeedingAttention(
  ctx: ServiceContext,
  actor: Actor | null,
  slug: string,
  options: { withinDays?: number } = {},
) {
  const body = await findBody(ctx.dialect.db, slug);
  authorize(actor, 'appeal.reminders', body.id);
  const withinDays = options.withinDays ?? DEFAULT_REMINDER_DAYS;
  const appeals = await appealsOfBody(ctx, body.id);
  return { withinDays, items: remindersAmong(appeals, withinDays) };
}

/** A reminder is an ordinary message of the installation's mailer (services/mail.ts). */
export type ReminderMessage = MailMessage;
export type ReminderMailer = Mailer;
export { mailerFromEnv };

function reminderText(ctx: ServiceContext, slug: string, reminders: AppealReminder[]): string {
  const lines = reminders.map((r) => {
    const a = r.appeal;
    const head = r.kind === 'overdue' ? 'OVERDUE' : 'Due soon';
    return `${head}: ${a.title}\n  to ${authorityName(a.authority.names, 'en')}; ${a.status.line.en}\n  ${ctx.publicOrigin}/${slug}/appeals/${a.id}`;
  });
  return `Appeals of ${slug} that need attention:\n\n${lines.join('\n\n')}\n`;
}

export interface SendRemindersOptions {
  from: string;
  to: string[];
  withinDays?: number;
}

/**
 * Mails every reminder not mailed before (one message per body), across all bodies. A reminder is
 * claimed in `appeal_reminders` before it is sent and released if sending fails, so two runs at
 * once do not both send it and a failed run is retried by the next.
 */
export async function sendAppealReminders(
  ctx: ServiceContext,
  mailer: ReminderMailer | null,
  options: SendRemindersOptions,
): Promise<{ sent: number; reminders: number; skipped?: string }> {
  if (!mailer) return { sent: 0, reminders: 0, skipped: 'SMTP is not configured (QUORATE_SMTP_URL); no e-mail sent' };
  if (options.to.length === 0) return { sent: 0, reminders: 0, skipped: 'no recipients (QUORATE_REMINDER_TO)' };
  const db = ctx.dialect.db;
  let sent = 0;
  let reminders = 0;
  for (const body of await db.selectFrom('bodies').select(['id', 'slug']).orderBy('id').execute()) {
    const due = remindersAmong(await appealsOfBody(ctx, body.id), options.withinDays ?? DEFAULT_REMINDER_DAYS);
    const now = ctx.now().toISOString();
    const claimed: AppealReminder[] = [];
    for (const r of due) {
      try {
        await db
          .insertInto('appeal_reminders')
          .values({ body_id: body.id, appeal_id: r.appeal.id, kind: r.kind, due: r.due, sent_at: now })
          .execute();
        claimed.push(r);
      } catch (err) {
        if (!ctx.dialect.isUniqueViolation(err)) throw err;
      }
    }
    if (claimed.length === 0) continue;
    try {
      await mailer.send({
        from: options.from,
        to: options.to,
        subject: `[Quorate] ${claimed.length} appeal(s) of ${body.slug} need attention`,
        text: reminderText(ctx, body.slug, claimed),
      });
    } catch (err) {
      for (const r of claimed) {
        await db
          .deleteFrom('appeal_reminders')
          .where('body_id', '=', body.id)
          .where('appeal_id', '=', r.appeal.id)
          .where('kind', '=', r.kind)
          .where('due', '=', r.due)
          .execute();
      }
      throw err;
    }
    sent++;
    reminders += claimed.length;
  }
  return { sent, reminders };
}
