// `quorate appeals`: appeal deadlines for scripts and outside checks. `deadline` computes the due
// date of an appeal under a preset (or a custom rule) with its explanation; `presets` lists the
// deadline presets and their sources.
import { parseArgs } from 'node:util';
import type { CliIo, Command } from '../command.ts';
import { EXIT_OK, UsageError, writeLine } from '../command.ts';
import { DomainError } from '../../domain/errors.ts';
import { computeDeadline } from '../../domain/appeals/compute-deadline.ts';
import type { DeadlineRule, StartEvent } from '../../domain/appeals/deadline-rule.ts';
import { DEADLINE_PRESETS, deadlinePreset, validateDeadlineRule } from '../../domain/appeals/deadline-rule.ts';
import type { ExplanationLanguage } from '../../domain/appeals/render-deadline-explanation.ts';
import { renderDeadlineExplanation } from '../../domain/appeals/render-deadline-explanation.ts';

const USAGE = `Usage: quorate appeals <subcommand> [options]

Subcommands:
  deadline --rule ID --from DATE [options]
      The due date of an appeal, with every step of the reckoning.
      --rule ID              a preset: ${Object.keys(DEADLINE_PRESETS).join(', ')}
      --rule-json JSON       a custom rule instead (the fields of a preset; see "presets --json")
      --from DATE            the start event's date: YYYY-MM-DD, or YYYY-MM / YYYY when only
                             that is known (gives the earliest and latest due dates)
      --from-event EVENT     what --from is: sent, delivered, received or registered
                             (default: the rule's start; an earlier event uses the rule's
                             stated assumptions, shown in the explanation)
      --extended-days N      the authority's extension, within what the rule allows
      --day-off DATE         the body's own extra day off (repeatable)
      --working-day DATE     a day the body works although the calendar has it off (repeatable)
      --lang en|ru           language of the explanation (default en)
      --json                 print {"due":…,"explanation":[…]} (plus earliestDue/latestDue for a
                             range, and "steps", the explanation as data)
  presets [--json]         The deadline presets with their sources.
  remind [--db PATH|URL] [--to ADDRESS]… [--from ADDRESS] [--within-days N] [--json]
      Mails each appeal reminder once (due within N days, default 7; or overdue), one message
      per body. SMTP from QUORATE_SMTP_URL (smtp://user:pass@host:587); without it nothing is
      sent and the exit status is still 0. Recipients: --to, or QUORATE_REMINDER_TO (comma-
      separated); sender: --from, or QUORATE_MAIL_FROM. Run it from cron, e.g. hourly.

Example:
  quorate appeals deadline --rule ru-59fz --from 2022-09-12 --extended-days 30 --json

Exit status: 0 computed, 2 usage error (unknown rule, bad date, extension beyond the rule…).`;

const EVENTS: readonly StartEvent[] = ['sent', 'delivered', 'received', 'registered'];

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        rule: { type: 'string' },
        'rule-json': { type: 'string' },
        from: { type: 'string' },
        'from-event': { type: 'string' },
        'extended-days': { type: 'string' },
        'day-off': { type: 'string', multiple: true },
        'working-day': { type: 'string', multiple: true },
        lang: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (err) {
    // parseArgs reports unknown options and missing values as TypeErrors with ERR_PARSE_ARGS_* codes.
    throw new UsageError((err as Error).message);
  }
}

function chooseRule(id: string | undefined, json: string | undefined): DeadlineRule {
  if ((id === undefined) === (json === undefined)) throw new UsageError('give either --rule ID or --rule-json JSON');
  if (id !== undefined) {
    if (!Object.hasOwn(DEADLINE_PRESETS, id)) {
      throw new UsageError(`unknown rule "${id}" (presets: ${Object.keys(DEADLINE_PRESETS).join(', ')})`);
    }
    return deadlinePreset(id);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json!);
  } catch {
    throw new UsageError('--rule-json is not valid JSON');
  }
  return validateDeadlineRule(parsed);
}

