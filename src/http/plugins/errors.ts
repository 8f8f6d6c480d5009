// One error handler: typed errors become RFC 9457 problem+json with a stable `code`; anything
// unexpected becomes a 500 with no detail (the detail goes to the log, never to the client).
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ServiceError, type ErrorKind } from '../../services/service-error.ts';

/** The HTTP status of each kind of service error: the JSON API and the HTML pages both answer with it. */
export const STATUS: Readonly<Record<ErrorKind, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict with the record',
  408: 'Request timeout',
  413: 'Too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  429: 'Too many requests',
  431: 'Request headers too large',
  500: 'Internal error',
  503: 'Unavailable',
};

function problemBody(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send(problemBody(status, code, detail, extra));
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (a bad or doubled Content-Length, a
 * malformed request line, headers too large, a request too slow): answer with problem+json too,
 * then close the connection, whose framing can no longer be trusted. Fastify's `clientErrorHandler`.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'the request took too long to arrive']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request headers are larger than this server accepts']
        : err.code === 'HPE_INVALID_CONTENT_LENGTH' || err.code === 'HPE_UNEXPECTED_CONTENT_LENGTH'
          ? [400, 'bad_content_length', 'the Content-Length header is not a single valid length']
          : err.code === 'HPE_INVALID_TRANSFER_ENCODING'
            ? [400, 'bad_transfer_encoding', 'the Transfer-Encoding header is not valid']
            : ([400, 'bad_http_request', 'the request is not well-formed HTTP/1.1'] as const);
  const body = JSON.stringify(problemBody(status, code, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Errors Fastify raises before routing (a URL that does not decode, a parameter too long). Fastify's `frameworkErrors`. */
export function frameworkErrorHandler(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-content-type-options', 'nosniff');
  switch (err.code) {
    case 'FST_ERR_BAD_URL':
      return sendProblem(reply, 400, 'bad_url', 'the URL is not validly percent-encoded');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(reply, 414, 'url_too_long', 'a part of the URL is longer than this server accepts');
    default:
      return sendProblem(
        reply,
        err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500,
        'bad_request',
        'the request could not be routed',
      );
  }
}

export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof ServiceError) {
        const wait = err.details?.retryAfterSeconds;
        if (err.kind === 'rate_limited' && typeof wait === 'number') reply.header('retry-after', String(wait));
        return sendProblem(reply, STATUS[err.kind], err.code, err.message, err.details ? { details: err.details } : {});
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
        return sendProblem(
          reply,
          400,
          'invalid_request',
          `the request does not match what this endpoint takes: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
          { issues },
        );
      }
      switch (err.code) {
        case 'FST_ERR_CTP_BODY_TOO_LARGE':
          return sendProblem(reply, 413, 'body_too_large', 'the request body is larger than this server accepts');
        case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
          return sendProblem(reply, 415, 'unsupported_media_type', 'send JSON (application/json)');
        case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        case 'FST_ERR_CTP_INVALID_JSON_BODY':
          return sendProblem(reply, 400, 'bad_json', 'the request body is not valid JSON');
        case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
          return sendProblem(reply, 400, 'bad_content_length', 'the Content-Length does not match the body');
      }
      if (err.statusCode === 429) return sendProblem(reply, 429, 'rate_limited', 'too many requests; slow down');
      if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
        return sendProblem(
          reply,
          err.statusCode ?? 400,
          'bad_request',
          err instanceof SyntaxError ? 'the request body is not valid JSON' : err.message,
        );
      }
      request.log.error({ err }, 'unhandled error');
      return sendProblem(
        reply,
        500,
        'internal_error',
        'something went wrong on the server; nothing was recorded by this request',
      );
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, 404, 'route_not_found', `there is no ${request.method} ${request.url.split('?')[0]}`),
    );
  },
  { name: 'quorate-errors' },
);
