// A witness's address as stored and compared with the site's allow-list: http(s) only, no
// credentials, query or fragment, no trailing slash, host and scheme in lower case (WHATWG URL).

/** The canonical form of a witness URL, or null when it is not one. */
export function normalizeWitnessUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash)
    return null;
  return url.toString().replace(/\/$/, '');
}