async function deadline(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const lang = (values.lang ?? 'en') as ExplanationLanguage;
  if (lang !== 'en' && lang !== 'ru') throw new UsageError('--lang must be en or ru');
  if (values.from === undefined) throw new UsageError('--from DATE is required');
  const fromEvent = values['from-event'] as StartEvent | undefined;
  if (fromEvent !== undefined && !EVENTS.includes(fromEvent))
    throw new UsageError(`--from-event must be one of ${EVENTS.join(', ')}`);
  const days = values['extended-days'];
  if (days !== undefined && !/^\d{1,5}$/.test(days))
    throw new UsageError('--extended-days must be a whole number of days');
  try {
    const rule = chooseRule(values.rule, values['rule-json']);
    const result = computeDeadline(rule, {
      from: values.from,
      ...(fromEvent ? { fromEvent } : {}),
      ...(days !== undefined ? { extendedDays: Number(days) } : {}),
      calendarAdditions: {
        daysOff: (values['day-off'] ?? []).map((date) => ({ date })),
        workingDays: (values['working-day'] ?? []).map((date) => ({ date })),
      },
    });
    const explanation = renderDeadlineExplanation(result.explanation, lang);
    if (values.json) {
      const range =
        result.earliestDue !== undefined ? { earliestDue: result.earliestDue, latestDue: result.latestDue } : {};
      writeLine(io.stdout, JSON.stringify({ due: result.due, ...range, explanation, steps: result.explanation }));
    } else {
      for (const line of explanation) writeLine(io.stdout, line);
    }
    return EXIT_OK;
  } catch (err) {
    // Every domain error here is about the input given on the command line.
    if (err instanceof DomainError) throw new UsageError(`${err.message} (${err.code})`);
    throw err;
  }
}

function presets(args: string[], io: CliIo): number {
  const { values, positionals } = parse(args);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.json) {
    writeLine(io.stdout, JSON.stringify(DEADLINE_PRESETS, null, 2));
    return EXIT_OK;
  }
  const noun: Record<StartEvent, string> = {
    registered: 'registration',
    received: 'receipt',
    sent: 'sending',
    delivered: 'delivery',
  };
  for (const rule of Object.values(DEADLINE_PRESETS)) {
    const unit =
      { calendar_days: 'calendar day', working_days: 'working day', months: 'month' }[rule.kind] +
      (rule.amount === 1 ? '' : 's');
    const e = rule.extension;
    const extension = !e
      ? ''
      : e.times === undefined
        ? `, extendable by up to ${e.maxTotalDays ?? e.maxDays} days in all`
        : `, extendable ${e.times}× by up to ${e.maxDays} days${e.maxTotalDays === undefined ? '' : ` (${e.maxTotalDays} in all)`}`;
    const regions = Array.isArray(rule.calendar.regions)
      ? `:${rule.calendar.regions.join('+')}`
      : rule.calendar.regions
        ? ':all'
        : '';
    writeLine(io.stdout, rule.id);
    writeLine(
      io.stdout,
      `  ${rule.amount} ${unit} from ${noun[rule.start]} (counting from day +${rule.startOffsetDays})${extension}; ${rule.rollForward ? 'a last day off moves to the next working day' : 'no roll-forward'}`,
    );
    writeLine(
      io.stdout,
      `  calendar ${rule.calendar.country}${regions}; overdue after ${rule.overdueAfterDays ?? 0} days, ignored after ${rule.ignoredAfterDays}`,
    );
    writeLine(
      io.stdout,
      `  [${rule.source.act}, ${rule.source.section}]${rule.source.url ? ` ${rule.source.url}` : ''}`,
    );
    if (rule.target) writeLine(io.stdout, '  a target the act says the authority "should" meet, not a hard deadline');
    if (rule.appliesTo === 'citizens')
      writeLine(io.stdout, '  covers appeals of citizens; a letter of the body itself is held to it by analogy');
    for (const c of [rule.source, rule.rollForwardSource, rule.extensionSource]) {
      if (!c?.quote) continue;
      writeLine(io.stdout, `  ${c.section}: "${c.quote}"${c === rule.source ? '' : ` (${c.act})`}`);
      if (c.note) writeLine(io.stdout, `    ${c.note}`);
      if (c.unverified) writeLine(io.stdout, `    unverified: ${c.unverified}`);
    }
  }
  return EXIT_OK;
}

export const command: Command = {
  name: 'appeals',
  summary: 'appeal deadlines: compute a due date with its explanation; list deadline presets',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'deadline') return deadline(rest, io);
    if (sub === 'presets') return presets(rest, io);
    if (sub === 'remind') return (await import('./appeals-remind.ts')).remind(rest, io);
    throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'name a subcommand: deadline, presets or remind');
  },
};
