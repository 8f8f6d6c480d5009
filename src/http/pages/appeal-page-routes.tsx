// The appeals tracker's pages: /{slug}/appeals (every appeal and its status) and
// /{slug}/appeals/{id} (one appeal, its timeline and reckoning), public and readable without
// JavaScript; for a signed-in clerk, the same pages carry forms that post back here (urlencoded,
// with the session's CSRF token, which the auth plugin checks) and call the same services as the
// JSON API. After a successful post the browser is sent on (303) to the page it came from.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ReactElement } from 'react';
import { ServiceError } from '../../services/service-error.ts';
import { can } from '../../services/policy.ts';
import { listDecisions, listMembers } from '../../services/record-reads.ts';
import { addAuthority, listAuthorities } from '../../services/appeals/authorities.ts';
import {
  draftAppeal,
  recordAppealEvent,
  type AppealEventInput,
  type DraftAppealInput,
} from '../../services/appeals/appeals.ts';
import { APPEAL_STATUSES, getAppeal, listAppeals } from '../../services/appeals/appeal-reads.ts';
import { appealsNeedingAttention } from '../../services/appeals/appeal-reminders.ts';
import type { AppealStatus } from '../../domain/appeals/deadline-step.ts';
import { z } from 'zod';
import type { PageEnv } from './page-env.tsx';
import { renderPage } from './render-page.tsx';
import { STATUS } from '../plugins/errors.ts';
import { formFields, formNumber, formText, idPageParams, loadBodyEnv, pageParams, readContext } from './page-kit.tsx';
import { AppealPage, AppealsPage } from './appeal-pages.tsx';
import { ClerkAppealSection, ClerkAppealsSection, type ClerkData, type FormNotice } from './appeal-forms.tsx';

/** The clerk's forms are larger than a sign-in: an appeal's text, a reply's summary. */
const APPEAL_FORM_LIMIT = 512 * 1024;

/** POST /{slug}/appeals: a new draft appeal. */
const draftForm = z.object({
  title: formText,
  summary: formText,
  authorityId: formNumber,
  decisionId: formNumber,
  sender: formNumber,
  channel: formText,
  reference: formText,
  personalDetails: formText,
});
/** POST /{slug}/authorities: a new authority appeals are sent to. */
const authorityForm = z.object({ nameEn: formText, nameRu: formText, address: formText, rule: formText });
/** POST /{slug}/appeals/{id}/events: a step in an appeal's life. */
const eventForm = z.object({
  type: formText,
  on: formText,
  classification: formText,
  days: formNumber,
  notice: formText,
  toAuthorityId: formNumber,
  reason: formText,
  reference: formText,
  dated: formText,
  text: formText,
});

