// A small reader of multipart/form-data (RFC 7578) for the one upload form the pages have (a
// roster CSV): the whole body is already in memory under the route's body limit, every part is a
// text field or a small text file, and each is read as UTF-8 text by its field name. A file's
// name and type are ignored (the content is checked by the use case). Anything malformed is a 400.

export class MultipartError extends Error {
  readonly statusCode = 400;
  readonly code = 'bad_multipart';
}

const BOUNDARY = /^[0-9A-Za-z'()+_,./:=?-]{1,70}$/;

/** The boundary of a multipart/form-data content type (RFC 2046 §5.1.1), or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const [type, ...params] = contentType.split(';').map((p) => p.trim());
  if (type?.toLowerCase() !== 'multipart/form-data') return null;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq < 0 || p.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = p.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return BOUNDARY.test(value) ? value : null;
  }
  return null;
}

/**
 * The fields of a multipart/form-data body, each as text; a name sent twice keeps the first value
 * (a repeated field is not a way to smuggle a second one past a check). At most `maxParts` parts.
 * @example parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--\r\n'), 'b') // { a: 'x' }
 */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 20): Record<string, string> {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const fields: Record<string, string> = Object.create(null);
  let pos = text.indexOf(delimiter);
  if (pos !== 0 && !(pos > 0 && text.slice(0, pos).endsWith('\r\n'))) throw new MultipartError('not a multipart body');
  let parts = 0;
  for (;;) {
    pos += delimiter.length;
    if (text.startsWith('--', pos)) break;
    if (!text.startsWith('\r\n', pos)) throw new MultipartError('a part does not start on its own line');
    pos += 2;
    if (++parts > maxParts) throw new MultipartError('too many parts');
    const headerEnd = text.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new MultipartError('a part has no end of headers');
    const headers = text.slice(pos, headerEnd).split('\r\n');
    const next = text.indexOf(`\r\n${delimiter}`, headerEnd + 4);
    if (next < 0) throw new MultipartError('a part has no closing boundary');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = /;\s*name="([^"]{1,100})"/i.exec(disposition)?.[1];
    if (!/^form-data\b/i.test(disposition.slice(disposition.indexOf(':') + 1).trim()) || !name)
      throw new MultipartError('a part has no form-data name');
    if (!(name in fields)) fields[name] = Buffer.from(text.slice(headerEnd + 4, next), 'latin1').toString('utf8');
    pos = next + 2;
  }
  return { ...fields };
}
