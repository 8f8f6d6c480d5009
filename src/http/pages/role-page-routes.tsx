// A body's roles page (issue 15, item 4), server-rendered, its forms working without JavaScript:
//   GET /{slug}/office/roles               who holds which role; what each role may do
//   POST /{slug}/office/roles              grant a role to an existing account (by username)
//   POST /{slug}/office/roles/revoke       revoke one
//   POST /{slug}/office/roles/invite       invite someone to an office: a one-time link, shown once
//   POST /{slug}/office/roles/invitations/{id}/revoke
// For those who may grant roles (policy `role.manage`: the body's administrators) and site
// administrators. The forms call grantRole and revokeRole, the use cases of POST/DELETE
// /api/v1/bodies/{slug}/roles, under the same policy; each change is a `role.granted` or
// `role.revoked` entry. Every form carries the session's CSRF token (plugins/auth.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { findBody } from '../../services/bodies.ts';
import { grantRole, revokeRole } from '../../services/accounts.ts';
import { authorizeRolesPage, bodyRoleHolders, policyTable } from '../../services/roles.ts';
import type { Role } from '../../services/policy.ts';
import { STATUS } from '../plugins/errors.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, loadBodyEnv } from './page-kit.tsx';
import { PAGE_ERRORS, problemOf, SECRET_PAGE, toSignIn } from './office-form-kit.ts';
import type { OfficeNotice } from './office-forms.tsx';
import { OfficerInvitationIssuedPage, RolesPage, roleLabel, type GrantValues } from './role-pages.tsx';
import {
  INVITATION_DAYS,
  inviteOfficer,
  pendingOfficerInvitations,
  revokeOfficerInvitation,
} from '../../services/invitations.ts';

const roleForm = z.object({ username: formText, role: formText });
const inviteForm = z.object({ role: formText });

/** Refusals of a role form that belong on the form rather than the error page, by field. */
const ROLE_FIELDS: Record<string, string> = { user_not_found: 'username', invalid_role: 'role' };

export async function rolePageRoutes(app: FastifyInstance) {
  type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

  async function rolesPage(
    request: SlugRequest,
    reply: FastifyReply,
    notice: OfficeNotice,
    values: GrantValues,
    status = 200,
    inviteNotice: OfficeNotice = null,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    authorizeRolesPage(request.actor, body.id);
    const holders = await bodyRoleHolders(app.ctx.dialect.reader, body.id);
    const invitations = await pendingOfficerInvitations(app.ctx.dialect.reader, body.id, app.ctx.now());
    const saved = env.query.get('saved');
    const shown =
      notice ??
      (saved === 'granted' || saved === 'revoked'
        ? { kind: 'saved' as const, message: env.t(saved === 'granted' ? 'roles.granted' : 'roles.revoked') }
        : saved === 'invitation_revoked'
          ? { kind: 'saved' as const, message: env.t('invite.revoked') }
          : null);
    return renderPage(
      reply,
      <RolesPage
        slug={body.slug}
        holders={holders}
        policy={policyTable()}
        notice={shown}
        csrfToken={request.csrfToken}
        values={values}
        invitations={invitations}
        invitationDays={INVITATION_DAYS}
        inviteNotice={inviteNotice}
      />,
      { env, title: `${env.t('roles.title')} — ${bodyName}`, status, cacheControl: 'private, no-store' },
    );
  }

  app.get<{ Params: { slug: string } }>('/:slug/office/roles', async function roles(request, reply) {
    const body = await findBody(app.ctx.dialect.reader, request.params.slug);
    if (!request.actor) return toSignIn(request, reply);
    authorizeRolesPage(request.actor, body.id);
    return rolesPage(request, reply, null, { username: '', role: 'member' });
  });

  /** Runs a grant or a revocation; a refusal of the form's content shows on the form and changes nothing. */
  async function submit(request: SlugRequest, reply: FastifyReply, kind: 'granted' | 'revoked') {
    const f = formFields(roleForm, request.body);
    const input = { username: f.username ?? '', role: (f.role ?? '') as Role };
    try {
      if (kind === 'granted') await grantRole(app.ctx, request.actor, request.params.slug, input);
      else await revokeRole(app.ctx, request.actor, request.params.slug, input);
    } catch (err) {
      const onForm = err instanceof ServiceError && (!PAGE_ERRORS.has(err.kind) || err.code in ROLE_FIELDS);
      // Who may act is decided before anything about the fields: the error page for everyone else.
      if (onForm && request.actor) {
        const problem = problemOf(err);
        const field = ROLE_FIELDS[err.code] ?? problem?.field ?? null;
        return rolesPage(
          request,
          reply,
          { kind: 'error', problem: { field, message: err.message } },
          { username: input.username.slice(0, 63), role: input.role.slice(0, 20) },
          STATUS[err.kind],
        );
      }
      throw err;
    }
    return reply
      .code(303)
      .header('location', `/${encodeURIComponent(request.params.slug)}/office/roles?saved=${kind}#holders`)
      .header('cache-control', 'no-store')
      .send();
  }

  app.post<{ Params: { slug: string } }>('/:slug/office/roles', (request, reply) => submit(request, reply, 'granted'));
  app.post<{ Params: { slug: string } }>('/:slug/office/roles/revoke', (request, reply) =>
    submit(request, reply, 'revoked'),
  );

  app.post<{ Params: { slug: string } }>(
    '/:slug/office/roles/invite',
    async function inviteOfficerSubmit(request, reply) {
      const f = formFields(inviteForm, request.body);
      let issued: Awaited<ReturnType<typeof inviteOfficer>>;
      try {
        issued = await inviteOfficer(app.ctx, request.actor, request.params.slug, { role: f.role ?? '' });
      } catch (err) {
        // Who may act is decided first: the error page for everyone who may not grant roles.
        if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind) && request.actor)
          return rolesPage(request, reply, null, { username: '', role: 'member' }, STATUS[err.kind], {
            kind: 'error',
            problem: { field: 'role', message: err.message },
          });
        throw err;
      }
      // Shown once: the page is the only place the secret appears (only its hash is stored).
      const { env } = await loadBodyEnv(app, request, reply, request.params.slug, null);
      reply.headers(SECRET_PAGE);
      return renderPage(
        reply,
        <OfficerInvitationIssuedPage
          slug={request.params.slug}
          role={issued.role}
          link={`${app.ctx.publicOrigin}/invite?token=${issued.token}`}
          expiresAt={issued.expiresAt}
        />,
        {
          env,
          title: env.t('invite.officer_issued_title', { role: env.t(roleLabel(issued.role)) }),
          status: 201,
          cacheControl: 'no-store',
        },
      );
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/roles/invitations/:id/revoke',
    async function revokeOfficerSubmit(request, reply) {
      const id = /^[1-9]\d{0,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
      await revokeOfficerInvitation(app.ctx, request.actor, request.params.slug, id);
      return reply
        .code(303)
        .header(
          'location',
          `/${encodeURIComponent(request.params.slug)}/office/roles?saved=invitation_revoked#officer-form`,
        )
        .header('cache-control', 'no-store')
        .send();
    },
  );
}