export async function appealPageRoutes(app: FastifyInstance) {
  // The pages read through the reader; the forms write through their services (app.ctx).
  const reads = () => readContext(app.ctx);
  const db = () => app.ctx.dialect.reader;
  const bodyEnv = (request: FastifyRequest, reply: FastifyReply, slug: string) =>
    loadBodyEnv(app, request, reply, slug, 'appeals');

  async function clerkData(request: FastifyRequest, slug: string, notice: FormNotice): Promise<ClerkData> {
    const members = (await listMembers(db(), slug)).filter((m) => m.memberId !== null && m.name !== null);
    return {
      csrfToken: request.csrfToken,
      notice,
      authorities: await listAuthorities(db(), slug),
      decisions: (await listDecisions(db(), slug, { limit: 500, offset: 0 })).items.map((d) => ({
        id: d.id,
        title: d.motion.title,
        adoptedOn: d.adoptedOn,
        registerNumber: d.registerNumber,
      })),
      members: members.map((m) => ({ memberId: m.memberId!, name: m.name! })),
      attention: (await appealsNeedingAttention(reads(), request.actor, slug)).items,
    };
  }

  const noticeOf = (env: PageEnv): FormNotice => (env.query.get('saved') === '1' ? { kind: 'saved' } : null);

  async function listPage(
    request: FastifyRequest<{ Params: { slug: string } }>,
    reply: FastifyReply,
    notice: FormNotice | undefined,
    status = 200,
  ) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug);
    const asked = env.query.get('status');
    const filter =
      asked !== null && (APPEAL_STATUSES as readonly string[]).includes(asked) ? (asked as AppealStatus) : null;
    const all = await listAppeals(reads(), body.slug, { limit: 100_000, offset: 0 });
    const counts: Partial<Record<AppealStatus, number>> = {};
    for (const a of all.items) counts[a.status.status] = (counts[a.status.status] ?? 0) + 1;
    const items = filter === null ? all.items : all.items.filter((a) => a.status.status === filter);
    const clerk = can(request.actor, 'appeal.manage', body.id);
    const section = clerk ? (
      <ClerkAppealsSection slug={body.slug} data={await clerkData(request, body.slug, notice ?? noticeOf(env))} />
    ) : null;
    const element: ReactElement = (
      <AppealsPage
        slug={body.slug}
        data={{ total: items.length, today: all.today, items, counts, filter }}
        clerk={section}
      />
    );
    return renderPage(reply, element, {
      env,
      title: `${env.t('appeals.title')} — ${bodyName}`,
      status,
      ...(clerk ? { cacheControl: 'private, no-store' } : {}),
      alternates: [
        {
          href: `/export/${encodeURIComponent(body.slug)}/feed.atom`,
          type: 'application/atom+xml',
          title: env.t('appeals.feed'),
        },
      ],
    });
  }

  async function appealPage(
    request: FastifyRequest<{ Params: { slug: string; id: string } }>,
    reply: FastifyReply,
    notice: FormNotice | undefined,
    status = 200,
  ) {
    const { body, env, bodyName } = await bodyEnv(request, reply, request.params.slug);
    const appeal = await getAppeal(reads(), body.slug, pageParams(idPageParams, request.params).id);
    const clerk = can(request.actor, 'appeal.manage', body.id);
    const section = clerk ? (
      <ClerkAppealSection
        slug={body.slug}
        appealId={appeal.id}
        data={await clerkData(request, body.slug, notice ?? noticeOf(env))}
      />
    ) : null;
    return renderPage(reply, <AppealPage slug={body.slug} appeal={appeal} clerk={section} />, {
      env,
      title: `${appeal.title} — ${bodyName}`,
      status,
      ...(clerk ? { cacheControl: 'private, no-store' } : {}),
    });
  }

  /** Runs a form's use case; a refusal re-renders the page with the reason, a success moves on. */
  async function submit(
    reply: FastifyReply,
    work: () => Promise<string>,
    again: (notice: FormNotice, status: number) => Promise<FastifyReply>,
  ) {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      if (err instanceof ServiceError && err.kind !== 'unauthenticated' && err.kind !== 'not_found')
        return again({ kind: 'error', message: err.message }, STATUS[err.kind]);
      throw err;
    }
    return reply.code(303).header('location', next).send();
  }

  app.get<{ Params: { slug: string } }>('/:slug/appeals', (request, reply) => listPage(request, reply, undefined));
  app.get<{ Params: { slug: string; id: string } }>('/:slug/appeals/:id', (request, reply) =>
    appealPage(request, reply, undefined),
  );

  const form = { bodyLimit: APPEAL_FORM_LIMIT };

  app.post<{ Params: { slug: string } }>('/:slug/appeals', form, function draftAppealSubmit(request, reply) {
    return submit(
      reply,
      async () => {
        const f = formFields(draftForm, request.body);
        const input: DraftAppealInput = {
          title: f.title ?? '',
          summary: f.summary,
          authorityId: f.authorityId ?? 0,
          decisionId: f.decisionId,
          sender: f.sender === null ? { kind: 'body' } : { kind: 'member', memberId: f.sender },
          channel: f.channel as DraftAppealInput['channel'],
          reference: f.reference,
          personalDetails: f.personalDetails,
        };
        const created = await draftAppeal(app.ctx, request.actor, request.params.slug, input);
        return `/${encodeURIComponent(request.params.slug)}/appeals/${created.id}?saved=1#clerk`;
      },
      (notice, status) => listPage(request, reply, notice, status),
    );
  });

  app.post<{ Params: { slug: string } }>('/:slug/authorities', form, function addAuthoritySubmit(request, reply) {
    return submit(
      reply,
      async () => {
        const f = formFields(authorityForm, request.body);
        const names: { en?: string; ru?: string } = {};
        if (f.nameEn) names.en = f.nameEn;
        if (f.nameRu) names.ru = f.nameRu;
        await addAuthority(app.ctx, request.actor, request.params.slug, {
          names,
          address: f.address,
          rule: f.rule ?? '',
        });
        return `/${encodeURIComponent(request.params.slug)}/appeals?saved=1#clerk`;
      },
      (notice, status) => listPage(request, reply, notice, status),
    );
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/appeals/:id/events',
    form,
    function appealEventSubmit(request, reply) {
      return submit(
        reply,
        async () => {
          const f = formFields(eventForm, request.body);
          const { id } = pageParams(idPageParams, request.params);
          const input: AppealEventInput = {
            ...f,
            type: (f.type ?? '') as AppealEventInput['type'],
            classification: f.classification as AppealEventInput['classification'],
          };
          await recordAppealEvent(app.ctx, request.actor, request.params.slug, id, input);
          return `/${encodeURIComponent(request.params.slug)}/appeals/${id}?saved=1#clerk`;
        },
        (notice, status) => appealPage(request, reply, notice, status),
      );
    },
  );
}
