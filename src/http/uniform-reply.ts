// Answers whose length must not depend on a secret they carry (see src/domain/wire). They are
// sent as a ready string, so nothing after the handler re-serialises them, and marked
// `no-store, no-transform`: not kept by a cache, and not compressed by a proxy (compression would
// make the length depend on the content again). Quorate itself compresses nothing. Pages do the
// same through renderPage's `sameLengthAs`.
import type { FastifyReply } from 'fastify';
import { padJson } from '../domain/wire/uniform-length.ts';

export const UNIFORM_CACHE_CONTROL = 'private, no-store, no-transform';

/**
 * Sends `value` as JSON of exactly `size` bytes (a `pad` field of spaces fills the rest).
 * @example return sendUniformJson(reply, 201, receipt, BALLOT_RESPONSE_BYTES)
 */
export function sendUniformJson(reply: FastifyReply, status: number, value: object, size: number): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .header('cache-control', UNIFORM_CACHE_CONTROL)
    .send(JSON.stringify(padJson(value, size)));
}
