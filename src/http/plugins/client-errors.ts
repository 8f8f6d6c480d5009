// Errors Node raises before a request reaches Fastify (a request too slow to arrive, headers too
// large, bytes that are not HTTP) answered as RFC 9457 problem+json with a stable code, like
// every other refusal, and then the connection is closed.
import http from 'node:http';
import type { Socket } from 'node:net';

const PROBLEMS: Record<string, { status: number; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', detail: 'the request took too long to arrive; send it again' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', detail: 'the request headers are larger than this server accepts' },
};

export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const p = PROBLEMS[err.code ?? ''] ?? { status: 400, code: 'bad_request', detail: 'the request is not valid HTTP' };
  const body = JSON.stringify({ type: 'about:blank', title: http.STATUS_CODES[p.status], status: p.status, code: p.code, detail: p.detail });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${p.status} ${http.STATUS_CODES[p.status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
