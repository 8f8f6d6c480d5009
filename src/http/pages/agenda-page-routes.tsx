// The agenda builder as a page of the clerk's office (issue 16, item 2):
//   GET  /{slug}/office/sittings/{id}/agenda                      the agenda with its forms
//   POST /{slug}/office/sittings/{id}/agenda                      add an item
//   POST /{slug}/office/sittings/{id}/agenda/{item}/move          move it (to a position)
//   POST /{slug}/office/sittings/{id}/agenda/{item}/split         a new item right after it
//   POST /{slug}/office/sittings/{id}/agenda/{item}/withdraw      withdraw it, with the reason
// Plain forms (CSRF-checked by plugins/auth.ts) calling the same use cases as the JSON API, under
// `sitting.manage`; a refused form comes back with its reason and nothing recorded.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import { addAgendaItem, findSitting } from '../../services/sittings.ts';
import { getSitting } from '../../services/record-reads.ts';
import { bodyRules } from '../../services/bodies.ts';
import {
  withheldTitles,
  moveAgendaItem,
  moveAgendaItemInput,
  splitAgendaItem,
  splitAgendaItemInput,
  withdrawAgendaItem,
  withdrawAgendaItemInput,
} from '../../services/agenda.ts';
import { requiredText } from '../../services/input-schemas.ts';
import { ServiceError } from '../../services/service-error.ts';
import { formFields, formNumber, formText, loadBodyEnv } from './page-kit.tsx';
import { formInput, submitOfficeForm, toSignIn } from './office-form-kit.ts';
import { renderPage } from './render-page.tsx';
import type { OfficeNotice } from './office-forms.tsx';
import { AgendaPage, type AgendaForm } from './agenda-pages.tsx';

const params = z.object({ slug: z.string(), id: formNumber, item: formNumber.optional() });
const addForm = z.object({ title: formText, closed: formText });
const moveForm = z.object({ to: formNumber });
const splitForm = z.object({ title: formText });
const withdrawForm = z.object({ reason: formText });

type SittingRequest = FastifyRequest<{ Params: { slug: string; id: string; item?: string } }>;

export async function agendaPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;

  function ids(request: SittingRequest) {
    const p = formFields(params, request.params);
    if (p.id === null || p.item === null) throw new ServiceError('not_found', 'not_found', 'no such sitting or item');
    return { sitting: p.id, item: p.item ?? null };
  }

  async function agendaPage(
    request: SittingRequest,
    reply: FastifyReply,
    state: { form: AgendaForm; notice: OfficeNotice },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    authorize(request.actor, 'sitting.manage', body.id);
    const sitting = await getSitting(reader(), body.slug, ids(request).sitting);
    const rules = bodyRules(body);
    const notice =
      state.notice ??
      (env.query.get('saved') === '1' ? { kind: 'saved' as const, message: env.t('agenda.saved') } : null);
    return renderPage(
      reply,
      <AgendaPage
        slug={body.slug}
        sitting={sitting}
        withheld={await withheldTitles(reader(), body.id, sitting.id)}
        closedItems={
          rules.closedItems
            ? {
                titlePublic: rules.closedItems.titlePublic,
                source: rules.source?.closedItems
                  ? `${rules.source.closedItems.act}, ${rules.source.closedItems.section}`
                  : null,
              }
            : null
        }
        form={state.notice ? state.form : null}
        notice={notice}
        csrfToken={request.csrfToken}
      />,
      {
        env,
        title: `${env.t('agenda.office_title', { sitting: sitting.title })} — ${bodyName}`,
        status,
        cacheControl: 'private, no-store',
      },
    );
  }

  const here = (request: SittingRequest) =>
    `/${encodeURIComponent(request.params.slug)}/office/sittings/${ids(request).sitting}/agenda`;

  /** Who may act is decided first: a refused actor learns nothing about the fields. */
  async function mayManage(request: SittingRequest) {
    const body = await findBody(reader(), request.params.slug);
    authorize(request.actor, 'sitting.manage', body.id);
    await findSitting(reader(), body.id, ids(request).sitting);
  }

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/agenda',
    async function agendaOffice(request, reply) {
      const body = await findBody(reader(), request.params.slug);
      if (!request.actor) return toSignIn(request, reply);
      authorize(request.actor, 'sitting.manage', body.id);
      return agendaPage(request, reply, { form: null, notice: null });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/agenda',
    async function agendaAdd(request, reply) {
      const f = formFields(addForm, request.body);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const { title } = formInput(z.object({ title: requiredText(1000) }), { title: f.title ?? '' });
          await addAgendaItem(app.ctx, request.actor, request.params.slug, ids(request).sitting, title, {
            closed: f.closed === '1',
          });
          return `${here(request)}?saved=1`;
        },
        (notice, status) => agendaPage(request, reply, { form: { name: 'add' }, notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string; item: string } }>(
    '/:slug/office/sittings/:id/agenda/:item/move',
    async function agendaMove(request, reply) {
      const f = formFields(moveForm, request.body);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const { sitting, item } = ids(request);
          const input = formInput(moveAgendaItemInput, { to: f.to ?? 0 });
          await moveAgendaItem(app.ctx, request.actor, request.params.slug, sitting, item!, input);
          return `${here(request)}?saved=1#item-${item}`;
        },
        (notice, status) =>
          agendaPage(request, reply, { form: { name: 'move', item: ids(request).item! }, notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string; item: string } }>(
    '/:slug/office/sittings/:id/agenda/:item/split',
    async function agendaSplit(request, reply) {
      const f = formFields(splitForm, request.body);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const { sitting, item } = ids(request);
          const input = formInput(splitAgendaItemInput, { title: f.title ?? '' });
          const { id } = await splitAgendaItem(app.ctx, request.actor, request.params.slug, sitting, item!, input);
          return `${here(request)}?saved=1#item-${id}`;
        },
        (notice, status) =>
          agendaPage(request, reply, { form: { name: 'split', item: ids(request).item! }, notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string; item: string } }>(
    '/:slug/office/sittings/:id/agenda/:item/withdraw',
    async function agendaWithdraw(request, reply) {
      const f = formFields(withdrawForm, request.body);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const { sitting, item } = ids(request);
          const input = formInput(withdrawAgendaItemInput, { reason: f.reason ?? '' });
          await withdrawAgendaItem(app.ctx, request.actor, request.params.slug, sitting, item!, input);
          return `${here(request)}?saved=1#item-${item}`;
        },
        (notice, status) =>
          agendaPage(request, reply, { form: { name: 'withdraw', item: ids(request).item! }, notice }, status),
      );
    },
  );
}
