// Factions as server-rendered pages (issue 15, item 5), forms working without JavaScript:
//   GET /{slug}/factions                                   the public list, members with their dates
//   GET /{slug}/office/factions, POST /{slug}/office/factions              record a new faction
//   POST /{slug}/office/factions/{id}/members | /leave | /dissolve         join, leave, dissolve
// Every form posts the session's CSRF token (checked by plugins/auth.ts before a handler runs) and
// calls the use case of services/factions.ts under its policy (`faction.manage`); a refusal
// re-renders the page with its reason tied to the field and the values sent, and changes nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { authorize, can } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import {
  dissolveFaction,
  establishFaction,
  factionCandidates,
  joinFaction,
  leaveFaction,
  listFactions,
} from '../../services/factions.ts';
import { STATUS } from '../plugins/errors.ts';
import { CATALOGS, type MessageKey } from '../../domain/i18n/translate.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, idPageParams, loadBodyEnv, pageParams } from './page-kit.tsx';
import { fieldProblem, MAX_TEXT, PAGE_ERRORS, plainText, problemOf, toSignIn } from './office-form-kit.ts';
import type { OfficeNotice } from './office-forms.tsx';
import { FactionsOfficePage, FactionsPage, type FactionForm, type FactionValues } from './faction-pages.tsx';

const newForm = z.object({ nameEn: formText, nameRu: formText, foundedOn: formText });
const joinForm = z.object({ memberId: formText, joinsOn: formText, leavesOn: formText });
const leaveForm = z.object({ memberId: formText, leavesOn: formText });
const dissolveForm = z.object({ dissolvedOn: formText });

/** A member's id as the select sends it; anything else is refused as "choose a member". */
const memberIdOf = (v: string | null) =>
  v !== null && /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 2_147_483_647 ? Number(v) : 0;
/** What a refused form had, cut to the lengths the page shows again. */
const keep = (f: Record<string, string | null>): FactionValues =>
  Object.fromEntries(Object.entries(f).map(([k, v]) => [k, (v ?? '').slice(0, MAX_TEXT)]));

