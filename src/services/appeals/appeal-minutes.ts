// The minutes' section on appeals (the appeals feature's, src/http/features.ts): the appeals sent
// under the decisions of the sitting, with their addressee and sending date — facts only. Their
// status is not printed: it changes with the calendar, and the minutes are a fixed document; the
// tracker page has it.
import type { MinutesSectionSource } from '../exports/minutes-extensions.ts';
import { t } from '../../domain/i18n/translate.ts';
import { formatPartialDate } from '../../domain/i18n/format-dates.ts';
import { authorityName } from './authorities.ts';
import { parseJsonColumn, AUTHORITY_NAMES } from '../json-columns.ts';

export const appealsMinutesSection: MinutesSectionSource = async ({ db, bodyId, sittingId, lang }) => {
  const rows = await db
    .selectFrom('appeals')
    .innerJoin('decisions', 'decisions.id', 'appeals.decision_id')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .innerJoin('authorities', 'authorities.id', 'appeals.authority_id')
    .select(['appeals.id', 'appeals.title', 'authorities.names'])
    .where('appeals.body_id', '=', bodyId)
    .where('votes.sitting_id', '=', sittingId)
    .orderBy('appeals.id')
    .execute();
  if (rows.length === 0) return null;
  const lines: string[] = [];
  for (const r of rows) {
    const sent = await db
      .selectFrom('appeal_events')
      .select('occurred_on')
      .where('body_id', '=', bodyId)
      .where('appeal_id', '=', r.id)
      .where('type', '=', 'sent')
      .orderBy('id')
      .executeTakeFirst();
    const when = sent?.occurred_on
      ? t(lang, 'minutes.appeal_sent', { date: formatPartialDate(sent.occurred_on, lang) })
      : t(lang, 'appeals.not_sent');
    lines.push(
      t(lang, 'minutes.appeal_line', {
        title: r.title,
        authority: authorityName(parseJsonColumn(AUTHORITY_NAMES, r.names), lang),
        sent: when,
      }),
    );
  }
  return { heading: t(lang, 'minutes.appeals'), lines };
};
