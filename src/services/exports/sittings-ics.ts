// The body's sittings as iCalendar (RFC 5545), written by ical-generator. A sitting with a start
// time is a timed event in UTC; one with only a day is an all-day event; one known only to the
// month or year cannot be an iCalendar event without inventing a day, so it is left out. A
// cancelled sitting is STATUS:CANCELLED, never dropped.
import ical, { ICalEventStatus } from 'ical-generator';
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { t } from '../../domain/i18n/translate.ts';
import { parsePartialDate } from '../../domain/dates/partial-date.ts';
import { bodyName, breathe, exportBody } from './export-body.ts';

/** A sitting with no recorded end is shown as lasting this long. */
const ASSUMED_LENGTH_MS = 2 * 3600 * 1000;

/**
 * The iCalendar text of a body's sittings.
 * @example await sittingsIcs(db, 'smolninskoye', { lang: 'ru', publicOrigin, now: new Date() })
 */
export async function sittingsIcs(
  db: Executor,
  slug: string,
  options: { lang: Lang; publicOrigin: string; now: Date },
): Promise<string> {
  const body = await exportBody(db, slug);
  const host = new URL(options.publicOrigin).host;
  const cal = ical({
    name: t(options.lang, 'ics.name', { body: bodyName(body, options.lang) }),
    prodId: { company: 'Quorate', product: 'Quorate', language: options.lang.toUpperCase() },
  });
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('sittings')
      .select(['id', 'title', 'date', 'starts_at', 'closed_at', 'place', 'status'])
      // Each rescheduling or cancellation is a new revision of the event (RFC 5545 3.8.7.4 SEQUENCE).
      .select((eb) =>
        eb
          .selectFrom('sitting_changes')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('sitting_changes.sitting_id', '=', 'sittings.id')
          .as('revisions'),
      )
      .where('body_id', '=', body.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (rows.length === 0) break;
    for (const s of rows) {
      const url = `${options.publicOrigin}/${encodeURIComponent(body.slug)}/sittings/${s.id}`;
      const common = {
        id: `sitting-${s.id}.${body.slug}@${host}`,
        stamp: options.now,
        summary: s.title,
        description: `${t(options.lang, 'ics.status', { status: t(options.lang, `sitting_status.${s.status}`) })}\n${url}`,
        location: s.place,
        url,
        sequence: Number(s.revisions ?? 0),
        // A cancelled sitting stays in the calendar, marked so (RFC 5545 3.8.1.11), so a subscriber's copy is updated, not left stale.
        status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      };
      if (s.starts_at) {
        const start = new Date(s.starts_at);
        const end =
          s.closed_at && Date.parse(s.closed_at) > start.getTime()
            ? new Date(s.closed_at)
            : new Date(start.getTime() + ASSUMED_LENGTH_MS);
        cal.createEvent({ ...common, start, end });
        continue;
      }
      const d = parsePartialDate(s.date);
      if (d.precision !== 'day') continue;
      cal.createEvent({ ...common, start: new Date(Date.UTC(d.year, d.month! - 1, d.day!)), allDay: true });
    }
    after = rows[rows.length - 1]!.id;
    if (rows.length < 500) break;
    await breathe();
  }
  return cal.toString();
}
