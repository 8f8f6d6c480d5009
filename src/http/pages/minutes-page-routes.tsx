// The clerk's page of a sitting's minutes (issue 17, item 1):
//   GET  /{slug}/office/sittings/{id}/minutes              status, narratives, the forms
//   POST /{slug}/office/sittings/{id}/minutes              draft them (the sitting closed)
//   POST /{slug}/office/sittings/{id}/minutes/narratives   the narrative of an agenda item in a language
//   POST /{slug}/office/sittings/{id}/minutes/motion       table "approval of the minutes" at a later sitting
//   POST /{slug}/office/sittings/{id}/minutes/signatures   sign approved minutes as the chair or the clerk
// Every form posts the session's CSRF token (checked by plugins/auth.ts) and calls the same use case
// as the JSON API, under the same policy (`minutes.draft`, `motion.table`, `minutes.sign`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, rolesFor, type Actor } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import { getSitting } from '../../services/record-reads.ts';
import {
  addMinutesNarrative,
  addMinutesNarrativeInput,
  draftMinutes,
  laterSittings,
  readMinutes,
  signMinutes,
  signMinutesInput,
} from '../../services/minutes/minutes.ts';
import { tableMotion, tableMotionInput } from '../../services/motions.ts';
import { ServiceError } from '../../services/service-error.ts';
import { formFields, formNumber, formText, loadBodyEnv } from './page-kit.tsx';
import { fieldProblem, formInput, submitOfficeForm, toSignIn } from './office-form-kit.ts';
import { renderPage } from './render-page.tsx';
import type { OfficeNotice } from './office-forms.tsx';
import { BODY_LANGUAGES, parseJsonColumn } from '../../services/json-columns.ts';
import { MINUTES_APPROVAL_KIND } from '../../domain/minutes/minutes-life.ts';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import { MinutesOfficePage, type MinutesForm } from './minutes-pages.tsx';

const sittingParams = z.object({ slug: z.string(), id: formNumber });
const narrativeForm = z.object({ agendaItemId: formText, lang: formText, text: formText });
const motionForm = z.object({ sittingId: formNumber, version: formNumber });
const signForm = z.object({ role: formText, sha256: formText });

type SittingRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

const SAVED: Record<string, MessageKey> = {
  drafted: 'minutes.drafted',
  narrative: 'minutes.narrative_added',
  motion: 'minutes.motion_tabled',
  signed: 'minutes.signed',
};

