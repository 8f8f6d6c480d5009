// What the server's log says about a request (issue 20). Each request gets an id — a random one,
// or, behind a trusted proxy, the proxy's own (X-Request-Id, e.g. nginx's $request_id) when it is
// a plain token — which every line logged while handling it carries (reqId) and the answer
// returns (X-Request-Id). A request is logged by method, path and the NAMES of its query
// parameters: never their values (invitation, reset and setup links carry one-time tokens), never
// its body (passwords, ballot choices, texts), cookies or Authorization header.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyServerOptions } from 'fastify';

const PROXY_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestIdFor(req: IncomingMessage, behindProxy: boolean): string {
  const given = req.headers['x-request-id'];
  if (behindProxy && typeof given === 'string' && PROXY_REQUEST_ID.test(given)) return given;
  return randomUUID();
}

/** A request's address without the values of its query: `/invite?token` for `/invite?token=…`. */
export function loggedUrl(url: string | undefined): string {
  if (!url) return '';
  const q = url.indexOf('?');
  if (q < 0) return url;
  const names = url
    .slice(q + 1)
    .split('&')
    .map((pair) => pair.split('=')[0]!)
    .filter((name) => /^[A-Za-z0-9_.-]{1,40}$/.test(name));
  return `${url.slice(0, q)}?${names.join('&')}`;
}

const serializers = {
  req(req: { method?: string; url?: string; ip?: string; socket?: { remotePort?: number } }) {
    return { method: req.method, url: loggedUrl(req.url), remoteAddress: req.ip };
  },
  res(res: { statusCode?: number }) {
    return { statusCode: res.statusCode };
  },
};

/** The app's logger options with the serializers above (false stays false: tests log nothing). */
export function safeLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return { ...(logger === true ? {} : (logger as object)), serializers } as FastifyServerOptions['logger'];
}
