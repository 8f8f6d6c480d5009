// Papers (issue 16, item 4), as pages whose forms work without JavaScript:
//   GET  /{slug}/office/sittings/{id}/papers   the sitting's papers, with the upload forms (clerk, chair)
//   POST /{slug}/office/sittings/{id}/papers   a new paper with its first version (multipart/form-data)
//   POST /{slug}/office/papers/{id}/versions   the next version of a paper (multipart/form-data)
//   GET  /{slug}/papers/{id}/v/{n}             version n's file, for everyone (451 when withheld)
// The upload is stored and answered first; a PDF's text is read afterwards by the extraction queue
// (services/papers/paper-text.ts), never while the request waits.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { can, type Actor } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import { getSitting } from '../../services/record-reads.ts';
import { addPaper, addPaperVersion, listPapers, readPaperVersion } from '../../services/papers/papers.ts';
import { paperTextIdle, schedulePaperText } from '../../services/papers/paper-text.ts';
import { STATUS } from '../plugins/errors.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, loadBodyEnv, pageParams } from './page-kit.tsx';
import { PAGE_ERRORS, problemOf, toSignIn } from './office-form-kit.ts';
import type { OfficeNotice } from './office-forms.tsx';
import { PapersOfficePage, type PaperFormValues } from './paper-pages.tsx';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const sittingParams = z.object({ slug: z.string().max(200), id });
const versionParams = z.object({ slug: z.string().max(200), id, n: id });
const addForm = z.object({
  titleEn: formText,
  titleRu: formText,
  kind: formText,
  target: formText,
  file: z.unknown().optional(),
  fileTruncated: z.unknown().optional(),
});
const versionForm = z.object({ file: z.unknown().optional(), fileTruncated: z.unknown().optional() });

/** The file's bytes as the multipart hook left them; none (a form posted urlencoded) is an empty file. */
function fileBytes(f: { file?: unknown }): Uint8Array {
  return f.file instanceof Uint8Array ? f.file : new Uint8Array(0);
}

/** "item:3" → the agenda item, "motion:5" → the motion, "" → the sitting as a whole. */
function target(value: string | null): { agendaItemId: number | null; motionId: number | null } {
  const m = /^(item|motion):([1-9]\d{0,9})$/.exec(value ?? '');
  if (!m) {
    if (value)
      throw new ServiceError('invalid', 'invalid_target', 'choose an agenda item or a motion of the sitting', {
        field: 'target',
      });
    return { agendaItemId: null, motionId: null };
  }
  return m[1] === 'item'
    ? { agendaItemId: Number(m[2]), motionId: null }
    : { agendaItemId: null, motionId: Number(m[2]) };
}

/** RFC 6266 §4.3; the names given are ASCII (paper-{id}-v{n}.{ext}). */
const disposition = (name: string) => `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`;

