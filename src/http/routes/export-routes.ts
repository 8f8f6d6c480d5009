// Open data at fixed addresses: /export/{slug}/popolo.json, votes.csv, attendance.csv,
// feed.atom, sittings.ics and sittings/{id}/minutes.pdf. Long exports stream in pages; all are
// readable without an account and from any origin (security-headers.ts adds CORS for /export/).
//
// Each built file is kept, bounded in bytes (QUORATE_EXPORT_CACHE_BYTES), under the body's log
// size and published checkpoint size (and language and the body's day where they matter): a new
// entry or checkpoint makes a new key, so nothing stale is served. Concurrent requests for the
// same missing file share one build. A file larger than a quarter of the bound is not kept: it
// streams, as it always did.
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findBody } from '../../services/bodies.ts';
import { popoloExport } from '../../services/exports/popolo.ts';
import { attendanceCsv, decisionsCsv, votesCsv } from '../../services/exports/csv-exports.ts';
import { atomFeed } from '../../services/exports/atom-feed.ts';
import { sittingsIcs } from '../../services/exports/sittings-ics.ts';
import { approvedMinutesPdf, minutesDocument } from '../../services/minutes/minutes.ts';
import { findSitting } from '../../services/sittings.ts';
import { pageLanguage } from '../pages/page-kit.tsx';
import { sittingParams, slugParams } from './common-schemas.ts';
import { BuildCache } from '../../services/cache/byte-lru.ts';
import { dayInZone } from '../../domain/i18n/format-dates.ts';
import { recordVersion } from '../../services/record-version.ts';
import type { FeedSource } from '../../services/exports/feed-sources.ts';
import type { MinutesSectionSource } from '../../services/exports/minutes-extensions.ts';
import { parseJsonColumn, BODY_LANGUAGES } from '../../services/json-columns.ts';

const langQuery = z.object({ lang: z.string().max(16).optional() });

/** Streams an async generator of text chunks; a failure mid-stream ends the response early. */
function stream(chunks: AsyncGenerator<string>): Readable {
  return Readable.from(chunks, { objectMode: false });
}

/** Collects a stream of text, giving up (null) once it passes maxBytes. */
async function collect(chunks: AsyncGenerator<string>, maxBytes: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    const b = Buffer.from(chunk, 'utf8');
    size += b.length;
    if (size > maxBytes) {
      await chunks.return(undefined);
      return null;
    }
    parts.push(b);
  }
  return Buffer.concat(parts);
}

export type ExportCache = BuildCache<Buffer | null>;

export function createExportCache(maxBytes: number): ExportCache {
  return new BuildCache<Buffer | null>(maxBytes, (v) => (v === null ? Infinity : v.length));
}

export interface ExportRoutesOptions {
  cache: ExportCache;
  /** Every feature's Atom feed entries (features.ts). */
  feedSources: readonly FeedSource[];
  /** Every feature's sections of the minutes (features.ts). */
  minutesSections: readonly MinutesSectionSource[];
}

