// The reckoning of a notice in sentences, in English or Russian (Russian in the words of the law:
// «уведомление о заседании», «полных дней»). Pages, the minutes and the CLI render the same steps.
import { formatCivilDate } from '../appeals/render-deadline-explanation.ts';
import { countNoun, type Lang } from '../rules/plural-noun.ts';
import type { NoticeDayOff, NoticeDisregard, NoticeStep } from './notice.ts';

const CLEAR = {
  en: { one: 'clear day', other: 'clear days' },
  ru: { one: 'полный день', few: 'полных дня', many: 'полных дней', other: 'полного дня' },
} as const;
/** After «не хватает»: the genitive. */
const CLEAR_GENITIVE_RU = {
  one: 'полного дня',
  few: 'полных дней',
  many: 'полных дней',
  other: 'полного дня',
} as const;
const DAYS = {
  en: { one: 'day', other: 'days' },
  ru: { one: 'день', few: 'дня', many: 'дней', other: 'дня' },
} as const;

const DISREGARD: Record<Lang, Record<NoticeDisregard, string>> = {
  en: {
    sunday: 'Sundays',
    bank_holiday: 'bank holidays',
    christmas_break: 'the Christmas break',
    easter_break: 'the Easter break',
  },
  ru: {
    sunday: 'воскресенья',
    bank_holiday: 'официальные праздничные дни',
    christmas_break: 'рождественский перерыв',
    easter_break: 'пасхальный перерыв',
  },
};

function dayOff(reason: NoticeDayOff, lang: Lang): string {
  switch (reason.kind) {
    case 'sunday':
      return lang === 'ru' ? 'воскресенье' : 'a Sunday';
    case 'bank_holiday':
      return lang === 'ru'
        ? `праздничный день (${reason.name.ru ?? reason.name.en ?? reason.name.local ?? ''})`
        : `a bank holiday (${reason.name.en ?? reason.name.local ?? ''})`;
    case 'christmas_break':
      return lang === 'ru' ? 'рождественский перерыв' : 'the Christmas break';
    case 'easter_break':
      return lang === 'ru' ? 'пасхальный перерыв' : 'the Easter break';
  }
}

/**
 * One sentence per step.
 * @example renderNoticeReckoning(reckonNotice(…).steps, 'en')[0] // 'The rules ask for 3 clear days…'
 */
export function renderNoticeReckoning(steps: readonly NoticeStep[], lang: Lang): string[] {
  return steps.map((s) => renderStep(s, lang));
}

function renderStep(s: NoticeStep, lang: Lang): string {
  const d = (date: string) => formatCivilDate(date, lang);
  switch (s.kind) {
    case 'rule': {
      const off = s.disregard.map((x) => DISREGARD[lang][x]).join(', ');
      if (lang === 'ru')
        return `Уведомление должно быть направлено не менее чем за ${countNoun('ru', s.clearDays, CLEAR.ru)} до заседания: не считая ни дня уведомления, ни дня заседания${off ? `, а также ${off}` : ''}.`;
      return `The rules ask for ${countNoun('en', s.clearDays, CLEAR.en)} between the notice and the sitting: neither the day of the notice nor the day of the sitting counts${off ? `, nor do ${off}` : ''}.`;
    }
    case 'given':
      return lang === 'ru'
        ? `Уведомление опубликовано ${d(s.on)} (по времени органа, ${s.timeZone}).`
        : `The notice went out on ${d(s.on)} (the body's time, ${s.timeZone}).`;
    case 'sitting':
      return lang === 'ru' ? `Заседание назначено на ${d(s.on)}.` : `The sitting is on ${d(s.on)}.`;
    case 'between':
      if (s.days === 0 || s.from === null || s.to === null)
        return lang === 'ru'
          ? 'Между днём уведомления и днём заседания нет ни одного дня.'
          : 'No day lies between the day of the notice and the day of the sitting.';
      return lang === 'ru'
        ? `Между ними ${countNoun('ru', s.days, DAYS.ru)}: с ${d(s.from)} по ${d(s.to)}.`
        : `${countNoun('en', s.days, DAYS.en)} lie between them: ${d(s.from)} to ${d(s.to)}.`;
    case 'not_counted': {
      const why = s.reasons.map((r) => dayOff(r, lang)).join('; ');
      return lang === 'ru' ? `${d(s.date)} не считается: ${why}.` : `${d(s.date)} does not count: ${why}.`;
    }
    case 'counted':
      return lang === 'ru' ? `Полных дней: ${s.clearDays}.` : `${countNoun('en', s.clearDays, CLEAR.en)} counted.`;
    case 'latest':
      return lang === 'ru'
        ? `Последний день, когда уведомление было бы своевременным: ${d(s.on)}.`
        : `The last day a notice would have been in time: ${d(s.on)}.`;
    case 'verdict':
      if (s.inTime) return lang === 'ru' ? 'Уведомление направлено в срок.' : 'The notice was in time.';
      return lang === 'ru'
        ? `Уведомление направлено с опозданием: не хватает ${countNoun('ru', s.short, CLEAR_GENITIVE_RU)}. Заседание может состояться; опоздание отмечено в записи.`
        : `The notice was late by ${countNoun('en', s.short, CLEAR.en)}. The sitting may still go ahead; the record shows the lateness.`;
  }
}
