// A count with its noun in the right plural form, chosen by Intl.PluralRules (CLDR): English has
// one/other, Russian one/few/many ("1 голос", "3 голоса", "5 голосов", "21 голос").
export type Lang = 'en' | 'ru';

export type NounForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const RULES: Record<Lang, Intl.PluralRules> = {
  en: new Intl.PluralRules('en'),
  ru: new Intl.PluralRules('ru'),
};

/**
 * The form of a noun for a count.
 * @example pluralForm('ru', 3, { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' }) // 'голоса'
 */
export function pluralForm(lang: Lang, count: number, forms: NounForms): string {
  return forms[RULES[lang].select(count)] ?? forms.other;
}

/**
 * "N noun" with the noun in the form the count takes.
 * @example countNoun('ru', 5, { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' }) // '5 голосов'
 */
export function countNoun(lang: Lang, count: number, forms: NounForms): string {
  return `${count} ${pluralForm(lang, count, forms)}`;
}