export const exportRoutes: FastifyPluginAsyncZod<ExportRoutesOptions> = async (app, opts) => {
  const db = () => app.ctx.dialect.db;
  const cache = opts.cache;
  const maxItem = Math.floor(cache.lru.maxBytes / 4);
  /** The built file for these parameters, from the cache or one shared build. */
  const built = async (body: { id: number }, parts: Array<string | number>, build: () => Promise<Buffer | null>) => {
    // What a built file depends on besides its own parameters: the log and the checkpoint.
    const version = await recordVersion(db(), body.id);
    return cache.get([...parts, body.id, `${version.nextIndex}/${version.checkpointSize}`].join('\n'), build);
  };
  /** A streamed export: the kept copy, or the stream itself when it is too large to keep. */
  const streamed = async (body: { id: number }, kind: string, make: () => AsyncGenerator<string>) =>
    (await built(body, [kind], () => collect(make(), maxItem))) ?? stream(make());
  // Every export looks the body up before sending a byte, so an unknown one is a proper 404.
  const attachment = (name: string) => `inline; filename="${name}"`;

  app.get(
    '/:slug/popolo.json',
    { schema: { params: slugParams, tags: ['open data'], summary: 'The record as Popolo JSON' } },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', attachment(`${body.slug}-popolo.json`))
        .send(
          await streamed(body, 'popolo', () => popoloExport(db(), body.slug, { publicOrigin: app.ctx.publicOrigin })),
        );
    },
  );

  app.get(
    '/:slug/votes.csv',
    {
      schema: {
        params: slugParams,
        tags: ['open data'],
        summary: 'Every recorded vote, one record per member where named',
      },
    },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', attachment(`${body.slug}-votes.csv`))
        .send(await streamed(body, 'votes.csv', () => votesCsv(db(), body.slug)));
    },
  );

  app.get(
    '/:slug/decisions.csv',
    {
      schema: {
        params: slugParams,
        tags: ['open data'],
        summary: 'Every decision with its status and status_since, derived from its recorded life',
      },
    },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', attachment(`${body.slug}-decisions.csv`))
        .send(await streamed(body, 'decisions.csv', () => decisionsCsv(db(), body.slug)));
    },
  );

  app.get(
    '/:slug/attendance.csv',
    { schema: { params: slugParams, tags: ['open data'], summary: 'Attendance marks and headcounts' } },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', attachment(`${body.slug}-attendance.csv`))
        .send(await streamed(body, 'attendance.csv', () => attendanceCsv(db(), body.slug)));
    },
  );

  app.get(
    '/:slug/feed.atom',
    {
      schema: { params: slugParams, querystring: langQuery, tags: ['open data'], summary: 'Decisions as an Atom feed' },
    },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      const lang = pageLanguage(request, reply, parseJsonColumn(BODY_LANGUAGES, body.languages));
      const now = app.ctx.now();
      const xml = (await built(body, ['feed.atom', lang, dayInZone(now, body.time_zone)], async () =>
        Buffer.from(
          await atomFeed(db(), body.slug, {
            lang,
            publicOrigin: app.ctx.publicOrigin,
            now,
            sources: opts.feedSources,
          }),
        ),
      ))!;
      return reply.type('application/atom+xml; charset=utf-8').header('vary', 'Accept-Language, Cookie').send(xml);
    },
  );

  app.get(
    '/:slug/sittings.ics',
    { schema: { params: slugParams, querystring: langQuery, tags: ['open data'], summary: 'Sittings as iCalendar' } },
    async (request, reply) => {
      const body = await findBody(db(), request.params.slug);
      const lang = pageLanguage(request, reply, parseJsonColumn(BODY_LANGUAGES, body.languages));
      const now = app.ctx.now();
      const text = (await built(body, ['sittings.ics', lang, dayInZone(now, body.time_zone)], async () =>
        Buffer.from(await sittingsIcs(db(), body.slug, { lang, publicOrigin: app.ctx.publicOrigin, now })),
      ))!;
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', attachment(`${body.slug}-sittings.ics`))
        .header('vary', 'Accept-Language, Cookie')
        .send(text);
    },
  );

  /**
   * A sitting's minutes (issue 17): from approval on, the stored PDF byte for byte (its SHA-256 is
   * in the approval's entry); before it, the latest draft marked as a draft on every page.
   * minutes-draft.pdf always serves the latest draft.
   */
  const minutesRoute = (file: 'minutes.pdf' | 'minutes-draft.pdf') =>
    app.get(
      `/:slug/sittings/:id/${file}`,
      {
        schema: {
          params: sittingParams,
          querystring: langQuery,
          tags: ['open data'],
          summary:
            file === 'minutes.pdf'
              ? 'The minutes of a sitting (PDF): the approved PDF as stored, or the draft marked as such'
              : 'The latest draft of the minutes of a sitting (PDF), marked as a draft',
        },
      },
      async (request, reply) => {
        const body = await findBody(db(), request.params.slug);
        await findSitting(db(), body.id, request.params.id);
        const lang = pageLanguage(request, reply, parseJsonColumn(BODY_LANGUAGES, body.languages));
        const draft = file === 'minutes-draft.pdf';
        const approved = draft ? null : await approvedMinutesPdf(db(), body.id, request.params.id);
        if (approved) reply.header('x-minutes-sha256', approved.sha256);
        const pdf =
          approved?.bytes ??
          (await built(body, [file, request.params.id, lang], async () => {
            const doc = await minutesDocument(db(), body.slug, request.params.id, {
              lang,
              publicOrigin: app.ctx.publicOrigin,
              sections: opts.minutesSections,
              draft: true,
            });
            return doc.kind === 'draft' ? doc.bytes : null;
          }));
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            attachment(`${body.slug}-sitting-${request.params.id}-${draft ? 'minutes-draft' : 'minutes'}.pdf`),
          )
          .header('vary', 'Accept-Language, Cookie')
          .send(pdf);
      },
    );
  minutesRoute('minutes.pdf');
  minutesRoute('minutes-draft.pdf');
};
