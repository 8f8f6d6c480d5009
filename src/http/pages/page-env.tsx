// What every component of a page may know: the language, a translator, formatting in the body's
// time zone, and the address of the page (for the language switcher and pagination links).
import { createContext, useContext } from 'react';
import type { Lang } from '../../domain/i18n/lang.ts';
import { formatNumber, translator, type Translate } from '../../domain/i18n/translate.ts';
import { formatInstant, formatPartialDate, type InstantStyle } from '../../domain/i18n/format-dates.ts';

export interface BodyNav {
  slug: string;
  names: Record<string, string>;
  /** A committee's parent body, linked from every page of the committee (issue 15, item 5). */
  parent?: { slug: string; names: Record<string, string> } | null;
  /** The body's committees, linked from every page of the body. */
  committees?: Array<{ slug: string; names: Record<string, string>; establishedSeats: number }>;
}

export interface PageEnv {
  lang: Lang;
  t: Translate;
  /** IANA time zone instants are shown in (the body's, else UTC). */
  timeZone: string;
  /** The path of this page, without query. */
  path: string;
  /** This page's query parameters (the language switcher and pagination keep them). */
  query: URLSearchParams;
  /** The body whose pages these are, for the navigation; null on site-wide pages. */
  body: BodyNav | null;
  /** Which navigation item is the current page. */
  section: 'home' | 'members' | 'sittings' | 'decisions' | 'appeals' | 'search' | null;
  instant(iso: string, style?: InstantStyle): string;
  date(partial: string): string;
  number(n: number): string;
}

export function createPageEnv(input: {
  lang: Lang;
  timeZone?: string | null;
  path: string;
  query: URLSearchParams;
  body?: BodyNav | null;
  section?: PageEnv['section'];
}): PageEnv {
  const timeZone = input.timeZone ?? 'UTC';
  return {
    lang: input.lang,
    t: translator(input.lang),
    timeZone,
    path: input.path,
    query: input.query,
    body: input.body ?? null,
    section: input.section ?? null,
    instant: (iso, style = 'datetime') => formatInstant(iso, input.lang, timeZone, style),
    date: (partial) => formatPartialDate(partial, input.lang),
    number: (n) => formatNumber(input.lang, n),
  };
}

export const PageEnvContext = createContext<PageEnv | null>(null);

/** The page's environment; components render only inside renderPage. */
export function usePage(): PageEnv {
  const env = useContext(PageEnvContext);
  if (!env) throw new Error('usePage() outside renderPage');
  return env;
}

/**
 * A link to this page with some query parameters changed (null removes one).
 * @example hrefWith(env, { page: 2 }) // '/smolninskoye/sittings?page=2'
 */
export function hrefWith(
  env: Pick<PageEnv, 'path' | 'query'>,
  changes: Record<string, string | number | null>,
): string {
  const q = new URLSearchParams(env.query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${env.path}?${s}` : env.path;
}
