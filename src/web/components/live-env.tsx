// What the live screens' components know on the server and in the browser alike: the language and
// its translator. Nothing here reads the clock or the browser, so the server's HTML and the
// browser's first render are the same and hydration matches.
import { createContext, useContext, type ReactNode } from 'react';
import type { Lang } from '../../domain/i18n/lang.ts';
import { formatNumber, translator, type MessageKey, type Translate } from '../../domain/i18n/translate.ts';
import type { Names } from './live-types.ts';

export interface LiveEnv {
  lang: Lang;
  t: Translate;
  /** A record term (method, choice, status…) in words, or as recorded when the catalog lacks it. */
  term(
    prefix: 'method' | 'choice' | 'attendance' | 'majority' | 'motion_kind' | 'motion_status' | 'sitting_status',
    value: string,
  ): string;
  number(n: number): string;
}

/**
 * The environment for one language.
 * @example liveEnv('ru').term('choice', 'yes') // 'За'
 */
export function liveEnv(lang: Lang): LiveEnv {
  const t = translator(lang);
  return {
    lang,
    t,
    term(prefix, value) {
      const key = `${prefix}.${value}` as MessageKey;
      const text = t(key);
      return text === key ? value : text;
    },
    number: (n) => formatNumber(lang, n),
  };
}

const LiveEnvContext = createContext<LiveEnv | null>(null);

export function LiveEnvProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LiveEnvContext.Provider value={liveEnv(lang)}>{children}</LiveEnvContext.Provider>;
}

export function useLive(): LiveEnv {
  const env = useContext(LiveEnvContext);
  if (!env) throw new Error('useLive() outside LiveEnvProvider');
  return env;
}

/**
 * A member's name in the page's language, else in the other one the record has, else null.
 * @example nameIn({ en: null, ru: 'Иванов' }, 'en') // { text: 'Иванов', lang: 'ru' }
 */
export function nameIn(name: Names, lang: Lang): { text: string; lang: string } | null {
  if (!name) return null;
  const own = name[lang];
  if (own) return { text: own, lang };
  const other = lang === 'en' ? 'ru' : 'en';
  return name[other] ? { text: name[other]!, lang: other } : null;
}

/** A member by name, marked with its language when it is not the page's; or the seat when unnamed. */
export function MemberLabel({ name, seat }: { name: Names; seat: number }) {
  const { lang, t } = useLive();
  const picked = nameIn(name, lang);
  if (!picked) return <em>{t('member.unnamed', { seat })}</em>;
  return picked.lang === lang ? picked.text : <span lang={picked.lang}>{picked.text}</span>;
}
