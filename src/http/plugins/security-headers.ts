// Security headers on every response, pages and API alike (@fastify/helmet). The Content
// Security Policy allows only same-origin scripts and styles — no 'unsafe-inline' — which is why
// pages carry no inline style or script (DESIGN.md, "UI"). Open-data exports are meant to be
// fetched from anywhere, so they get CORS and a cross-origin resource policy of their own; so does
// the OParl endpoint (/oparl/, whose spec requires `Access-Control-Allow-Origin: *`).
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Plain-HTTP deployments (a clerk's laptop on a local network) must still load the stylesheet.
  upgradeInsecureRequests: null,
};

export const securityHeadersPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
      // Exports set their own (cross-origin) policy below.
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.url.startsWith('/export/') || request.url.startsWith('/oparl/')) {
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
      }
      return payload;
    });
  },
  { name: 'quorate-security-headers' },
);
