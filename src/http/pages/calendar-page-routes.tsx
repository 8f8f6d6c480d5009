// The clerk's sittings calendar as pages (issue 16, items 1 and 3):
//   GET  /{slug}/office/sittings                      the calendar and the form to schedule a sitting
//   POST /{slug}/office/sittings                      schedule a sitting (with its agenda, one item a line)
//   POST /{slug}/office/sittings/{id}/reschedule      move it, with the reason
//   POST /{slug}/office/sittings/{id}/cancel          cancel it, with the reason
//   POST /{slug}/office/sittings/{id}/notice          publish its notice now
//   POST /{slug}/office/sittings/{id}/title           its title in another of the body's languages
// Every form posts the session's CSRF token (checked by plugins/auth.ts) and calls the same use case
// as the JSON API, under the same policy (`sitting.manage`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize, can, type Actor } from '../../services/policy.ts';
import { findBody, bodyRules } from '../../services/bodies.ts';
import { scheduleSitting, scheduleSittingInput } from '../../services/sittings.ts';
import {
  cancelSitting,
  cancelSittingInput,
  officeSittings,
  publishNotice,
  rescheduleSitting,
  rescheduleSittingInput,
} from '../../services/sitting-calendar.ts';
import { ServiceError } from '../../services/service-error.ts';
import { instantOfWallTime } from '../../domain/i18n/format-dates.ts';
import { formFields, formNumber, formText, loadBodyEnv } from './page-kit.tsx';
import { fieldProblem, formInput, submitOfficeForm, toSignIn } from './office-form-kit.ts';
import { renderPage } from './render-page.tsx';
import type { OfficeNotice } from './office-forms.tsx';
import { addRecordText, addRecordTextInput } from '../../services/record-texts.ts';
import { BODY_LANGUAGES, parseJsonColumn } from '../../services/json-columns.ts';
import type { MessageKey } from '../../domain/i18n/translate.ts';
import { BLANK_SCHEDULE, CalendarPage, type CalendarForm, type ScheduleValues } from './calendar-pages.tsx';

const scheduleForm = z.object({
  title: formText,
  date: formText,
  time: formText,
  place: formText,
  kind: formText,
  convenedBy: formText,
  agenda: formText,
  lang: formText,
});
const rescheduleForm = z.object({ date: formText, time: formText, place: formText, reason: formText });
const reasonForm = z.object({ reason: formText });
const noticeForm = z.object({ secondConvocation: formText });
const titleForm = z.object({ lang: formText, text: formText });
const sittingParams = z.object({ slug: z.string(), id: formNumber });

/** Agenda lines: at most this many on the form. */
const MAX_AGENDA_LINES = 500;

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;
type SittingRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;

