// Appeals to authorities: the directory of authorities, appeals and their events, attachments
// (base64 in JSON, bounded per route), the body's calendar layer, reminders, and withholding a
// blob for legal reasons. Reading is public; writing is the clerk's (services/policy.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addAuthority, addAuthorityInput, listAuthorities } from '../../services/appeals/authorities.ts';
import {
  appealEventInput,
  draftAppeal,
  draftAppealInput,
  recordAppealEvent,
  setAppealCalendar,
  setAppealTransit,
} from '../../services/appeals/appeals.ts';
import { addAttachment, ATTACHMENT_KINDS, readAttachment } from '../../services/appeals/appeal-attachments.ts';
import { APPEAL_STATUSES, appealCalendar, getAppeal, listAppeals } from '../../services/appeals/appeal-reads.ts';
import { appealsNeedingAttention } from '../../services/appeals/appeal-reminders.ts';
import { withholdBlob } from '../../services/blobs.ts';
import { findBody } from '../../services/bodies.ts';
import { invalid } from '../../services/service-error.ts';
import { MAX_ATTACHMENT_BYTES } from '../../domain/attachments/check-attachment.ts';
import { decimal, idParams, page, requiredText, slugParams, text } from './common-schemas.ts';
import { sendProblem } from '../plugins/errors.ts';

const id = z.number().int().positive().max(2_147_483_647);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const calendarDays = z
  .array(z.object({ date: text(10), name: text(200).optional() }))
  .max(2000)
  .optional();

// A file of MAX_ATTACHMENT_BYTES is 4/3 as long in base64. The schema lets a little more through,
// so that a file just over the limit reaches the service and gets its own clear refusal (413,
// attachment_too_large); anything far larger stops at the route's body limit (413 as well).
const MAX_BASE64 = Math.ceil((MAX_ATTACHMENT_BYTES + 3 * 1024) / 3) * 4;
// A flat character class: a grouped quantifier backtracks itself out of stack on megabytes of text.
const isBase64 = (s: string) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);

/** RFC 6266 §4.3 with an RFC 8187 UTF-8 name, and a plain ASCII fallback for old clients. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/bodies/:slug/authorities', { schema: { params: slugParams, tags: ['appeals'] } }, async (request) => ({
    items: await listAuthorities(app.ctx.dialect.db, request.params.slug),
  }));

  app.post(
    '/bodies/:slug/authorities',
    {
      schema: { params: slugParams, tags: ['appeals'], body: addAuthorityInput },
    },
    async (request, reply) =>
      reply.code(201).send(await addAuthority(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/appeals',
    {
      schema: {
        params: slugParams,
        querystring: page.extend({ status: z.enum(APPEAL_STATUSES).optional() }),
        tags: ['appeals'],
      },
    },
    async (request) => listAppeals(app.ctx, request.params.slug, request.query),
  );

  app.post(
    '/bodies/:slug/appeals',
    {
      schema: {
        params: slugParams,
        tags: ['appeals'],
        body: draftAppealInput,
      },
    },
    async (request, reply) =>
      reply.code(201).send(await draftAppeal(app.ctx, request.actor, request.params.slug, request.body)),
  );

  app.get(
    '/bodies/:slug/appeals/attention',
    {
      schema: {
        params: slugParams,
        querystring: z.object({ withinDays: decimal(0, 365).optional() }),
        tags: ['appeals'],
      },
    },
    async (request) => appealsNeedingAttention(app.ctx, request.actor, request.params.slug, request.query),
  );

  app.get('/bodies/:slug/appeals/calendar', { schema: { params: slugParams, tags: ['appeals'] } }, async (request) => {
    const body = await findBody(app.ctx.dialect.db, request.params.slug);
    return { additions: await appealCalendar(app.ctx.dialect.db, body.id) };
  });

  app.put(
    '/bodies/:slug/appeals/calendar',
    {
      schema: {
        params: slugParams,
        tags: ['appeals'],
        body: z.object({ daysOff: calendarDays, workingDays: calendarDays }),
      },
    },
    async (request) => setAppealCalendar(app.ctx, request.actor, request.params.slug, request.body),
  );

  // Days a letter may take by each channel, for the body (no authorityId) or one authority.
  app.put(
    '/bodies/:slug/appeals/transit',
    {
      schema: {
        params: slugParams,
        tags: ['appeals'],
        body: z.object({ authorityId: id.nullish(), days: z.record(z.string(), z.number().int()) }),
      },
    },
    async (request) => setAppealTransit(app.ctx, request.actor, request.params.slug, request.body),
  );

  app.get('/bodies/:slug/appeals/:id', { schema: { params: idParams, tags: ['appeals'] } }, async (request) =>
    getAppeal(app.ctx, request.params.slug, request.params.id),
  );

  app.post(
    '/bodies/:slug/appeals/:id/events',
    {
      schema: {
        params: idParams,
        tags: ['appeals'],
        body: appealEventInput,
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await recordAppealEvent(app.ctx, request.actor, request.params.slug, request.params.id, request.body)),
  );

  app.post(
    '/bodies/:slug/appeals/:id/attachments',
    {
      bodyLimit: MAX_BASE64 + 64 * 1024,
      schema: {
        params: idParams,
        tags: ['appeals'],
        body: z.object({
          name: text(1000),
          mediaType: text(200),
          kind: z.enum(ATTACHMENT_KINDS),
          eventId: id.nullish(),
          contentBase64: z.string().max(MAX_BASE64),
        }),
      },
    },
    async (request, reply) => {
      const { contentBase64, ...file } = request.body;
      if (!isBase64(contentBase64))
        throw invalid('bad_base64', 'contentBase64 must be standard base64 (RFC 4648 §4) with padding');
      const bytes = new Uint8Array(Buffer.from(contentBase64, 'base64'));
      return reply
        .code(201)
        .send(await addAttachment(app.ctx, request.actor, request.params.slug, request.params.id, { ...file, bytes }));
    },
  );

  app.get(
    '/bodies/:slug/appeals/:id/attachments/:sha256',
    {
      schema: { params: idParams.extend({ sha256 }), tags: ['appeals'] },
    },
    async (request, reply) => {
      const file = await readAttachment(
        app.ctx.dialect.db,
        request.params.slug,
        request.params.id,
        request.params.sha256,
      );
      if (file.content.withheld) {
        // RFC 7725: unavailable for legal reasons. The hash stays public, so the record still verifies.
        return sendProblem(
          reply,
          451,
          'withheld',
          `this file was withheld: ${file.content.reason ?? 'no reason given'}`,
          { sha256: file.content.sha256 },
        );
      }
      return (
        reply
          .type(file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType)
          .header('content-disposition', contentDisposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('etag', `"${file.content.sha256}"`)
          // Not immutable: a file can still be withheld later, and caches must let it go.
          .header('cache-control', 'public, max-age=3600')
          .send(Buffer.from(file.content.bytes))
      );
    },
  );

  app.post(
    '/bodies/:slug/blobs/:sha256/withhold',
    {
      schema: {
        params: slugParams.extend({ sha256 }),
        tags: ['appeals'],
        body: z.object({ reason: requiredText(2000) }),
      },
    },
    async (request) =>
      withholdBlob(app.ctx, request.actor, request.params.slug, {
        sha256: request.params.sha256,
        reason: request.body.reason,
      }),
  );
};