export async function minutesPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;

  /** The sitting a form acts on; an address that is not a sitting number is a 404. */
  function sittingOf(request: SittingRequest) {
    const id = formFields(sittingParams, request.params).id;
    if (id === null) throw new ServiceError('not_found', 'sitting_not_found', 'no such sitting');
    return id;
  }

  /** Whoever may draft, table the approval or sign; others get the error page, not the forms. */
  function mayUse(actor: Actor | null, bodyId: number): asserts actor is Actor {
    if (!actor) throw new ServiceError('unauthenticated', 'unauthenticated', 'sign in first');
    if (
      !can(actor, 'minutes.draft', bodyId) &&
      !can(actor, 'minutes.sign', bodyId) &&
      !can(actor, 'motion.table', bodyId)
    )
      throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow the minutes');
  }

  async function minutesPage(
    request: SittingRequest,
    reply: FastifyReply,
    state: { form: MinutesForm; notice: OfficeNotice },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    mayUse(request.actor, body.id);
    const actor = request.actor;
    const id = sittingOf(request);
    const sitting = await getSitting(reader(), body.slug, id);
    const held = rolesFor(actor, body.id);
    const saved = env.query.get('saved');
    const notice =
      state.notice ??
      (saved && Object.hasOwn(SAVED, saved) ? { kind: 'saved' as const, message: env.t(SAVED[saved]!) } : null);
    const minutes = await readMinutes(reader(), body.id, sitting.id);
    return renderPage(
      reply,
      <MinutesOfficePage
        slug={body.slug}
        bodyName={bodyName}
        data={{
          sitting: { id: sitting.id, title: sitting.title, status: sitting.status, agenda: sitting.agenda },
          minutes,
          languages: parseJsonColumn(BODY_LANGUAGES, body.languages),
          later: await laterSittings(reader(), body.id, sitting.id),
          may: {
            draft: can(actor, 'minutes.draft', body.id),
            table: can(actor, 'motion.table', body.id),
            signAs: (['chair', 'clerk'] as const).filter((r) => held.has(r)),
          },
        }}
        form={state.form}
        notice={notice}
        csrfToken={request.csrfToken}
      />,
      {
        env,
        title: env.t('minutes.office_title', { title: sitting.title }),
        status,
        cacheControl: 'private, no-store',
      },
    );
  }

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/minutes',
    async function minutesOffice(request, reply) {
      await findBody(reader(), request.params.slug);
      if (!request.actor) return toSignIn(request, reply);
      return minutesPage(request, reply, { form: null, notice: null });
    },
  );

  const here = (request: SittingRequest, id: number) =>
    `/${encodeURIComponent(request.params.slug)}/office/sittings/${id}/minutes`;

  /** Who may act is decided first: a refused actor learns nothing about the fields. */
  async function guard(request: SittingRequest) {
    const body = await findBody(reader(), request.params.slug);
    mayUse(request.actor, body.id);
    return body;
  }

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/minutes',
    async function draftSubmit(request, reply) {
      const id = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await guard(request);
          await draftMinutes(app.ctx, request.actor, request.params.slug, id);
          return `${here(request, id)}?saved=drafted`;
        },
        (notice, status) => minutesPage(request, reply, { form: 'draft', notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/minutes/narratives',
    async function narrativeSubmit(request, reply) {
      const f = formFields(narrativeForm, request.body);
      const id = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await guard(request);
          const item = f.agendaItemId ? Number(f.agendaItemId) : null;
          if (item !== null && !Number.isSafeInteger(item)) throw fieldProblem('agendaItemId', 'choose an agenda item');
          const input = formInput(addMinutesNarrativeInput, {
            agendaItemId: item,
            lang: f.lang ?? '',
            text: f.text ?? '',
          });
          await addMinutesNarrative(app.ctx, request.actor, request.params.slug, id, input);
          return `${here(request, id)}?saved=narrative#narratives`;
        },
        (notice, status) => minutesPage(request, reply, { form: 'narrative', notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/minutes/motion',
    async function motionSubmit(request, reply) {
      const f = formFields(motionForm, request.body);
      const id = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          const body = await guard(request);
          if (f.sittingId === null) throw fieldProblem('sittingId', 'choose the sitting');
          if (f.version === null) throw fieldProblem('sittingId', 'the draft version is missing');
          const sitting = await getSitting(reader(), body.slug, id);
          const env = await loadBodyEnv(app, request, reply, request.params.slug, null);
          const title = env.env.t('minutes.motion_title', { title: sitting.title, version: f.version });
          const input = formInput(tableMotionInput, {
            sittingId: f.sittingId,
            kind: MINUTES_APPROVAL_KIND,
            title,
            text: title,
            minutesOf: { sittingId: id, version: f.version },
          });
          await tableMotion(app.ctx, request.actor, request.params.slug, input);
          return `${here(request, id)}?saved=motion`;
        },
        (notice, status) => minutesPage(request, reply, { form: 'motion', notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/minutes/signatures',
    async function signSubmit(request, reply) {
      const f = formFields(signForm, request.body);
      const id = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await guard(request);
          const input = formInput(signMinutesInput, { role: f.role ?? '', sha256: f.sha256 ?? '' });
          await signMinutes(app.ctx, request.actor, request.params.slug, id, input);
          return `${here(request, id)}?saved=signed#signatures`;
        },
        (notice, status) => minutesPage(request, reply, { form: 'sign', notice }, status),
      );
    },
  );
}
