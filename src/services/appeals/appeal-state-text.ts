// An appeal's status as one sentence in the reader's language ("Ignored: no reply for 1,704
// days"), for the pages and the Atom feed alike, from the interface catalogs.
import type { Lang } from '../../domain/i18n/lang.ts';
import { t, type MessageKey } from '../../domain/i18n/translate.ts';
import { formatPartialDate } from '../../domain/i18n/format-dates.ts';
import type { AppealStatusView } from './appeal-reads.ts';

/**
 * @example appealStateText('en', { status: 'ignored', daysAwaiting: 1704, … }) // 'Ignored: no reply for 1,704 days'
 */
export function appealStateText(
  lang: Lang,
  s: Pick<
    AppealStatusView,
    'status' | 'startBy' | 'daysLeft' | 'daysOverdue' | 'daysAwaiting' | 'classification' | 'answeredLate'
  >,
): string {
  const reply = (c: string | null) => t(lang, `reply_class.${c ?? 'substantive'}` as MessageKey);
  switch (s.status) {
    case 'draft':
      return t(lang, 'appeal.state_draft');
    case 'sent':
      return t(lang, 'appeal.state_sent', { date: s.startBy ? formatPartialDate(s.startBy, lang) : '?' });
    case 'awaiting':
      return s.daysLeft === 0
        ? t(lang, 'appeal.state_awaiting_today')
        : t(lang, 'appeal.state_awaiting', { count: s.daysLeft ?? 0 });
    case 'overdue':
      return t(lang, 'appeal.state_overdue', { count: s.daysOverdue ?? 0 });
    case 'ignored':
      return t(lang, 'appeal.state_ignored', { count: s.daysAwaiting ?? 0 });
    case 'answered':
      return t(lang, s.answeredLate ? 'appeal.state_answered_late' : 'appeal.state_answered', {
        classification: reply(s.classification),
      });
    case 'closed':
      return t(lang, 'appeal.state_closed');
    case 'withdrawn':
      return t(lang, 'appeal.state_withdrawn');
  }
}
