// t(lang, key, params): a message from the typed catalogs with `{name}` placeholders filled in.
// A plural message picks its form by Intl.PluralRules (CLDR) on `params.count`: English has
// one/other, Russian one/few/many ("1 голос", "3 голоса", "5 голосов", "21 голос").
import { LOCALES, type Lang } from './lang.ts';
import { en, type MessageKey } from './messages-en.ts';
import { ru } from './messages-ru.ts';

export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Catalog = Record<MessageKey, Message>;
export type Params = Record<string, string | number>;
export type { MessageKey } from './messages-en.ts';

export const CATALOGS: Record<Lang, Catalog> = { en, ru };

const plurals: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules(LOCALES.en),
  ru: new Intl.PluralRules(LOCALES.ru),
};
const numbers: Record<Lang, Intl.NumberFormat> = {
  en: new Intl.NumberFormat(LOCALES.en),
  ru: new Intl.NumberFormat(LOCALES.ru),
};

/**
 * A number written the way the language writes it.
 * @example formatNumber('ru', 100000) // '100 000' (with a no-break space)
 */
export function formatNumber(lang: Lang, n: number): string {
  return numbers[lang].format(n);
}

/**
 * The message for `key` in `lang`, placeholders filled; numbers are formatted for the language.
 * A placeholder with no value stays as written, so a missing parameter shows, never crashes.
 * @example t('ru', 'count.votes', { count: 3 }) // '3 голоса'
 * @example t('en', 'count.votes', { count: 1 }) // '1 vote'
 */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const message: Message | undefined = CATALOGS[lang][key] ?? CATALOGS.en[key];
  // A key no catalog has (a record term this version does not know) shows as itself.
  if (message === undefined) return key;
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = typeof params.count === 'number' ? params.count : Number(params.count ?? 0);
    text = message[plurals[lang].select(count)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

/** A translator bound to one language, for components. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** @example const tr = translator('ru'); tr('count.votes', { count: 5 }) // '5 голосов' */
export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}
