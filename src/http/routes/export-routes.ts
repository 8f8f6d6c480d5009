// Open data at fixed addresses: /export/{slug}/popolo.json, votes.csv, attendance.csv,
// feed.atom, sittings.ics and sittings/{id}/minutes.pdf. Long exports stream in pages; all are
// readable without an account and from any origin (security-headers.ts adds CORS for /export/).
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findBody } from '../../services/bodies.ts';
import { popoloExport } from '../../services/exports/popolo.ts';
import { attendanceCsv, votesCsv } from '../../services/exports/csv-exports.ts';
import { atomFeed } from '../../services/exports/atom-feed.ts';
import { sittingsIcs } from '../../services/exports/sittings-ics.ts';
import { minutesPdf } from '../../services/exports/minutes-pdf.ts';
import { findSitting } from '../../services/sittings.ts';
import { pageLanguage } from '../pages/page-routes.tsx';
import { sittingParams, slugParams } from './common-schemas.ts';

const langQuery = z.object({ lang: z.string().max(16).optional() });

/** Streams an async generator of text chunks; a failure mid-stream ends the response early. */
function stream(chunks: AsyncGenerator<string>): Readable {
  return Readable.from(chunks, { objectMode: false });
}

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  const db = () => app.ctx.dialect.db;
  // Every export looks the body up before sending a byte, so an unknown one is a proper 404.
  const attachment = (name: string) => `inline; filename="${name}"`;

  app.get('/:slug/popolo.json', { schema: { params: slugParams, tags: ['open data'], summary: 'The record as Popolo JSON' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    return reply.type('application/json; charset=utf-8').header('content-disposition', attachment(`${body.slug}-popolo.json`))
      .send(stream(popoloExport(db(), body.slug, { publicOrigin: app.ctx.publicOrigin })));
  });

  app.get('/:slug/votes.csv', { schema: { params: slugParams, tags: ['open data'], summary: 'Every recorded vote, one record per member where named' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    return reply.type('text/csv; charset=utf-8; header=present').header('content-disposition', attachment(`${body.slug}-votes.csv`)).send(stream(votesCsv(db(), body.slug)));
  });

  app.get('/:slug/attendance.csv', { schema: { params: slugParams, tags: ['open data'], summary: 'Attendance marks and headcounts' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    return reply.type('text/csv; charset=utf-8; header=present').header('content-disposition', attachment(`${body.slug}-attendance.csv`)).send(stream(attendanceCsv(db(), body.slug)));
  });

  app.get('/:slug/feed.atom', { schema: { params: slugParams, querystring: langQuery, tags: ['open data'], summary: 'Decisions as an Atom feed' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    const lang = pageLanguage(request, reply, JSON.parse(body.languages) as string[]);
    const xml = await atomFeed(db(), body.slug, { lang, publicOrigin: app.ctx.publicOrigin, now: app.ctx.now() });
    return reply.type('application/atom+xml; charset=utf-8').header('vary', 'Accept-Language, Cookie').send(xml);
  });

  app.get('/:slug/sittings.ics', { schema: { params: slugParams, querystring: langQuery, tags: ['open data'], summary: 'Sittings as iCalendar' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    const lang = pageLanguage(request, reply, JSON.parse(body.languages) as string[]);
    const text = await sittingsIcs(db(), body.slug, { lang, publicOrigin: app.ctx.publicOrigin, now: app.ctx.now() });
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', attachment(`${body.slug}-sittings.ics`)).header('vary', 'Accept-Language, Cookie').send(text);
  });

  app.get('/:slug/sittings/:id/minutes.pdf', { schema: { params: sittingParams, querystring: langQuery, tags: ['open data'], summary: 'The minutes of a sitting (PDF)' } }, async (request, reply) => {
    const body = await findBody(db(), request.params.slug);
    await findSitting(db(), body.id, request.params.id);
    const lang = pageLanguage(request, reply, JSON.parse(body.languages) as string[]);
    const pdf = await minutesPdf(db(), body.slug, request.params.id, { lang, now: app.ctx.now(), publicOrigin: app.ctx.publicOrigin });
    return reply.type('application/pdf').header('content-disposition', attachment(`${body.slug}-sitting-${request.params.id}-minutes.pdf`)).header('vary', 'Accept-Language, Cookie').send(pdf);
  });
};
