// Which language a page is shown in: an explicit `?lang=` (the language switcher, a plain link) >
// the remembered choice (cookie) > the browser's Accept-Language (RFC 9110 §12.5.4) > the body's
// own default language > English.
import { isLang, LANGUAGES, type Lang } from './lang.ts';

export interface LanguageSignals {
  query?: string | null | undefined;
  cookie?: string | null | undefined;
  acceptLanguage?: string | null | undefined;
  /** The body's languages, first = its default. */
  bodyLanguages?: readonly string[] | null | undefined;
}

/**
 * Language ranges of an Accept-Language header, best first (ties keep header order); `q=0`
 * ranges are dropped. Malformed parts are skipped, never fatal.
 * @example parseAcceptLanguage('ru-RU,ru;q=0.9,en;q=0.5') // ['ru-ru', 'ru', 'en']
 */
export function parseAcceptLanguage(header: string): string[] {
  const ranges: Array<{ tag: string; q: number; at: number }> = [];
  for (const [at, part] of header.slice(0, 1000).split(',').entries()) {
    const [rawTag, ...params] = part.trim().split(';');
    const tag = rawTag?.trim().toLowerCase() ?? '';
    if (!/^(\*|[a-z]{1,8}(-[a-z0-9]{1,8})*)$/.test(tag)) continue;
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Math.min(1, Number(m[1]));
    }
    if (q > 0) ranges.push({ tag, q, at });
  }
  return ranges.sort((a, b) => b.q - a.q || a.at - b.at).map((r) => r.tag);
}

/**
 * The language to show.
 * @example negotiateLanguage({ acceptLanguage: 'de-DE,ru;q=0.8,en;q=0.7' }) // 'ru'
 * @example negotiateLanguage({ query: 'en', cookie: 'ru' }) // 'en'
 */
export function negotiateLanguage(signals: LanguageSignals): Lang {
  if (isLang(signals.query)) return signals.query;
  if (isLang(signals.cookie)) return signals.cookie;
  if (signals.acceptLanguage) {
    for (const range of parseAcceptLanguage(signals.acceptLanguage)) {
      // Basic filtering (RFC 4647 §3.3.1): "ru-RU" matches "ru"; "*" matches nothing in particular.
      const primary = range.split('-')[0]!;
      if (isLang(primary)) return primary;
    }
  }
  const own = signals.bodyLanguages?.find((l) => isLang(l));
  return (own as Lang | undefined) ?? LANGUAGES[0];
}