export async function factionPageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;
  type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

  app.get<{ Params: { slug: string } }>('/:slug/factions', async function factionsPage(request, reply) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, 'members');
    const factions = await listFactions(reader(), body.id);
    return renderPage(reply, <FactionsPage slug={body.slug} factions={factions} />, {
      env,
      title: `${env.t('factions.title')} — ${bodyName}`,
    });
  });

  async function officePage(
    request: SlugRequest,
    reply: FastifyReply,
    state: { notice: OfficeNotice; form: FactionForm; values: FactionValues },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    const [factions, candidates] = [await listFactions(reader(), body.id), await factionCandidates(reader(), body.id)];
    const notice = state.notice ?? (env.query.get('saved') === '1' ? { kind: 'saved' as const } : null);
    return renderPage(
      reply,
      <FactionsOfficePage
        slug={body.slug}
        factions={factions}
        candidates={candidates}
        notice={notice}
        form={state.notice ? state.form : null}
        values={state.values}
        csrfToken={request.csrfToken}
      />,
      { env, title: `${env.t('factions.title')} — ${bodyName}`, status, cacheControl: 'private, no-store' },
    );
  }

  app.get<{ Params: { slug: string } }>('/:slug/office/factions', async function factionsOffice(request, reply) {
    const body = await findBody(reader(), request.params.slug);
    if (!request.actor) return toSignIn(request, reply);
    if (!can(request.actor, 'faction.manage', body.id))
      throw new ServiceError('forbidden', 'forbidden', 'your role in this body does not allow faction.manage');
    return officePage(request, reply, { notice: null, form: null, values: {} });
  });

  /**
   * Runs a form's use case: a refusal of its content re-renders the page with the reason and the
   * values sent; success moves on (303). Not signed in, not allowed, no such body or faction: the
   * error page, which shows nothing of the form.
   */
  async function submit(
    request: SlugRequest,
    reply: FastifyReply,
    form: FactionForm,
    values: FactionValues,
    work: () => Promise<string>,
  ) {
    let anchor: string;
    try {
      anchor = await work();
    } catch (err) {
      if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind)) {
        // The use case's refusals are worded in the page's language, by their stable code.
        const { env } = await loadBodyEnv(app, request, reply, request.params.slug, null);
        const key = `factions.problem.${err.code}`;
        const problem = problemOf(err);
        if (problem && key in CATALOGS.en) problem.message = env.t(key as MessageKey);
        return officePage(request, reply, { notice: { kind: 'error', problem }, form, values }, STATUS[err.kind]);
      }
      throw err;
    }
    return reply
      .code(303)
      .header('location', `/${encodeURIComponent(request.params.slug)}/office/factions?saved=1#${anchor}`)
      .header('cache-control', 'no-store')
      .send();
  }

  app.post<{ Params: { slug: string } }>('/:slug/office/factions', async function newFactionSubmit(request, reply) {
    const f = formFields(newForm, request.body);
    return submit(request, reply, { kind: 'new' }, keep(f), async () => {
      // Who may act is decided first: a refused actor learns nothing about the fields.
      await mayManage(request);
      const env = (await loadBodyEnv(app, request, reply, request.params.slug, null)).env;
      const tooLong = env.t('factions.problem.too_long', { max: MAX_TEXT });
      const nameEn = plainText(f.nameEn, 'nameEn', tooLong);
      const nameRu = plainText(f.nameRu, 'nameRu', tooLong);
      const created = await establishFaction(app.ctx, request.actor, request.params.slug, {
        nameEn,
        nameRu,
        foundedOn: f.foundedOn ?? '',
      });
      return `faction-${created.id}`;
    });
  });

  /** Who may act is decided before any field is read (401 or 403, the error page). */
  async function mayManage(request: FastifyRequest<{ Params: { slug: string } }>) {
    const body = await findBody(reader(), request.params.slug);
    authorize(request.actor, 'faction.manage', body.id);
  }

  type FactionRequest = FastifyRequest<{ Params: { slug: string; id: string } }>;
  const factionId = (request: FactionRequest) => pageParams(idPageParams, request.params).id;

  /** A member chosen in a select: refused on the field when it is not a member's id. */
  async function memberField(request: FactionRequest, reply: FastifyReply, raw: string | null) {
    const id = memberIdOf(raw);
    if (id === 0) {
      const env = (await loadBodyEnv(app, request, reply, request.params.slug, null)).env;
      throw fieldProblem('memberId', env.t('factions.problem.member'));
    }
    return id;
  }

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/factions/:id/members',
    async function joinSubmit(request, reply) {
      const f = formFields(joinForm, request.body);
      const id = factionId(request);
      return submit(request, reply, { kind: 'join', faction: id }, keep(f), async () => {
        await mayManage(request);
        const memberId = await memberField(request, reply, f.memberId);
        await joinFaction(app.ctx, request.actor, request.params.slug, id, {
          memberId,
          joinsOn: f.joinsOn ?? '',
          leavesOn: f.leavesOn,
        });
        return `faction-${id}`;
      });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/factions/:id/leave',
    async function leaveSubmit(request, reply) {
      const f = formFields(leaveForm, request.body);
      const id = factionId(request);
      return submit(request, reply, { kind: 'leave', faction: id }, keep(f), async () => {
        await mayManage(request);
        const memberId = await memberField(request, reply, f.memberId);
        await leaveFaction(app.ctx, request.actor, request.params.slug, id, {
          memberId,
          leavesOn: f.leavesOn ?? '',
        });
        return `faction-${id}`;
      });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/factions/:id/dissolve',
    async function dissolveSubmit(request, reply) {
      const f = formFields(dissolveForm, request.body);
      const id = factionId(request);
      return submit(request, reply, { kind: 'dissolve', faction: id }, keep(f), async () => {
        await dissolveFaction(app.ctx, request.actor, request.params.slug, id, { dissolvedOn: f.dissolvedOn ?? '' });
        return `faction-${id}`;
      });
    },
  );
}
