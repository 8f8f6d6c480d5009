// The clerk's office, part one (issue 15, items 2 and 3; the first run is setup-page-routes.tsx), as server-rendered pages whose forms work
// without JavaScript:
//   GET /office                           the councils one may set up or staff
//   GET /office/bodies/new, POST /office/bodies      a new council (site administrators)
//   GET /{slug}/office                    seats, terms, mandates; POST …/seats, …/vacate, …/terms,
//                                         …/import (a roster CSV: checked and shown, then stored),
//                                         …/committees (a committee of the body, item 5; a
//                                         committee's own seats are filled from the parent's members)
// Every form posts the session's CSRF token (checked by plugins/auth.ts before a handler runs) and
// calls the same use case as the JSON API, under the same policy; a refusal re-renders the form
// with its reason tied to the field it concerns, and changes nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { authorize, authorizeSiteAdmin, can, type Actor } from '../../services/policy.ts';
import { createBodyFromOffice, officeBodies } from '../../services/office.ts';
import { bodyRules, fillSeat, findBody, vacateSeat } from '../../services/bodies.ts';
import { committeeLinks, establishCommittee, parentMembersFree } from '../../services/committees.ts';
import { importRoster, parseRoster } from '../../services/roster-import.ts';
import { rosterView } from '../../services/roster-reads.ts';
import { addTerm, listTerms } from '../../services/terms.ts';
import { INVITATION_DAYS } from '../../services/invitations.ts';
import { isMandateEndReason } from '../../domain/roster/mandate-end.ts';
import { STATUS } from '../plugins/errors.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, loadBodyEnv } from './page-kit.tsx';
import {
  CONTROL,
  fieldProblem,
  MAX_TEXT,
  PAGE_ERRORS,
  plainText,
  problemOf,
  siteEnv,
  toSignIn,
} from './office-form-kit.ts';
import multipart from '@fastify/multipart';
import {
  NewBodyPage,
  OfficeHome,
  RosterPage,
  type NewBodyValues,
  type NewCommitteeValues,
  type RosterReport,
} from './office-pages.tsx';
import type { OfficeNotice } from './office-forms.tsx';
import type { MessageKey } from '../../domain/i18n/translate.ts';

/** The roster upload: the limits stated on the page. */
export const ROSTER_MAX_BYTES = 64 * 1024;
export const ROSTER_MAX_ROWS = 2_000;
/** A multipart upload, or its confirmation carrying the checked CSV (urlencoded, up to ~6× larger). */
const ROSTER_FORM_LIMIT = 8 * ROSTER_MAX_BYTES;
const newBodyForm = z.object({
  slug: formText,
  nameEn: formText,
  nameRu: formText,
  jurisdiction: formText,
  timeZone: formText,
  languages: z
    .unknown()
    .optional()
    .transform((v) => (Array.isArray(v) ? v : typeof v === 'string' ? [v] : [])),
  establishedSeats: formText,
  preset: formText,
  makeMeAdmin: formText,
});
const fillForm = z.object({
  seat: formText,
  nameEn: formText,
  nameRu: formText,
  startsOn: formText,
  parentMember: formText,
});
const committeeForm = z.object({
  slug: formText,
  nameEn: formText,
  nameRu: formText,
  establishedSeats: formText,
  preset: formText,
});
const vacateForm = z.object({ seat: formText, endsOn: formText, reason: formText });
const termForm = z.object({ startsOn: formText, endsOn: formText });
const importForm = z.object({ roster: z.unknown().optional(), csv: z.unknown().optional(), confirm: formText });

const seatNumber = (v: string | null) => (v !== null && /^[1-9]\d{0,4}$/.test(v) ? Number(v) : 0);

