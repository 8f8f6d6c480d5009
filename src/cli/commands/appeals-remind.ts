// `quorate appeals remind`: mails the clerk each appeal reminder (due soon, overdue) once, for
// every body in the database. Meant for cron; statuses are derived when it runs, so there is no
// scheduler inside the server to keep alive. Without QUORATE_SMTP_URL it sends nothing and
// succeeds: the reminders are still listed in the app (GET …/appeals/attention).
import { parseArgs } from 'node:util';
import type { CliIo } from '../command.ts';
import { EXIT_OK, UsageError, writeLine } from '../command.ts';
import { readConfig } from '../config.ts';
import { withDatabase } from '../with-database.ts';
import { createServiceContext } from '../../services/service-context.ts';
import { mailerFromEnv, sendAppealReminders, type ReminderMailer } from '../../services/appeals/appeal-reminders.ts';
import { defaultSender } from '../../services/mail.ts';

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      options: {
        db: { type: 'string' },
        to: { type: 'string', multiple: true },
        from: { type: 'string' },
        'within-days': { type: 'string' },
        origin: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Runs one reminder pass; `mailer` replaces the SMTP one in tests. */
export async function remind(args: string[], io: CliIo, mailer?: ReminderMailer | null): Promise<number> {
  const { values } = parse(args);
  const within = values['within-days'];
  if (within !== undefined && !/^\d{1,3}$/.test(within))
    throw new UsageError('--within-days must be a whole number of days (0–999)');
  const config = readConfig(io.env, { db: values.db, origin: values.origin, from: values.from });
  const to = values.to ?? config.reminderTo;
  const from = config.mailFrom ?? defaultSender(config.origin);
  // Reminders read the record as it stands: the server's own start migrates it.
  return withDatabase(
    config.db,
    async (dialect) => {
      const ctx = createServiceContext(dialect, { publicOrigin: config.origin });
      const result = await sendAppealReminders(
        ctx,
        mailer === undefined ? await mailerFromEnv({ QUORATE_SMTP_URL: config.smtpUrl }) : mailer,
        {
          from,
          to,
          ...(within !== undefined ? { withinDays: Number(within) } : {}),
        },
      );
      if (values.json) writeLine(io.stdout, JSON.stringify(result));
      else if (result.skipped) writeLine(io.stdout, `Nothing sent: ${result.skipped}.`);
      else writeLine(io.stdout, `Sent ${result.sent} message(s) with ${result.reminders} reminder(s).`);
      return EXIT_OK;
    },
    { migrate: false },
  );
}
