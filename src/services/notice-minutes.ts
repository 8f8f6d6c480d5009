// The minutes' section on notice (issue 16, item 3): each notice of the sitting with the time it
// went out in the body's time zone, the day it announced, and its verdict under the rule it was
// judged by — late notices included, as the sitting page shows them.
import type { MinutesSectionSource } from './exports/minutes-extensions.ts';
import { t } from '../domain/i18n/translate.ts';
import { formatInstant, formatPartialDate } from '../domain/i18n/format-dates.ts';

export const noticeMinutesSection: MinutesSectionSource = async ({ db, bodyId, sittingId, lang, timeZone }) => {
  const notices = await db
    .selectFrom('sitting_notices')
    .select(['published_at', 'sitting_date', 'in_time'])
    .where('body_id', '=', bodyId)
    .where('sitting_id', '=', sittingId)
    .orderBy('id')
    .execute();
  if (notices.length === 0) return null;
  return {
    heading: t(lang, 'calendar.notice'),
    lines: notices.map((n) =>
      t(lang, 'minutes.notice_line', {
        at: formatInstant(n.published_at, lang, timeZone),
        date: formatPartialDate(n.sitting_date, lang),
        verdict:
          n.in_time === null
            ? t(lang, 'minutes.notice_no_rule')
            : t(lang, n.in_time === 1 ? 'calendar.notice_in_time' : 'calendar.notice_late'),
      }),
    ),
  };
};
