// The clerk's office for a decision's later life (issue 17, item 3), forms working without JavaScript:
//   GET  /{slug}/office/decisions/{id}          the timeline so far and the form
//   POST /{slug}/office/decisions/{id}/events   record one event (services/decision-events.ts)
// The form posts the session's CSRF token (checked by plugins/auth.ts before a handler runs) and
// calls the same use case as the JSON API under its policy (`decision.record_event`); a refusal
// re-renders the page with its reason and the values sent, and stores nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { authorize, can } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import { decisionEventInput, recordDecisionEvent } from '../../services/decision-events.ts';
import { getDecision } from '../../services/decision-reads.ts';
import { CATALOGS, type MessageKey } from '../../domain/i18n/translate.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, idPageParams, loadBodyEnv, pageParams } from './page-kit.tsx';
import { formInput, MAX_TEXT, PAGE_ERRORS, problemOf, toSignIn } from './office-form-kit.ts';
import { STATUS } from '../plugins/errors.ts';
import type { OfficeNotice } from './office-forms.tsx';
import { DecisionOfficePage, type DecisionFormValues } from './decision-office.tsx';

const FIELDS = [
  'type',
  'on',
  'by',
  'source',
  'reasons',
  'vote',
  'place',
  'bulletin',
  'issue',
  'url',
  'decision',
  'court',
  'caseNumber',
] as const;
const eventForm = z.object(
  Object.fromEntries(FIELDS.map((f) => [f, formText])) as Record<(typeof FIELDS)[number], typeof formText>,
);

/** A row id typed in a field: a number when it is one, else the text (the schema refuses it on the field). */
const idOf = (v: string | null) => (v === null ? null : /^[1-9]\d{0,9}$/.test(v) ? Number(v) : v);

export async function decisionPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;
  type DecisionRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;
  const decisionId = (request: DecisionRequest) => pageParams(idPageParams, request.params).id;

  async function officePage(
    request: DecisionRequest,
    reply: FastifyReply,
    state: { notice: OfficeNotice; values: DecisionFormValues },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    const data = await getDecision(reader(), body.slug, decisionId(request));
    const notice =
      state.notice ??
      (env.query.get('saved') === '1'
        ? {
            kind: 'saved' as const,
            message: env.t('decision.form_recorded', { status: env.t(`decision_status.${data.status}` as MessageKey) }),
          }
        : null);
    return renderPage(
      reply,
      <DecisionOfficePage
        slug={body.slug}
        data={data}
        notice={notice}
        values={state.values}
        csrfToken={request.csrfToken}
      />,
      { env, title: `${env.t('decision.form_title')} — ${bodyName}`, status, cacheControl: 'private, no-store' },
    );
  }

  app.get<{ Params: { slug: string; id: string } }>(
    '/:slug/office/decisions/:id',
    async function decisionOffice(request, reply) {
      const body = await findBody(reader(), request.params.slug);
      if (!request.actor) return toSignIn(request, reply);
      if (!can(request.actor, 'decision.record_event', body.id))
        throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow decision.record_event');
      return officePage(request, reply, { notice: null, values: {} });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/decisions/:id/events',
    async function decisionEventSubmit(request, reply) {
      const f = formFields(eventForm, request.body);
      const id = decisionId(request);
      const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, (v ?? '').slice(0, MAX_TEXT)]));
      try {
        // Who may act is decided before any field is read (401 or 403, the error page).
        const body = await findBody(reader(), request.params.slug);
        authorize(request.actor, 'decision.record_event', body.id);
        const input = formInput(decisionEventInput, { ...f, vote: idOf(f.vote), decision: idOf(f.decision) });
        await recordDecisionEvent(app.ctx, request.actor, request.params.slug, id, input);
      } catch (err) {
        if (!(err instanceof ServiceError) || PAGE_ERRORS.has(err.kind)) throw err;
        // The use case's refusals are worded in the page's language, by their stable code.
        const { env } = await loadBodyEnv(app, request, reply, request.params.slug, null);
        const problem = problemOf(err, 'on');
        const key = `decision.problem.${err.code}`;
        if (problem && key in CATALOGS.en) problem.message = env.t(key as MessageKey);
        return officePage(request, reply, { notice: { kind: 'error', problem }, values }, STATUS[err.kind]);
      }
      return reply
        .code(303)
        .header('location', `/${encodeURIComponent(request.params.slug)}/office/decisions/${id}?saved=1`)
        .header('cache-control', 'no-store')
        .send();
    },
  );
}
