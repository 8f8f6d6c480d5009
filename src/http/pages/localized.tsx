// Text the record holds in several languages (a body's or a member's name): shown in the page's
// language when the record has it, else in another, marked with its own `lang` so a screen
// reader pronounces it right (WCAG 3.1.2).
import { usePage } from './page-env.tsx';

/**
 * The text for a language, falling back to any other the record has.
 * @example pickText({ en: null, ru: 'Смольнинское' }, 'en') // { text: 'Смольнинское', lang: 'ru' }
 */
export function pickText(
  values: Record<string, string | null | undefined> | null | undefined,
  lang: string,
): { text: string; lang: string } | null {
  if (!values) return null;
  const own = values[lang];
  if (own) return { text: own, lang };
  for (const [other, text] of Object.entries(values)) if (text) return { text, lang: other };
  return null;
}

export function Localized({
  values,
  fallback,
}: {
  values: Record<string, string | null | undefined> | null | undefined;
  fallback?: string;
}) {
  const { lang } = usePage();
  const picked = pickText(values, lang);
  if (!picked) return <>{fallback ?? ''}</>;
  return picked.lang === lang ? picked.text : <span lang={picked.lang}>{picked.text}</span>;
}
