// The body's Atom feed (RFC 4287): the entries of every feed source it is given (decisions, and
// what the features add: src/http/features.ts), newest first.
// Written by hand with domain/exports/xml-text.ts escaping every text and attribute.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import type { Lang } from '../../domain/i18n/lang.ts';
import { t } from '../../domain/i18n/translate.ts';
import { xmlText } from '../../domain/exports/xml-text.ts';
import { bodyName, exportBody, isoSeconds } from './export-body.ts';
import type { FeedSource } from './feed-sources.ts';

export const FEED_LIMIT = 100;

/**
 * The Atom document of a body's feed.
 * @example await atomFeed(db, 'smolninskoye', { lang: 'en', publicOrigin: 'https://council.example.org', now, sources: [decisionEntries] })
 */
export async function atomFeed(
  db: Executor,
  slug: string,
  options: { lang: Lang; publicOrigin: string; now: Date; sources: readonly FeedSource[] },
): Promise<string> {
  const body = await exportBody(db, slug);
  const ctx = { db, body, lang: options.lang, publicOrigin: options.publicOrigin, limit: FEED_LIMIT, now: options.now };
  const entries = (await Promise.all(options.sources.map((source) => source(ctx))))
    .flat()
    .sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : a.id.localeCompare(b.id)))
    .slice(0, FEED_LIMIT);
  const home = `${options.publicOrigin}/${encodeURIComponent(body.slug)}`;
  const self = `${options.publicOrigin}/export/${encodeURIComponent(body.slug)}/feed.atom`;
  // An empty feed is as old as the body's record, not "now": its <updated> must not churn.
  const updated = isoSeconds(entries[0]?.updated ?? options.now.toISOString());
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlText(options.lang)}">`,
    `  <id>${xmlText(home)}</id>`,
    `  <title>${xmlText(t(options.lang, 'feed.title', { body: bodyName(body, options.lang) }))}</title>`,
    `  <updated>${xmlText(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlText(home)}"/>`,
    `  <author><name>${xmlText(bodyName(body, options.lang))}</name></author>`,
    '  <generator>Quorate</generator>',
  ];
  for (const e of entries) {
    lines.push(
      '  <entry>',
      `    <id>${xmlText(e.id)}</id>`,
      `    <title type="text">${xmlText(e.title)}</title>`,
      `    <updated>${xmlText(isoSeconds(e.updated))}</updated>`,
      `    <link rel="alternate" type="text/html" href="${xmlText(e.link)}"/>`,
      `    <category term="${xmlText(e.category)}"/>`,
      `    <summary type="text">${xmlText(e.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
