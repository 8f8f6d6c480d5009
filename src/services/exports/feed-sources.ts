// What the Atom feed carries: entries from each source, newest first. The core's source
// (decisions) is here; a feature adds its own (the appeals' status changes) by naming it in its
// `feedSources` in src/http/features.ts, which hands the whole list to atomFeed.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { t } from '../../domain/i18n/translate.ts';
import { formatPartialDate } from '../../domain/i18n/format-dates.ts';
import type { ExportBody } from './export-body.ts';

export interface FeedEntry {
  /** A permanent IRI (RFC 4287 §4.2.6). */
  id: string;
  title: string;
  /** RFC 3339 instant: when the fact was recorded. */
  updated: string;
  /** The public page of the fact. */
  link: string;
  summary: string;
  category: string;
}

export interface FeedContext {
  db: Executor;
  body: ExportBody;
  lang: Lang;
  publicOrigin: string;
  limit: number;
  /** The feed's moment: what the calendar has made of appeals by then (overdue, ignored). */
  now: Date;
}

export type FeedSource = (ctx: FeedContext) => Promise<FeedEntry[]>;

/** Adopted decisions, each dated by the record entry that registered it. */
export const decisionEntries: FeedSource = async ({ db, body, lang, publicOrigin, limit }) => {
  const rows = await db
    .selectFrom('decisions')
    .innerJoin('motions', 'motions.id', 'decisions.motion_id')
    .innerJoin('votes', 'votes.id', 'decisions.vote_id')
    .innerJoin('entries', (j) =>
      j.onRef('entries.body_id', '=', 'decisions.body_id').onRef('entries.idx', '=', 'decisions.entry_index'),
    )
    .select([
      'decisions.id',
      'decisions.register_number',
      'decisions.adopted_on',
      'decisions.vote_id',
      'motions.title',
      'votes.yes',
      'votes.no',
      'votes.abstain',
      'entries.recorded_at',
    ])
    .where('decisions.body_id', '=', body.id)
    .orderBy('decisions.entry_index', 'desc')
    .limit(limit)
    .execute();
  return rows.map((d) => ({
    id: `${publicOrigin}/${encodeURIComponent(body.slug)}/votes/${d.vote_id}#decision`,
    title: t(lang, 'feed.decision', { title: d.title }),
    updated: d.recorded_at,
    link: `${publicOrigin}/${encodeURIComponent(body.slug)}/votes/${d.vote_id}`,
    summary: t(lang, 'feed.decision_summary', {
      decision: d.register_number
        ? t(lang, 'decision.numbered', { number: d.register_number })
        : t(lang, 'decision.unnumbered'),
      date: formatPartialDate(d.adopted_on, lang),
      yes: d.yes ?? 0,
      no: d.no ?? 0,
      abstain: d.abstain ?? 0,
    }),
    category: 'decision',
  }));
};

/** Each event in a decision's life (issue 17): signed, vetoed, published, in force, repealed… */
export const decisionEventEntries: FeedSource = async ({ db, body, lang, publicOrigin, limit }) => {
  const rows = await db
    .selectFrom('decision_events')
    .innerJoin('decisions', 'decisions.id', 'decision_events.decision_id')
    .select([
      'decision_events.id',
      'decision_events.type',
      'decision_events.occurred_on',
      'decision_events.recorded_at',
      'decision_events.actor',
      'decision_events.source',
      'decisions.id as decision_id',
      'decisions.register_number',
    ])
    .where('decision_events.body_id', '=', body.id)
    .orderBy('decision_events.entry_index', 'desc')
    .limit(limit)
    .execute();
  return rows.map((e) => {
    const page = `${publicOrigin}/${encodeURIComponent(body.slug)}/decisions/${e.decision_id}`;
    const event = t(lang, `decision_event.${e.type}`);
    const date = formatPartialDate(e.occurred_on, lang);
    return {
      id: `${page}#event-${e.id}`,
      title: t(lang, 'decision.feed_event', { number: e.register_number ?? `(${e.decision_id})`, event, date }),
      updated: e.recorded_at,
      link: page,
      summary: [event, date, e.actor, e.source].filter((x) => x !== null && x !== '').join('; '),
      category: 'decision-event',
    };
  });
};