export async function calendarPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;

  async function calendarPage(
    request: SlugRequest,
    reply: FastifyReply,
    state: { values: ScheduleValues; form: CalendarForm; notice: OfficeNotice },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    const rules = bodyRules(body);
    const saved = env.query.get('saved');
    const notice =
      state.notice ??
      (saved && Object.hasOwn(SAVED, saved) ? { kind: 'saved' as const, message: env.t(SAVED[saved]!) } : null);
    return renderPage(
      reply,
      <CalendarPage
        slug={body.slug}
        bodyName={bodyName}
        timeZone={body.time_zone}
        noticeRule={rules.notice ?? null}
        secondConvocation={rules.quorum.secondConvocationQuorate === true}
        languages={parseJsonColumn(BODY_LANGUAGES, body.languages)}
        sittings={await officeSittings(reader(), body.id)}
        values={state.values}
        form={state.notice ? state.form : null}
        notice={notice}
        csrfToken={request.csrfToken}
      />,
      { env, title: env.t('office.sittings_title', { body: bodyName }), status, cacheControl: 'private, no-store' },
    );
  }

  /** The calendar is for those who may manage sittings; others get the error page, not the forms. */
  async function mayManage(request: SlugRequest) {
    const body = await findBody(reader(), request.params.slug);
    authorize(request.actor, 'sitting.manage', body.id);
    return body;
  }

  app.get<{ Params: { slug: string } }>('/:slug/office/sittings', async function calendarOffice(request, reply) {
    const body = await findBody(reader(), request.params.slug);
    if (!request.actor) return toSignIn(request, reply);
    if (!can(request.actor as Actor, 'sitting.manage', body.id))
      throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow sitting.manage');
    return calendarPage(request, reply, { values: BLANK_SCHEDULE, form: null, notice: null });
  });

  const here = (request: SlugRequest) => `/${encodeURIComponent(request.params.slug)}/office/sittings`;

  app.post<{ Params: { slug: string } }>('/:slug/office/sittings', async function scheduleSubmit(request, reply) {
    const f = formFields(scheduleForm, request.body);
    const values: ScheduleValues = {
      title: (f.title ?? '').slice(0, 500),
      date: (f.date ?? '').slice(0, 10),
      time: (f.time ?? '').slice(0, 5),
      place: (f.place ?? '').slice(0, 500),
      kind: f.kind === 'extraordinary' ? 'extraordinary' : 'ordinary',
      convenedBy: (f.convenedBy ?? '').slice(0, 500),
      agenda: (f.agenda ?? '').slice(0, 100_000),
      lang: (f.lang ?? '').slice(0, 3),
    };
    return submitOfficeForm(
      reply,
      async () => {
        // Who may act is decided first: a refused actor learns nothing about the fields.
        const body = await mayManage(request);
        if (!f.title) throw fieldProblem('title', 'a sitting needs a title');
        if (!f.date || !/^\d{4}-\d{2}-\d{2}$/.test(f.date))
          throw fieldProblem('date', 'a sitting is on a day, YYYY-MM-DD');
        const startsAt = wallTime(f.date, f.time, body.time_zone);
        const agenda = (f.agenda ?? '')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean);
        if (agenda.length > MAX_AGENDA_LINES)
          throw fieldProblem('agenda', `at most ${MAX_AGENDA_LINES} agenda items at once`);
        const input = formInput(scheduleSittingInput, {
          title: f.title,
          date: f.date,
          startsAt,
          place: f.place,
          kind: values.kind,
          convenedBy: f.convenedBy,
          agenda,
          lang: f.lang,
        });
        const { id } = await scheduleSitting(app.ctx, request.actor, request.params.slug, input);
        return `${here(request)}?saved=scheduled#sitting-${id}`;
      },
      (notice, status) => calendarPage(request, reply, { values, form: { name: 'schedule' }, notice }, status),
      'date',
    );
  });

  /** The sitting a form acts on; an address that is not a sitting number is a 404. */
  function sittingOf(request: SittingRequest) {
    const id = formFields(sittingParams, request.params).id;
    if (id === null) throw new ServiceError('not_found', 'sitting_not_found', 'no such sitting');
    return id;
  }

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/reschedule',
    async function rescheduleSubmit(request, reply) {
      const f = formFields(rescheduleForm, request.body);
      const sitting = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          const body = await mayManage(request);
          if (!f.date || !/^\d{4}-\d{2}-\d{2}$/.test(f.date))
            throw fieldProblem('date', 'a sitting is rescheduled to a day, YYYY-MM-DD');
          if (!f.reason) throw fieldProblem('reason', 'give the reason');
          const input = formInput(rescheduleSittingInput, {
            date: f.date,
            startsAt: wallTime(f.date, f.time, body.time_zone),
            place: f.place,
            reason: f.reason,
          });
          await rescheduleSitting(app.ctx, request.actor, request.params.slug, sitting, input);
          return `${here(request)}?saved=rescheduled#sitting-${sitting}`;
        },
        (notice, status) =>
          calendarPage(
            request,
            reply,
            { values: BLANK_SCHEDULE, form: { name: 'reschedule', sitting }, notice },
            status,
          ),
        'date',
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/cancel',
    async function cancelSubmit(request, reply) {
      const f = formFields(reasonForm, request.body);
      const sitting = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          if (!f.reason) throw fieldProblem('reason', 'give the reason');
          await cancelSitting(
            app.ctx,
            request.actor,
            request.params.slug,
            sitting,
            formInput(cancelSittingInput, { reason: f.reason }),
          );
          return `${here(request)}?saved=cancelled`;
        },
        (notice, status) =>
          calendarPage(request, reply, { values: BLANK_SCHEDULE, form: { name: 'cancel', sitting }, notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/notice',
    async function noticeSubmit(request, reply) {
      const f = formFields(noticeForm, request.body);
      const sitting = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const { inTime } = await publishNotice(app.ctx, request.actor, request.params.slug, sitting, {
            secondConvocationWarning: f.secondConvocation === '1',
          });
          return `${here(request)}?saved=${inTime === false ? 'notice_late' : 'notice'}#sitting-${sitting}`;
        },
        (notice, status) =>
          calendarPage(request, reply, { values: BLANK_SCHEDULE, form: { name: 'notice', sitting }, notice }, status),
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/sittings/:id/title',
    async function titleSubmit(request, reply) {
      const f = formFields(titleForm, request.body);
      const sitting = sittingOf(request);
      return submitOfficeForm(
        reply,
        async () => {
          await mayManage(request);
          const input = formInput(addRecordTextInput, {
            target: { type: 'sitting', id: sitting },
            field: 'title',
            lang: f.lang ?? '',
            text: f.text ?? '',
          });
          await addRecordText(app.ctx, request.actor, request.params.slug, input);
          return `${here(request)}?saved=title#sitting-${sitting}`;
        },
        (notice, status) =>
          calendarPage(request, reply, { values: BLANK_SCHEDULE, form: { name: 'title', sitting }, notice }, status),
      );
    },
  );
}

/** The start instant from the form's day and time (the body's clocks); no time, no instant. */
function wallTime(day: string, time: string | null, timeZone: string): string | null {
  if (time === null) return null;
  const at = instantOfWallTime(day, time, timeZone);
  if (at === null) throw fieldProblem('time', 'a time is HH:MM');
  return at;
}

const SAVED: Record<string, MessageKey> = {
  scheduled: 'office.sitting_scheduled',
  rescheduled: 'office.sitting_rescheduled',
  cancelled: 'office.sitting_cancelled',
  notice: 'office.sitting_notice_published',
  notice_late: 'office.sitting_notice_published_late',
  title: 'office.sitting_title_added',
};
