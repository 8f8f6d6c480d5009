// What the clerk's office forms share (issue 15): how long a name may be and which characters
// it may not hold, the field a service's refusal concerns (so the form ties the message to that
// input), which refusals are the error page rather than a message on the form, the page
// environment of a page outside any body, and the way to the sign-in page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ServiceError } from '../../services/service-error.ts';
import { createPageEnv } from './page-env.tsx';
import { pageLanguage, pagePath, pageQuery } from './page-kit.tsx';
import type { FormProblem, OfficeNotice } from './office-forms.tsx';
import { STATUS } from '../plugins/errors.ts';

/** Names and the jurisdiction on these forms: at most this long, with no control characters. */
export const MAX_TEXT = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to refuse them
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The field a service's refusal concerns, by its stable code. */
export const FIELD_OF: Record<string, string> = {
  invalid_slug: 'slug',
  reserved_slug: 'slug',
  slug_taken: 'slug',
  invalid_time_zone: 'timeZone',
  invalid_seats: 'establishedSeats',
  unknown_preset: 'preset',
  invalid_username: 'username',
  username_taken: 'username',
  weak_password: 'password',
  password_mismatch: 'confirmation',
  seat_not_found: 'seat',
  invalid_names: 'nameRu',
  parent_member_required: 'parentMember',
  parent_member_named: 'parentMember',
  not_parent_member: 'parentMember',
  already_committee_member: 'parentMember',
  committee_roster_import: 'roster',
  seat_filled: 'seat',
  seat_vacant: 'seat',
  invalid_end_reason: 'reason',
  ends_before_start: 'endsOn',
  previous_term_open: 'startsOn',
  overlaps_previous: 'startsOn',
};

/** A refusal raised by a form before its use case (a field the page checks itself). */
export function fieldProblem(field: string, message: string): ServiceError {
  return new ServiceError('invalid', `invalid_${field}`, message, { field });
}

/** A text field of a name or a place: at most MAX_TEXT characters, no control characters. */
export function plainText(value: string | null, field: string, message: string): string | null {
  if (value !== null && (value.length > MAX_TEXT || CONTROL.test(value))) throw fieldProblem(field, message);
  return value;
}

/** Refusals shown as the error page rather than on the form. */
export const PAGE_ERRORS = new Set(['unauthenticated', 'forbidden', 'not_found']);

/**
 * The refusal as a form shows it: tied to a field when the error names one (a date the use case
 * refuses as `invalid_date` belongs to the form's `dateField`).
 * @example problemOf(new ServiceError('conflict', 'seat_filled', 'seat 3 already has a holder')) // { field: 'seat', … }
 */
export function problemOf(err: ServiceError, dateField: string | null = null): FormProblem {
  const named = typeof err.details?.field === 'string' ? err.details.field : null;
  const field = named ?? (err.code === 'invalid_date' ? dateField : (FIELD_OF[err.code] ?? null));
  return { field, message: err.message };
}

/** The environment of a page outside any body (the setup page, the office's own pages). */
export function siteEnv(request: FastifyRequest, reply: FastifyReply) {
  const lang = pageLanguage(request, reply, null);
  return createPageEnv({ lang, path: pagePath(request), query: pageQuery(request) });
}

/** Not signed in: on to the sign-in page, and back here afterwards. */
export function toSignIn(request: FastifyRequest, reply: FastifyReply) {
  return reply
    .code(303)
    .header('location', `/sign-in?next=${encodeURIComponent(pagePath(request))}`)
    .header('cache-control', 'no-store')
    .send();
}

/**
 * Runs a form's use case; a refusal of the form's content re-renders the form with its reason, a
 * success moves on (303). Not signed in, not allowed or no such body: the error page (401/403/404),
 * which shows nothing of the form to someone who may not use it.
 */
export async function submitOfficeForm(
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

/**
 * A form's values checked by the use case's own input schema (the one the JSON API uses), so a form
 * accepts exactly what the API accepts; a refusal names the field of the first problem.
 * @example formInput(cancelSittingInput, { reason: f.reason })
 */
export function formInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = typeof issue?.path[0] === 'string' ? issue.path[0] : null;
  throw new ServiceError('invalid', 'invalid_input', issue?.message ?? 'not accepted', field ? { field } : undefined);
}

/** A page that shows a secret once (a link, a token): no referrer carries it elsewhere. */
export const SECRET_PAGE = { 'referrer-policy': 'no-referrer' } as const;
