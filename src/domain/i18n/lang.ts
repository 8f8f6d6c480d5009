// The interface languages (DESIGN.md, "Interfaces": English and Russian from the start).
export const LANGUAGES = ['en', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

/**
 * True for a language the interface is written in.
 * @example isLang('ru') // true; isLang('de') // false
 */
export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** Intl locale tags for each language (dates and numbers). */
export const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' };
