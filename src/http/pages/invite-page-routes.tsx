// Invitations to a seat (issue 15, item 4), as server-rendered pages whose forms work without
// JavaScript:
//   GET /{slug}/office/invitations, POST …/invitations      invite the holder of a filled seat
//   POST /{slug}/office/invitations/{id}/revoke               revoke one not yet accepted
//   GET /invite?token=…, POST /invite                         the invitee accepts
// The clerk's forms carry the session's CSRF token (plugins/auth.ts). The invitee may have no
// session: as on the setup page, the link's secret is the proof and the same-origin rule of the
// sign-in form keeps another site from posting it; a signed-in invitee's form carries the session's
// CSRF token as every form does. The secret is in the address: no referrer leaves these pages and
// nothing caches them.
import { t } from '../../domain/i18n/translate.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { authorize } from '../../services/policy.ts';
import { findBody } from '../../services/bodies.ts';
import { createSession } from '../../services/accounts.ts';
import {
  acceptInvitation,
  INVITATION_DAYS,
  invitationFor,
  inviteMember,
  pendingInvitations,
  revokeInvitation,
} from '../../services/invitations.ts';
import { STATUS } from '../plugins/errors.ts';
import { setSessionCookie } from '../plugins/auth.ts';
import { sameOriginSignIn } from '../plugins/request-checks.ts';
import { renderPage } from './render-page.tsx';
import { formFields, formText, loadBodyEnv, pageQuery } from './page-kit.tsx';
import { PAGE_ERRORS, plainText, problemOf, siteEnv, toSignIn, SECRET_PAGE } from './office-form-kit.ts';
import type { FormProblem, OfficeNotice } from './office-forms.tsx';
import { AcceptInvitationPage, InvitationIssuedPage, InvitationsPage, type AcceptValues } from './invite-pages.tsx';

const inviteForm = z.object({ seat: formText, email: formText });
const emailAddress = z.email().max(254);
const password = z
  .unknown()
  .optional()
  .transform((v) => (typeof v === 'string' ? v : ''));
const acceptForm = z.object({
  token: formText,
  username: formText,
  displayName: formText,
  password,
  confirmation: password,
});

const seatNumber = (v: string | null) => (v !== null && /^[1-9]\d{0,4}$/.test(v) ? Number(v) : 0);
/** The fields of the accept form; a refusal about anything else is the form's, not a field's. */
const ACCEPT_FIELDS = new Set(['username', 'displayName', 'password', 'confirmation']);