export async function officePageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;

  /**
   * Runs a form's use case; a refusal of the form's content re-renders the form with its reason, a
   * success moves on (303). Not signed in, not allowed or no such body: the error page (401/403/404),
   * which shows nothing of the form to someone who may not use it.
   */
  async function submit(
    reply: FastifyReply,
    work: () => Promise<string>,
    again: (notice: OfficeNotice, status: number) => Promise<FastifyReply> | FastifyReply,
    dateField: string | null = null,
  ) {
    let next: string;
    try {
      next = await work();
    } catch (err) {
      if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind))
        return again({ kind: 'error', problem: problemOf(err, dateField) }, STATUS[err.kind]);
      throw err;
    }
    return reply.code(303).header('location', next).header('cache-control', 'no-store').send();
  }

  // --- The office --------------------------------------------------------------------------------

  app.get('/office', async function officeHome(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    const env = siteEnv(request, reply);
    const bodies = await officeBodies(reader(), request.actor);
    return renderPage(reply, <OfficeHome bodies={bodies} siteAdmin={request.actor.siteAdmin} />, {
      env,
      title: env.t('office.title'),
      cacheControl: 'private, no-store',
    });
  });

  const blankBody: NewBodyValues = {
    slug: '',
    nameEn: '',
    nameRu: '',
    jurisdiction: '',
    timeZone: 'Europe/Moscow',
    languages: ['ru', 'en'],
    establishedSeats: '',
    preset: 'ru-33fz',
    makeMeAdmin: true,
  };

  function newBodyPage(
    request: FastifyRequest,
    reply: FastifyReply,
    values: NewBodyValues,
    notice: OfficeNotice,
    status: number,
  ) {
    const env = siteEnv(request, reply);
    return renderPage(reply, <NewBodyPage values={values} notice={notice} csrfToken={request.csrfToken} />, {
      env,
      title: env.t('newbody.title'),
      status,
      cacheControl: 'private, no-store',
    });
  }

  app.get('/office/bodies/new', async function newBodyForm_(request, reply) {
    if (!request.actor) return toSignIn(request, reply);
    authorizeSiteAdmin(request.actor);
    return newBodyPage(request, reply, blankBody, null, 200);
  });

  app.post('/office/bodies', async function newBodySubmit(request, reply) {
    const f = formFields(newBodyForm, request.body);
    const env = siteEnv(request, reply);
    const languages = f.languages.filter((l): l is 'en' | 'ru' => l === 'en' || l === 'ru');
    const values: NewBodyValues = {
      slug: (f.slug ?? '').slice(0, 64),
      nameEn: (f.nameEn ?? '').slice(0, MAX_TEXT),
      nameRu: (f.nameRu ?? '').slice(0, MAX_TEXT),
      jurisdiction: (f.jurisdiction ?? '').slice(0, MAX_TEXT),
      timeZone: (f.timeZone ?? '').slice(0, 64),
      languages,
      establishedSeats: (f.establishedSeats ?? '').slice(0, 5),
      preset: f.preset ?? '',
      makeMeAdmin: f.makeMeAdmin === '1',
    };
    const msg = (key: MessageKey, params?: Record<string, string | number>) => env.t(key, params);
    return submit(
      reply,
      async () => {
        // Who may act is decided first: a refused actor learns nothing about the fields.
        authorizeSiteAdmin(request.actor);
        const tooLong = msg('newbody.problem.too_long', { max: MAX_TEXT });
        const nameEn = plainText(f.nameEn, 'nameEn', tooLong);
        const nameRu = plainText(f.nameRu, 'nameRu', tooLong);
        const jurisdiction = plainText(f.jurisdiction, 'jurisdiction', tooLong);
        if (!nameEn && !nameRu) throw fieldProblem('nameRu', msg('newbody.problem.names'));
        if (languages.length === 0) throw fieldProblem('languages', msg('newbody.problem.languages'));
        const timeZone = f.timeZone ?? '';
        if (timeZone.length > 64 || CONTROL.test(timeZone))
          throw fieldProblem('timeZone', msg('newbody.problem.time_zone'));
        const seats =
          f.establishedSeats !== null && /^\d{1,5}$/.test(f.establishedSeats) ? Number(f.establishedSeats) : 0;
        const names: Record<string, string> = {};
        if (nameRu) names.ru = nameRu;
        if (nameEn) names.en = nameEn;
        const created = await createBodyFromOffice(
          app.ctx,
          request.actor,
          {
            slug: f.slug ?? '',
            names,
            jurisdiction,
            establishedSeats: seats,
            rules: f.preset ?? '',
            languages: [...new Set(languages)],
            timeZone,
          },
          { makeCreatorAdmin: values.makeMeAdmin },
        );
        return `/${encodeURIComponent(created.slug)}/office?saved=1`;
      },
      (notice, status) => {
        if (notice?.kind === 'error' && notice.problem?.field === 'timeZone')
          notice = { kind: 'error', problem: { field: 'timeZone', message: msg('newbody.problem.time_zone') } };
        return newBodyPage(request, reply, values, notice, status);
      },
    );
  });

  // --- A body's roster ---------------------------------------------------------------------------

  type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

  async function rosterPage(
    request: SlugRequest,
    reply: FastifyReply,
    state: {
      notice: OfficeNotice;
      form: 'fill' | 'vacate' | 'import' | 'term' | 'committee' | null;
      report: RosterReport | null;
      committee?: NewCommitteeValues;
    },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    const actor = request.actor as Actor;
    const [roster, terms, links] = [
      await rosterView(reader(), body.id, body.established_seats),
      await listTerms(reader(), body.id),
      await committeeLinks(reader(), body),
    ];
    const committee = links.parent
      ? { parent: links.parent, freeMembers: await parentMembersFree(reader(), body) }
      : null;
    const committees = links.parent
      ? null
      : {
          list: links.committees,
          form: can(actor, 'committee.establish', body.id)
            ? {
                maxSeats: body.established_seats,
                values: state.committee ?? {
                  slug: `${body.slug}-`,
                  nameEn: '',
                  nameRu: '',
                  establishedSeats: '',
                  preset: bodyRules(body).preset ?? '',
                },
              }
            : null,
        };
    const notice = state.notice ?? (env.query.get('saved') === '1' ? { kind: 'saved' as const } : null);
    return renderPage(
      reply,
      <RosterPage
        slug={body.slug}
        roster={roster}
        terms={terms}
        canConfigure={can(actor, 'body.configure', body.id)}
        canManageRoster={can(actor, 'roster.manage', body.id)}
        canInvite={can(actor, 'member.invite', body.id)}
        canManageRoles={actor.siteAdmin || can(actor, 'role.manage', body.id)}
        invitationDays={INVITATION_DAYS}
        mail={app.mail !== null}
        notice={notice}
        form={state.notice ? state.form : notice ? 'fill' : null}
        report={state.report}
        csrfToken={request.csrfToken}
        limits={{ rows: ROSTER_MAX_ROWS, kib: ROSTER_MAX_BYTES / 1024 }}
        committee={committee}
        committees={committees}
      />,
      {
        env,
        title: `${env.t(links.parent ? 'committee.roster_title' : 'roster.title')} — ${bodyName}`,
        status,
        cacheControl: 'private, no-store',
      },
    );
  }

  /** The office page of a body is for those who may staff or configure it. */
  app.get<{ Params: { slug: string } }>('/:slug/office', async function rosterOffice(request, reply) {
    const body = await findBody(reader(), request.params.slug);
    if (!request.actor) return toSignIn(request, reply);
    if (
      !can(request.actor, 'roster.manage', body.id) &&
      !can(request.actor, 'body.configure', body.id) &&
      !can(request.actor, 'committee.establish', body.id)
    )
      throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow roster.manage');
    return rosterPage(request, reply, { notice: null, form: null, report: null });
  });

  const base = (request: SlugRequest) => `/${encodeURIComponent(request.params.slug)}/office`;

  app.post<{ Params: { slug: string } }>('/:slug/office/seats', async function fillSeatSubmit(request, reply) {
    const f = formFields(fillForm, request.body);
    return submit(
      reply,
      async () => {
        const nameEn = plainText(f.nameEn, 'nameEn', 'at most 300 characters, no control characters');
        const nameRu = plainText(f.nameRu, 'nameRu', 'at most 300 characters, no control characters');
        await fillSeat(app.ctx, request.actor, request.params.slug, {
          seatNumber: seatNumber(f.seat),
          person: nameEn || nameRu ? { nameEn, nameRu } : null,
          startsOn: f.startsOn,
          // A committee's seat names a mandate of its parent; anything but a number names none (refused).
          ...(f.parentMember !== null
            ? { parentMember: /^[1-9]\d{0,15}$/.test(f.parentMember) ? Number(f.parentMember) : Number.NaN }
            : {}),
        });
        return `${base(request)}?saved=1#seats`;
      },
      (notice, status) => rosterPage(request, reply, { notice, form: 'fill', report: null }, status),
      'startsOn',
    );
  });

  app.post<{ Params: { slug: string } }>('/:slug/office/vacate', async function vacateSubmit(request, reply) {
    const f = formFields(vacateForm, request.body);
    return submit(
      reply,
      async () => {
        await vacateSeat(app.ctx, request.actor, request.params.slug, {
          seatNumber: seatNumber(f.seat),
          endsOn: f.endsOn ?? '',
          // An unknown reason reaches the use case as sent, which refuses it.
          reason: isMandateEndReason(f.reason) ? f.reason : ((f.reason ?? 'none') as never),
        });
        return `${base(request)}?saved=1#ended`;
      },
      (notice, status) => rosterPage(request, reply, { notice, form: 'vacate', report: null }, status),
      'endsOn',
    );
  });

  app.post<{ Params: { slug: string } }>('/:slug/office/terms', async function termSubmit(request, reply) {
    const f = formFields(termForm, request.body);
    return submit(
      reply,
      async () => {
        await addTerm(app.ctx, request.actor, request.params.slug, { startsOn: f.startsOn ?? '', endsOn: f.endsOn });
        return `${base(request)}?saved=1#terms`;
      },
      (notice, status) => rosterPage(request, reply, { notice, form: 'term', report: null }, status),
      'startsOn',
    );
  });

  app.post<{ Params: { slug: string } }>('/:slug/office/committees', async function committeeSubmit(request, reply) {
    const f = formFields(committeeForm, request.body);
    const values: NewCommitteeValues = {
      slug: (f.slug ?? '').slice(0, 64),
      nameEn: (f.nameEn ?? '').slice(0, MAX_TEXT),
      nameRu: (f.nameRu ?? '').slice(0, MAX_TEXT),
      establishedSeats: (f.establishedSeats ?? '').slice(0, 5),
      preset: (f.preset ?? '').slice(0, 64),
    };
    return submit(
      reply,
      async () => {
        // Who may act is decided first: a refused actor learns nothing about the fields.
        const body = await findBody(reader(), request.params.slug);
        authorize(request.actor, 'committee.establish', body.id);
        const env = siteEnv(request, reply);
        const tooLong = env.t('newbody.problem.too_long', { max: MAX_TEXT });
        const nameEn = plainText(f.nameEn, 'nameEn', tooLong);
        const nameRu = plainText(f.nameRu, 'nameRu', tooLong);
        if (!nameEn && !nameRu) throw fieldProblem('nameRu', env.t('newbody.problem.names'));
        const names: Record<string, string> = {};
        if (nameRu) names.ru = nameRu;
        if (nameEn) names.en = nameEn;
        const seats =
          f.establishedSeats !== null && /^\d{1,5}$/.test(f.establishedSeats) ? Number(f.establishedSeats) : 0;
        const created = await establishCommittee(app.ctx, request.actor, request.params.slug, {
          slug: f.slug ?? '',
          names,
          establishedSeats: seats,
          preset: f.preset || null,
        });
        return `/${encodeURIComponent(created.slug)}/office?saved=1`;
      },
      (notice, status) =>
        rosterPage(request, reply, { notice, form: 'committee', report: null, committee: values }, status),
    );
  });

  // The upload: multipart/form-data, read by @fastify/multipart in this scope only (no other page
  // takes it). Every part becomes a text field of the body; a file's name and type are ignored (the
  // use case checks the content). Limits: one file of at most ROSTER_FORM_LIMIT bytes (over it: 413;
  // over ROSTER_MAX_BYTES: the page says so), at most 20 parts, short field names and values.
  await app.register(multipart, {
    limits: {
      fieldNameSize: 100,
      fieldSize: 4096,
      fields: 20,
      fileSize: ROSTER_FORM_LIMIT,
      files: 1,
      parts: 20,
      headerPairs: 20,
    },
  });
  // The parts become the body's text fields before the CSRF check reads `_csrf` (a preHandler); a
  // name sent twice keeps its first value. A body the reader cannot read is a 400 with a code;
  // its own limits answer 413.
  app.addHook('preValidation', async (request) => {
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = Object.create(null);
    try {
      for await (const part of request.parts()) {
        const value = part.type === 'file' ? (await part.toBuffer()).toString('utf8') : String(part.value);
        if (!(part.fieldname in fields)) fields[part.fieldname] = value;
      }
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 413) throw err;
      throw Object.assign(new Error(`the form upload could not be read: ${(err as Error).message}`), {
        statusCode: 400,
        code: 'bad_multipart',
      });
    }
    request.body = { ...fields };
  });

  app.post<{ Params: { slug: string } }>(
    '/:slug/office/import',
    { bodyLimit: ROSTER_FORM_LIMIT },
    async function importSubmit(request, reply) {
      const f = formFields(importForm, request.body);
      const confirm = f.confirm === '1';
      const csv = typeof (confirm ? f.csv : f.roster) === 'string' ? ((confirm ? f.csv : f.roster) as string) : '';
      const env = (await loadBodyEnv(app, request, reply, request.params.slug, null)).env;
      const again = (notice: OfficeNotice, status: number, report: RosterReport | null = null) =>
        rosterPage(request, reply, { notice, form: 'import', report }, status);
      const refuse = (message: string) => again({ kind: 'error', problem: { field: 'roster', message } }, 400);
      try {
        const body = await findBody(reader(), request.params.slug);
        authorize(request.actor, 'roster.manage', body.id);
        if (Buffer.byteLength(csv, 'utf8') > ROSTER_MAX_BYTES || csv.length === 0 || csv.includes('\u0000'))
          return refuse(env.t('roster.problem.file', { message: `0 to ${ROSTER_MAX_BYTES} bytes of text` }));
        let records: string[][];
        try {
          records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true });
        } catch (err) {
          return refuse(env.t('roster.problem.file', { message: (err as Error).message.slice(0, 300) }));
        }
        if (records.length - 1 > ROSTER_MAX_ROWS)
          return refuse(env.t('roster.problem.too_many_rows', { rows: ROSTER_MAX_ROWS }));
        const { rows, problems } = parseRoster(records);
        // Every row is checked against the record (a dry run) before anything is stored.
        // The rows that parse are checked against the record too, so one report names every bad row.
        const checked = [
          ...problems,
          ...(await importRoster(app.ctx, request.actor, request.params.slug, rows, { dryRun: true })).problems,
        ].sort((a, b) => a.line - b.line);
        if (checked.length > 0 || !confirm)
          return again(null, checked.length ? 400 : 200, { rows, problems: checked, csv: checked.length ? null : csv });
        const done = await importRoster(app.ctx, request.actor, request.params.slug, rows, { dryRun: false });
        if (done.problems.length) return again(null, 409, { rows, problems: done.problems, csv: null });
        return reply
          .code(303)
          .header('location', `${base(request)}?saved=1#seats`)
          .header('cache-control', 'no-store')
          .send();
      } catch (err) {
        if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind))
          return again({ kind: 'error', problem: problemOf(err) }, STATUS[err.kind]);
        throw err;
      }
    },
  );
}
