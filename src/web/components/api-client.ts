// JSON requests from the live screens to the API: same origin, the session cookie, and the
// session's CSRF token in a header on every write. A refusal comes back as RFC 9457 problem+json
// with a stable `code`, which the screens turn into a sentence in the page's language; a network
// failure (no response at all) is thrown as is, so a caller can tell the two apart and retry.

export class ApiRefusal extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  constructor(status: number, code: string, detail: string) {
    super(`${status} ${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export interface ApiAnswer<T> {
  status: number;
  data: T;
}

/**
 * Sends one request; resolves with the JSON answer, rejects with ApiRefusal (an answer that says
 * no) or with the fetch error (no answer).
 * @example await apiRequest('POST', '/api/v1/bodies/x/sittings/1/attest', undefined, csrf)
 */
export async function apiRequest<T>(
  method: string,
  url: string,
  body?: unknown,
  csrfToken?: string,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken && method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { code?: string; detail?: string };
    throw new ApiRefusal(res.status, p.code ?? `http_${res.status}`, p.detail ?? res.statusText);
  }
  return { status: res.status, data: data as T };
}

/** The API path of a body. */
export function bodyApi(slug: string): string {
  return `/api/v1/bodies/${encodeURIComponent(slug)}`;
}
