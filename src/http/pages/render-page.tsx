// Server rendering of a whole page: the document (<html lang>, one stylesheet, no inline style or
// script, so the CSP can forbid both), the layout and the page's own content. Live screens reuse
// it with `bootState` (JSON in a <script type="application/json">) and `scripts` (same-origin
// bundles, deferred).
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FastifyReply } from 'fastify';
import { PageEnvContext, type PageEnv } from './page-env.tsx';
import { Layout } from './layout.tsx';
import { bootStateJson } from './boot-state.ts';
import { paddingToLongest } from '../../domain/wire/uniform-length.ts';

export const STYLESHEET = '/_static/quorate.css';

export interface PageMeta {
  env: PageEnv;
  /** The page's own title; the site name is added. */
  title: string;
  status?: number;
  description?: string;
  /** Handed to a client bundle as JSON; never executed. */
  bootState?: unknown;
  /** Same-origin script URLs (client bundles: Vite's ES modules, which load deferred). */
  scripts?: string[];
  /** Same-origin stylesheets after the site's own (the live screens'). */
  stylesheets?: string[];
  /** Cache-Control; pages carrying a session's CSRF token say `private, no-store`. */
  cacheControl?: string;
  /** Extra <link rel=alternate> (feeds, data). */
  alternates?: Array<{ href: string; type: string; title: string }>;
  /**
   * The same page rendered for every other value of a secret it shows (a member's own choice):
   * the page is padded with spaces after </html> to the longest, so its length tells nothing.
   */
  sameLengthAs?: Array<{ element: ReactElement; bootState?: unknown }>;
}

function Document({ meta, children }: { meta: PageMeta; children: ReactElement }) {
  const { env } = meta;
  return (
    <html lang={env.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${meta.title} — ${env.t('site.name')}`}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        <link rel="stylesheet" href={STYLESHEET} />
        {(meta.stylesheets ?? []).map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        {(meta.alternates ?? []).map((a) => (
          <link key={a.href} rel="alternate" type={a.type} href={a.href} title={a.title} />
        ))}
        {(meta.scripts ?? []).map((src) => (
          <script key={src} type="module" src={src} />
        ))}
      </head>
      <body>
        <PageEnvContext.Provider value={env}>
          <Layout>{children}</Layout>
        </PageEnvContext.Provider>
        {meta.bootState !== undefined ? (
          <script
            type="application/json"
            id="boot-state"
            // biome-ignore lint/security/noDangerouslySetInnerHtml: JSON with <, > and & escaped by bootStateJson
            dangerouslySetInnerHTML={{ __html: bootStateJson(meta.bootState) }}
          />
        ) : null}
      </body>
    </html>
  );
}

/** The HTML of a page (for tests and for renderPage). */
export function renderPageHtml(element: ReactElement, meta: PageMeta): string {
  return `<!doctype html>${renderToStaticMarkup(<Document meta={meta}>{element}</Document>)}`;
}

/**
 * Sends a server-rendered page.
 * @example return renderPage(reply, <SittingPage sitting={s} />, { env, title: s.title })
 */
export function renderPage(reply: FastifyReply, element: ReactElement, meta: PageMeta): FastifyReply {
  const html = renderPageHtml(element, meta);
  const variants = (meta.sameLengthAs ?? []).map((v) => renderPageHtml(v.element, { ...meta, bootState: v.bootState }));
  return reply
    .code(meta.status ?? 200)
    .type('text/html; charset=utf-8')
    .header('content-language', meta.env.lang)
    .header('vary', 'Accept-Language, Cookie')
    .header('cache-control', meta.cacheControl ?? 'no-cache')
    .send(html + ' '.repeat(paddingToLongest(html, variants)));
}