export async function invitePageRoutes(app: FastifyInstance) {
  const reader = () => app.ctx.dialect.reader;
  type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

  async function invitationsPage(
    request: SlugRequest,
    reply: FastifyReply,
    state: { notice: OfficeNotice; seat: string },
    status = 200,
  ) {
    const { body, env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    authorize(request.actor, 'member.invite', body.id);
    const pending = await pendingInvitations(reader(), body.id, app.ctx.now());
    const notice =
      state.notice ??
      (env.query.get('saved') === '1' ? { kind: 'saved' as const, message: env.t('invite.revoked') } : null);
    return renderPage(
      reply,
      <InvitationsPage
        slug={body.slug}
        pending={pending}
        notice={notice}
        csrfToken={request.csrfToken}
        days={INVITATION_DAYS}
        seat={state.seat}
        mail={app.mail !== null}
      />,
      { env, title: `${env.t('invite.page_link')} — ${bodyName}`, status, cacheControl: 'private, no-store' },
    );
  }

  app.get<{ Params: { slug: string } }>('/:slug/office/invitations', async function invitations(request, reply) {
    const body = await findBody(reader(), request.params.slug);
    if (!request.actor) return toSignIn(request, reply);
    authorize(request.actor, 'member.invite', body.id);
    return invitationsPage(request, reply, { notice: null, seat: '' });
  });

  app.post<{ Params: { slug: string } }>('/:slug/office/invitations', async function inviteSubmit(request, reply) {
    const f = formFields(inviteForm, request.body);
    let issued: Awaited<ReturnType<typeof inviteMember>>;
    try {
      // The address is checked before anything is recorded; it is never stored, only mailed to.
      if (f.email !== null && app.mail === null)
        // The form has no address field then: the refusal is the whole form's.
        throw new ServiceError('invalid', 'mail_not_configured', 'this site sends no e-mail; hand the link over', {
          field: null,
        });
      if (f.email !== null && !emailAddress.safeParse(f.email).success)
        throw new ServiceError('invalid', 'invalid_email', 'not an e-mail address', { field: 'email' });
      issued = await inviteMember(app.ctx, request.actor, request.params.slug, { seatNumber: seatNumber(f.seat) });
    } catch (err) {
      if (err instanceof ServiceError && !PAGE_ERRORS.has(err.kind)) {
        const field = err.details && 'field' in err.details ? (err.details.field as string | null) : 'seat';
        return invitationsPage(
          request,
          reply,
          {
            notice: { kind: 'error', problem: { field, message: err.message } },
            seat: (f.seat ?? '').slice(0, 5),
          },
          STATUS[err.kind],
        );
      }
      throw err;
    }
    // Shown once: the page is the only place the secret appears (only its hash is stored).
    const { env, bodyName } = await loadBodyEnv(app, request, reply, request.params.slug, null);
    const link = `${app.ctx.publicOrigin}/invite?token=${issued.token}`;
    // E-mailed when asked and the site sends mail; a mail server that refuses it loses nothing: the
    // invitation stands and the link is on this page to hand over.
    let emailed: { to: string; sent: boolean } | null = null;
    if (f.email !== null && app.mail) {
      const expires = issued.expiresAt.slice(0, 10);
      try {
        await app.mail.mailer.send({
          from: app.mail.from,
          to: [f.email],
          subject: `${t('en', 'invite.mail_subject', { body: bodyName })} / ${t('ru', 'invite.mail_subject', { body: bodyName })}`,
          text: ['en', 'ru']
            .map((l) => t(l as 'en' | 'ru', 'invite.mail_text', { body: bodyName, seat: issued.seat, link, expires }))
            .join('\n\n---\n\n'),
        });
        emailed = { to: f.email, sent: true };
      } catch (err) {
        request.log.warn({ err }, 'an invitation could not be e-mailed');
        emailed = { to: f.email, sent: false };
      }
    }
    reply.headers(SECRET_PAGE);
    return renderPage(
      reply,
      <InvitationIssuedPage
        slug={request.params.slug}
        seat={issued.seat}
        link={link}
        expiresAt={issued.expiresAt}
        emailed={emailed}
      />,
      { env, title: env.t('invite.issued_title', { seat: issued.seat }), status: 201, cacheControl: 'no-store' },
    );
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/office/invitations/:id/revoke',
    async function revokeSubmit(request, reply) {
      const id = /^[1-9]\d{0,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
      await revokeInvitation(app.ctx, request.actor, request.params.slug, id);
      return reply
        .code(303)
        .header('location', `/${encodeURIComponent(request.params.slug)}/office/invitations?saved=1#pending`)
        .header('cache-control', 'no-store')
        .send();
    },
  );

  // --- The invitee -------------------------------------------------------------------------------

  async function acceptPage(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { token: string; problem: FormProblem; values: AcceptValues; status: number },
  ) {
    const env = siteEnv(request, reply);
    const invitation = await invitationFor(reader(), app.ctx.now(), input.token);
    reply.headers(SECRET_PAGE);
    return renderPage(
      reply,
      <AcceptInvitationPage
        token={input.token}
        invitation={invitation}
        signedIn={Boolean(request.actor)}
        csrfToken={request.csrfToken}
        problem={input.problem}
        values={input.values}
      />,
      { env, title: env.t('invite.title'), status: invitation ? input.status : 400, cacheControl: 'no-store' },
    );
  }

  app.get('/invite', async function invite(request, reply) {
    const token = pageQuery(request).get('token') ?? '';
    return acceptPage(request, reply, {
      token,
      problem: null,
      values: { username: '', displayName: '' },
      status: 200,
    });
  });

  app.post('/invite', async function acceptSubmit(request, reply) {
    const f = formFields(acceptForm, request.body);
    const token = f.token ?? '';
    const again = (problem: FormProblem, status: number) =>
      acceptPage(request, reply, {
        token,
        problem,
        values: { username: (f.username ?? '').slice(0, 63), displayName: (f.displayName ?? '').slice(0, 200) },
        status,
      });
    // The link is the secret; the same-origin rule of sign-in keeps another site from posting it.
    if (!sameOriginSignIn(request)) return again({ field: null, message: 'cross-site form' }, 403);
    const actor = request.actor;
    try {
      const displayName = actor
        ? null
        : plainText(f.displayName, 'displayName', 'at most 300 characters, no control characters');
      const accepted = await acceptInvitation(app.ctx, {
        token,
        account: actor
          ? { kind: 'current', actor }
          : {
              kind: 'new',
              username: f.username ?? '',
              displayName,
              password: f.password,
              confirmation: f.confirmation,
            },
      });
      if (!actor) {
        const session = await createSession(app.ctx, accepted.userId, {
          userAgent: request.headers['user-agent'] ?? null,
        });
        setSessionCookie(request, reply, session.sessionToken, session.expiresAt);
      }
      return reply
        .code(303)
        .header('location', `/${encodeURIComponent(accepted.slug)}`)
        .header('cache-control', 'no-store')
        .send();
    } catch (err) {
      if (err instanceof ServiceError && err.code === 'invitation_invalid') return again(null, 400);
      if (err instanceof ServiceError) {
        const problem = problemOf(err);
        return again(
          ACCEPT_FIELDS.has(problem?.field ?? '') ? problem : { field: null, message: err.message },
          STATUS[err.kind],
        );
      }
      throw err;
    }
  });
}
