// Where to go after signing in: only a path on this site. "//host", "/\host" and anything with a
// scheme or control characters would leave it (an open redirect, CWE-601), so they become "/".

/**
 * @example safeNext('/smolninskoye/sittings/3/ballot') // '/smolninskoye/sittings/3/ballot'
 * @example safeNext('//evil.example/') // '/'
 */
export function safeNext(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a control character or backslash in a redirect target is refused
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return '/';
  return raw;
}