export async function paperPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;
  const maxBytes = () => app.paperMaxBytes;
  const log = (message: string) => app.log.warn(message);
  // Versions a stopped server left 'pending' are read once the server is up; shutdown waits for the queue.
  app.addHook('onReady', async () => {
    void schedulePaperText(app.ctx, log);
  });
  app.addHook('onClose', async () => {
    await paperTextIdle(app.ctx);
  });

  // multipart/form-data for these forms only (their own scope): text parts become the body's text
  // fields before the CSRF check reads `_csrf`; the one file part is kept as bytes. A file over the
  // limit is cut there and flagged, so the form can say so (413 paper_too_large) and store nothing.
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fieldNameSize: 100, fieldSize: 4096, fields: 20, files: 1, parts: 21, headerPairs: 20 },
  });
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const fields: Record<string, unknown> = Object.create(null);
    try {
      for await (const part of request.parts({ limits: { fileSize: maxBytes() } })) {
        if (part.fieldname in fields) {
          if (part.type === 'file') part.file.resume();
          continue;
        }
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          fields[part.fieldname] = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          if (part.file.truncated) fields.fileTruncated = '1';
        } else fields[part.fieldname] = String(part.value);
      }
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw err;
      throw Object.assign(new Error(`the form upload could not be read: ${(err as Error).message}`), {
        statusCode: 400,
        code: 'bad_multipart',
      });
    }
    request.body = fields;
  });

  const tooLarge = () =>
    new ServiceError('too_large', 'paper_too_large', `the file is larger than ${maxBytes()} bytes`, { field: 'file' });

  type SittingRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

  async function officePage(
    request: SittingRequest,
    reply: FastifyReply,
    state: { notice: OfficeNotice; form: 'add' | number | null; values: PaperFormValues },
    status = 200,
  ) {
    const params = pageParams(sittingParams, request.params);
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, params.slug, null);
    const sitting = await getSitting(reader(), body.slug, params.id);
    const papers = await listPapers(reader(), body.id, sitting.id);
    const notice =
      state.notice ??
      (env.query.get('saved') === '1' ? { kind: 'saved' as const, message: env.t('papers.added') } : null);
    return renderPage(
      reply,
      <PapersOfficePage
        data={{
          slug: body.slug,
          sitting: { id: sitting.id, title: sitting.title, date: sitting.date },
          agenda: sitting.agenda,
          motions: sitting.motions.map((m) => ({ id: m.id, title: m.title })),
          papers,
          maxBytes: maxBytes(),
        }}
        values={state.values}
        notice={notice}
        form={state.form}
        csrfToken={request.csrfToken}
      />,
      { env, title: `${env.t('papers.office_title')} — ${bodyName}`, status, cacheControl: 'private, no-store' },
    );
  }

  const blank: PaperFormValues = { titleEn: '', titleRu: '', kind: 'report', target: '' };

  async function mayManage(request: FastifyRequest, slug: string) {
    const body = await findBody(reader(), slug);
    if (!can(request.actor as Actor, 'sitting.manage', body.id))
      throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow sitting.manage');
  }

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/papers',
    async function papersOffice(request, reply) {
      const params = pageParams(sittingParams, request.params);
      await findBody(reader(), params.slug);
      if (!request.actor) return toSignIn(request, reply);
      await mayManage(request, params.slug);
      return officePage(request, reply, { notice: null, form: null, values: blank });
    },
  );

  /** A refusal of the form re-renders it with the reason; success goes back to the page (303). */
  async function submit(
    reply: FastifyReply,
    work: () => Promise<string>,
    again: (notice: OfficeNotice, status: number) => Promise<FastifyReply> | FastifyReply,
  ) {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind))
        return again({ kind: 'error', problem: problemOf(err) }, STATUS[err.kind]);
      throw err;
    }
    void schedulePaperText(app.ctx, log);
    return reply.code(303).header('location', next).header('cache-control', 'no-store').send();
  }

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/papers',
    { bodyLimit: 64 * 1024 },
    async function addPaperSubmit(request, reply) {
      const params = pageParams(sittingParams, request.params);
      const f = formFields(addForm, request.body);
      const values: PaperFormValues = {
        titleEn: (f.titleEn ?? '').slice(0, 500),
        titleRu: (f.titleRu ?? '').slice(0, 500),
        kind: f.kind ?? '',
        target: (f.target ?? '').slice(0, 40),
      };
      return submit(
        reply,
        async () => {
          const slug = params.slug;
          if (f.fileTruncated === '1') {
            await mayManage(request, slug);
            throw tooLarge();
          }
          const added = await addPaper(app.ctx, request.actor, slug, params.id, {
            kind: f.kind ?? '',
            titleEn: f.titleEn,
            titleRu: f.titleRu,
            ...target(f.target),
            bytes: fileBytes(f),
            maxBytes: maxBytes(),
          });
          return `/${encodeURIComponent(slug)}/office/sittings/${params.id}/papers?saved=1#paper-${added.id}`;
        },
        (notice, status) => officePage(request, reply, { notice, form: 'add', values }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/papers/:id/versions',
    { bodyLimit: 64 * 1024 },
    async function addVersionSubmit(request, reply) {
      const params = pageParams(sittingParams, request.params);
      const f = formFields(versionForm, request.body);
      const papers = await listPapersOf(params.slug, params.id);
      return submit(
        reply,
        async () => {
          if (f.fileTruncated === '1') {
            await mayManage(request, params.slug);
            throw tooLarge();
          }
          const added = await addPaperVersion(app.ctx, request.actor, params.slug, params.id, {
            bytes: fileBytes(f),
            maxBytes: maxBytes(),
          });
          return `/${encodeURIComponent(params.slug)}/office/sittings/${added.sittingId}/papers?saved=1#paper-${added.id}`;
        },
        (notice, status) =>
          officePage(
            Object.assign(request, { params: { slug: params.slug, id: String(papers.sittingId) } }),
            reply,
            { notice, form: params.id, values: blank },
            status,
          ),
      );
    },
  );

  /** The sitting a paper belongs to (a 404 page when there is no such paper). */
  async function listPapersOf(slug: string, paperId: number) {
    const body = await findBody(reader(), slug);
    const all = await listPapers(reader(), body.id, null);
    const paper = all.find((p) => p.id === paperId);
    if (!paper) throw new ServiceError('not_found', 'paper_not_found', `paper ${paperId} was not found`);
    return paper;
  }

  app.get<{ Params: { slug: string; id: string; n: string } }>(
    '/:slug/papers/:id/v/:n',
    async function paperFile(request, reply) {
      const params = pageParams(versionParams, request.params);
      const file = await readPaperVersion(reader(), params.slug, params.id, params.n);
      if (file.content.withheld) {
        // RFC 7725: unavailable for legal reasons. The hashes stay public, so the record still verifies.
        return reply
          .code(451)
          .type('text/plain; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(
            `This file was withheld for legal reasons: ${file.content.reason ?? 'no reason given'}\nSHA-256 ${file.content.sha256}\nSHA-512 ${file.sha512}\n`,
          );
      }
      return (
        reply
          .type(file.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : file.mediaType)
          .header('content-disposition', disposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('etag', `"${file.content.sha256}"`)
          // Revalidated each time (the ETag is the hash): a file withheld later stops being served at once.
          .header('cache-control', 'public, no-cache')
          .send(Buffer.from(file.content.bytes))
      );
    },
  );
}
