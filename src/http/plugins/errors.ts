// One error handler: typed errors become RFC 9457 problem+json with a stable `code`; anything
// unexpected becomes a 500 with no detail (the detail goes to the log, never to the client).
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ServiceError, type ErrorKind } from '../../services/service-error.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, rate_limited: 429,
};

const TITLES: Record<number, string> = {
  400: 'Bad request', 401: 'Not signed in', 403: 'Not allowed', 404: 'Not found', 405: 'Method not allowed', 409: 'Conflict with the record',
  413: 'Too large', 415: 'Unsupported media type', 429: 'Too many requests', 500: 'Internal error', 503: 'Unavailable',
};

export function sendProblem(reply: FastifyReply, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  return reply.code(status).type('application/problem+json').send({
    type: `about:blank`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra,
  });
}

export const errorsPlugin = fp(async (app) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ServiceError) {
      const wait = err.details?.retryAfterSeconds;
      if (err.kind === 'rate_limited' && typeof wait === 'number') reply.header('retry-after', String(wait));
      return sendProblem(reply, STATUS[err.kind], err.code, err.message, err.details ? { details: err.details } : {});
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return sendProblem(reply, 400, 'invalid_request', `the request does not match what this endpoint takes: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
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
        return sendProblem(reply, 400, 'bad_request', 'the Content-Length does not match the body');
    }
    if (err.statusCode === 429) return sendProblem(reply, 429, 'rate_limited', 'too many requests; slow down');
    if (err instanceof SyntaxError || (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)) {
      return sendProblem(reply, err.statusCode ?? 400, 'bad_request', err instanceof SyntaxError ? 'the request body is not valid JSON' : err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'internal_error', 'something went wrong on the server; nothing was recorded by this request');
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, 'route_not_found', `there is no ${request.method} ${request.url.split('?')[0]}`));
}, { name: 'quorate-errors' });
