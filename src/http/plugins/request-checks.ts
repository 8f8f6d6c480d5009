// Two checks on who sent a request, shared by the JSON API and the JS-free pages (issue 12,
// item 13): the CSRF token comparison, and whether a sign-in came from this site.
import crypto from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * Whether the CSRF token a request sent is the session's, compared in constant time
 * (crypto.timingSafeEqual over SHA-256 digests of both, so a token of another length — or no
 * string at all — is refused without throwing and without an early exit that depends on it).
 */
export function csrfTokenMatches(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || expected.length === 0) return false;
  const a = crypto.createHash('sha256').update(sent).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * A sign-in must come from this site, so a page elsewhere cannot sign a browser in to an account
 * of its choosing (login CSRF). Browsers say where a request came from in Sec-Fetch-Site; older
 * ones only in Origin. `Origin: null` (a sandboxed frame, a data: URL, a redirect across sites, or
 * a no-referrer page) proves nothing and is refused. A request with neither header comes from a
 * script or a browser too old to send them, which a cross-site form cannot make it be.
 */
export function sameOriginSignIn(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (origin === 'null') return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
