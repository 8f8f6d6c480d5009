// Atom entries for appeals' status changes (the appeals feature's feed source, src/http/features.ts):
// every recorded event (sent, registered, extended, redirected, reply received, closed…) at the
// moment it was recorded, and the changes nothing records because the calendar makes them — a
// reply becoming overdue, silence becoming "ignored" — dated the day they happened, or the moment
// the record could first know it (a history entered afterwards), whichever is later.
import type { FeedEntry, FeedSource } from '../exports/feed-sources.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { formatPartialDate } from '../../domain/i18n/format-dates.ts';
import { t, type MessageKey } from '../../domain/i18n/translate.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { addDays } from '../../domain/dates/civil-date.ts';
import { appealTimelines, type AppealTimeline } from './appeal-reads.ts';
import { authorityName } from './authorities.ts';
import { appealStateText } from './appeal-state-text.ts';

function eventText(lang: Lang, e: AppealTimeline['events'][number]): string {
  const parts = [
    t(lang, `event.${e.type}` as MessageKey),
    e.on ? formatPartialDate(e.on, lang) : t(lang, 'appeal.date_unknown'),
  ];
  if (e.classification) parts.push(t(lang, `reply_class.${e.classification}` as MessageKey));
  if (e.days !== null) parts.push(t(lang, 'appeal.extended_by', { count: e.days }));
  if (e.toAuthority) parts.push(t(lang, 'appeal.redirected_to', { authority: authorityName(e.toAuthority, lang) }));
  return parts.join(', ');
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/** The feed entries of one appeal, on `today`. */
export function appealFeedEntries(a: AppealTimeline, lang: Lang, page: string): FeedEntry[] {
  const s = a.summary;
  const to = authorityName(s.authority.names, lang);
  const out: FeedEntry[] = a.events.map((e) => ({
    id: `${page}#event-${e.id}`,
    title: t(lang, 'feed.appeal_event', { event: t(lang, `event.${e.type}` as MessageKey), title: s.title }),
    updated: e.recordedAt,
    link: page,
    summary: t(lang, 'feed.appeal_summary', { authority: to, state: eventText(lang, e) }),
    category: 'appeal',
  }));
  const status = s.status;
  if ((status.status === 'overdue' || status.status === 'ignored') && status.due !== null) {
    const known = a.events.reduce((at, e) => later(at, e.recordedAt), '1970-01-01T00:00:00.000Z');
    const changes: Array<['overdue' | 'ignored', string]> = [
      ['overdue', addDays(status.due, (a.rule.overdueAfterDays ?? 0) + 1)],
    ];
    if (status.status === 'ignored') changes.push(['ignored', addDays(status.due, a.rule.ignoredAfterDays + 1)]);
    for (const [kind, day] of changes) {
      out.push({
        id: `${page}#${kind}-${status.due}`,
        title: t(lang, kind === 'overdue' ? 'feed.appeal_overdue' : 'feed.appeal_ignored', { title: s.title }),
        updated: later(`${day}T00:00:00.000Z`, known),
        link: page,
        summary: t(lang, 'feed.appeal_summary', { authority: to, state: appealStateText(lang, status) }),
        category: 'appeal',
      });
    }
  }
  return out;
}

/** Every appeal's status changes, newest first, at most `limit`. */
export const appealEntries: FeedSource = async ({ db, body, lang, publicOrigin, limit, now }) => {
  const today = dayInZone(now, body.timeZone);
  const timelines = await appealTimelines(db, { id: body.id, slug: body.slug, time_zone: body.timeZone }, today);
  return timelines
    .flatMap((a) =>
      appealFeedEntries(a, lang, `${publicOrigin}/${encodeURIComponent(body.slug)}/appeals/${a.summary.id}`),
    )
    .sort((x, y) => (x.updated < y.updated ? 1 : x.updated > y.updated ? -1 : x.id.localeCompare(y.id)))
    .slice(0, limit);
};
