// A browser-like session for page tests: the session cookie, and the CSRF token it would put in
// each form. `post` sends urlencoded fields (a field given a list is repeated, as a multi-select
// sends it); `{ csrf: false }` leaves the token out, as a forged cross-site form would.
import type { Harness } from './test-app.ts';
import { createSession } from '../../src/services/accounts.ts';

export const EN = { 'accept-language': 'en' };
export const RU = { 'accept-language': 'ru' };

/** Form fields as `application/x-www-form-urlencoded`; a list repeats its field. */
export const form = (fields: Record<string, string | string[]>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) p.append(k, x);
  return p.toString();
};

/**
 * Signs `userId` in (a new session) and returns its page client.
 * @example const clerk = await formSession(h, c.clerk.userId); await clerk.post('/x/office/seats', { seat: '1' })
 */
export async function formSession(h: Harness, userId: number, options: { userAgent?: string | null } = {}) {
  const session = await createSession(h.ctx, userId, { userAgent: options.userAgent ?? null });
  const cookies = { quorate_session: session.sessionToken };
  return {
    session,
    csrf: session.csrfToken,
    cookies,
    get: (url: string, headers: Record<string, string> = EN) => h.app.inject({ method: 'GET', url, cookies, headers }),
    post: (url: string, fields: Record<string, string | string[]>, options: { csrf?: boolean } = {}) =>
      h.app.inject({
        method: 'POST',
        url,
        cookies,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...EN },
        payload: form(options.csrf === false ? fields : { _csrf: session.csrfToken, ...fields }),
      }),
  };
}
