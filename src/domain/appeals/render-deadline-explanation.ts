// Explanation steps as sentences, in English or Russian. Dates are written from our own month
// tables, not Intl's, so a page reads the same on the server, in any browser and on any ICU
// version (Node's en-GB now writes "Sept"); counts use Intl.PluralRules for real Russian plural
// forms (1 день, 3 дня, 30 дней), which every ICU agrees on for whole numbers.
import type { CivilDate } from '../dates/civil-date.ts';
import type { DeadlineKind, StartEvent } from './deadline-rule.ts';
import type { AppealStep, AppealStatus, DayNote, ReplyClassification } from './deadline-step.ts';
import type { DayOffReason } from './working-calendar.ts';

export type ExplanationLanguage = 'en' | 'ru';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RU_MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];
const RU_MONTHS_NOMINATIVE = [
  'январь',
  'февраль',
  'март',
  'апрель',
  'май',
  'июнь',
  'июль',
  'август',
  'сентябрь',
  'октябрь',
  'ноябрь',
  'декабрь',
];
const RU_MONTHS_PREPOSITIONAL = [
  'январе',
  'феврале',
  'марте',
  'апреле',
  'мае',
  'июне',
  'июле',
  'августе',
  'сентябре',
  'октябре',
  'ноябре',
  'декабре',
];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const RU_WEEKDAYS = ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];

function parts(text: string): { year: string; month?: number; day?: number } {
  const [year = text, month, day] = text.split('-');
  return { year, ...(month ? { month: Number(month) } : {}), ...(day ? { day: Number(day) } : {}) };
}

/**
 * A date ('YYYY-MM-DD', 'YYYY-MM' or 'YYYY') as a reader writes it. Does not check that the day
 * exists, so an explanation can name the day a month lacks ("31 Feb 2023").
 * @example formatCivilDate('2022-09-12', 'en') // '12 Sep 2022'
 * @example formatCivilDate('2022-09-12', 'ru') // '12 сентября 2022'
 */
export function formatCivilDate(date: CivilDate | string, lang: ExplanationLanguage): string {
  const p = parts(date);
  if (p.month === undefined) return p.year;
  const m = p.month - 1;
  if (p.day === undefined) return lang === 'ru' ? `${RU_MONTHS_NOMINATIVE[m]} ${p.year}` : `${EN_MONTHS[m]} ${p.year}`;
  return lang === 'ru' ? `${p.day} ${RU_MONTHS_GENITIVE[m]} ${p.year}` : `${p.day} ${EN_MONTHS[m]} ${p.year}`;
}

/** "on 12 Sep 2022" / "in Aug 2022" / "in 2022"; Russian "12 сентября 2022" / "в августе 2022" / "в 2022 году". */
function onDate(date: string, lang: ExplanationLanguage): string {
  const p = parts(date);
  if (lang === 'en')
    return p.day !== undefined ? `on ${formatCivilDate(date, 'en')}` : `in ${formatCivilDate(date, 'en')}`;
  if (p.day !== undefined) return formatCivilDate(date, 'ru');
  if (p.month !== undefined) return `в ${RU_MONTHS_PREPOSITIONAL[p.month - 1]} ${p.year}`;
  return `в ${p.year} году`;
}

const plural = { en: new Intl.PluralRules('en'), ru: new Intl.PluralRules('ru') };
const numbers = { en: new Intl.NumberFormat('en'), ru: new Intl.NumberFormat('ru') };

type Forms = { en: [string, string]; ru: [one: string, few: string, many: string] };
const DAY: Forms = { en: ['day', 'days'], ru: ['день', 'дня', 'дней'] };
const WORKING_DAY: Forms = { en: ['working day', 'working days'], ru: ['рабочий день', 'рабочих дня', 'рабочих дней'] };
const MONTH: Forms = { en: ['month', 'months'], ru: ['месяц', 'месяца', 'месяцев'] };
const UNIT: Record<DeadlineKind, Forms> = { calendar_days: DAY, working_days: WORKING_DAY, months: MONTH };

function word(n: number, forms: Forms, lang: ExplanationLanguage): string {
  const category = plural[lang].select(n);
  if (lang === 'en') return category === 'one' ? forms.en[0] : forms.en[1];
  return category === 'one' ? forms.ru[0] : category === 'few' ? forms.ru[1] : forms.ru[2];
}

/**
 * A count with its noun in the right plural form.
 * @example countOf(3, 'days', 'ru') // '3 дня'
 */
export function countOf(n: number, unit: 'days' | 'working_days' | 'months', lang: ExplanationLanguage): string {
  const forms = unit === 'days' ? DAY : unit === 'working_days' ? WORKING_DAY : MONTH;
  return `${numbers[lang].format(n)} ${word(n, forms, lang)}`;
}

const count = (n: number, forms: Forms, lang: ExplanationLanguage) =>
  `${numbers[lang].format(n)} ${word(n, forms, lang)}`;

const EVENT_DONE: Record<ExplanationLanguage, Record<StartEvent, string>> = {
  en: { registered: 'registered', received: 'received', sent: 'sent', delivered: 'delivered' },
  ru: { registered: 'зарегистрировано', received: 'получено', sent: 'отправлено', delivered: 'доставлено' },
};
const EVENT_NOUN: Record<ExplanationLanguage, Record<StartEvent, string>> = {
  en: { registered: 'registration', received: 'receipt', sent: 'sending', delivered: 'delivery' },
  ru: { registered: 'регистрации', received: 'получения', sent: 'отправки', delivered: 'доставки' },
};
const REPLY: Record<ExplanationLanguage, Record<ReplyClassification, string>> = {
  en: {
    substantive: 'substantive answer',
    partial: 'partial answer',
    form_reply: 'form reply',
    redirected: 'redirected to another authority',
    refusal: 'refusal',
  },
  ru: {
    substantive: 'ответ по существу',
    partial: 'частичный ответ',
    form_reply: 'формальный ответ (отписка)',
    redirected: 'направлено по компетенции в другой орган',
    refusal: 'отказ',
  },
};

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function holidayName(name: Record<string, string>, lang: ExplanationLanguage): string {
  return name[lang] ?? name.en ?? name.local ?? Object.values(name)[0] ?? '';
}

function reasonText(reason: DayOffReason, lang: ExplanationLanguage): string {
  switch (reason.kind) {
    case 'weekend':
      return lang === 'en' ? `a ${EN_WEEKDAYS[reason.weekday]}` : RU_WEEKDAYS[reason.weekday]!;
    case 'public_holiday': {
      const where = reason.regions ? `, ${reason.regions.join(', ')}` : '';
      const name = `${holidayName(reason.name, lang)}${where}`;
      return lang === 'en' ? `a public holiday (${name})` : `нерабочий праздничный день (${name})`;
    }
    case 'body_day_off': {
      const name = reason.name ? ` (${reason.name})` : '';
      return lang === 'en' ? `a day off in the body's calendar${name}` : `нерабочий день по календарю органа${name}`;
    }
    case 'fee_pause':
      return lang === 'en'
        ? "a day between a fees notice and the fee's receipt (not counted)"
        : 'день между уведомлением о плате и её получением (не считается)';
    case 'transferred_day_off':
      return lang === 'en'
        ? `a day off moved from ${formatCivilDate(reason.from, 'en')} (${reason.act})`
        : `выходной день, перенесённый с ${formatCivilDate(reason.from, 'ru')} (${reason.act})`;
  }
}

function reasonsText(reasons: DayOffReason[], lang: ExplanationLanguage): string {
  // The weekday first: "a Sunday and a public holiday (…)".
  const ordered = [...reasons.filter((r) => r.kind === 'weekend'), ...reasons.filter((r) => r.kind !== 'weekend')];
  return ordered.map((r) => reasonText(r, lang)).join(lang === 'en' ? ' and ' : ' и ');
}

// In a list of days not counted the day itself is named, so a holiday needs only its name.
function noteReason(reason: DayOffReason, lang: ExplanationLanguage): string {
  if (reason.kind !== 'public_holiday') return reasonText(reason, lang);
  return holidayName(reason.name, lang) + (reason.regions ? `, ${reason.regions.join(', ')}` : '');
}

function dayNotes(notes: DayNote[], lang: ExplanationLanguage): string {
  return notes
    .map((n) => `${formatCivilDate(n.date, lang)} (${n.reasons.map((r) => noteReason(r, lang)).join('; ')})`)
    .join('; ');
}

function between(earliest: string, latest: string, lang: ExplanationLanguage): string {
  const [a, b] = [formatCivilDate(earliest, lang), formatCivilDate(latest, lang)];
  if (earliest === latest) return a;
  return lang === 'en' ? `between ${a} and ${b}` : `между ${a} и ${b}`;
}

const CASE_PREFIX: Record<ExplanationLanguage, Record<'earliest' | 'latest', string>> = {
  en: { earliest: 'Earliest case: ', latest: 'Latest case: ' },
  ru: { earliest: 'Самый ранний вариант: ', latest: 'Самый поздний вариант: ' },
};

function statusText(step: Extract<AppealStep, { kind: 'status' }>, lang: ExplanationLanguage): string {
  const d = (date: string) => formatCivilDate(date, lang);
  const asOf = lang === 'en' ? `As of ${d(step.today)}: ` : `На ${d(step.today)}: `;
  const days = (n: number | undefined) => count(n ?? 0, DAY, lang);
  const due = step.due
    ? d(step.due) +
      (step.provisional
        ? lang === 'en'
          ? ', the latest the provisional date can be'
          : ', самый поздний из возможных'
        : '')
    : '?';
  // Past the due date but not yet overdue: the rule's overdueAfterDays grace.
  const graced = step.due !== undefined && step.today > step.due;
  const en: Record<AppealStatus, () => string> = {
    draft: () => 'Draft: not sent',
    sent: () => `${asOf}sent; the clock starts by ${step.startBy ? d(step.startBy) : '?'} at the latest`,
    awaiting: () =>
      `${asOf}awaiting a reply for ${days(step.daysAwaiting)}; due ${due}` +
      (graced
        ? ' (passed; within the grace the rule allows)'
        : step.daysLeft === 0
          ? ' (today)'
          : ` (${days(step.daysLeft)} left)`),
    overdue: () => `${asOf}overdue — no reply ${days(step.daysOverdue)} after the due date ${due}`,
    ignored: () =>
      `${asOf}ignored — no reply for ${days(step.daysAwaiting)}, ${days(step.daysOverdue)} past the due date ${due}`,
    answered: () =>
      `Answered — ${REPLY.en[step.classification ?? 'substantive']}` +
      (step.answeredLate ? ` (${step.judgedOn === 'received' ? 'received' : 'sent'} after the due date ${due})` : ''),
    closed: () => `Closed ${onDate(step.date ?? step.today, 'en')}`,
    withdrawn: () => `Withdrawn ${onDate(step.date ?? step.today, 'en')}`,
  };
  const ru: Record<AppealStatus, () => string> = {
    draft: () => 'Черновик: не отправлено',
    sent: () => `${asOf}отправлено; срок начинает течь не позднее ${step.startBy ? d(step.startBy) : '?'}`,
    awaiting: () =>
      `${asOf}ожидается ответ (${days(step.daysAwaiting)} с отправки); срок ${due}` +
      (graced
        ? ' (истёк; в пределах отсрочки по правилу)'
        : step.daysLeft === 0
          ? ' (сегодня)'
          : ` (осталось ${days(step.daysLeft)})`),
    overdue: () => `${asOf}просрочено — нет ответа ${days(step.daysOverdue)} после срока ${due}`,
    ignored: () =>
      `${asOf}оставлено без ответа — нет ответа ${days(step.daysAwaiting)}, срок ${due} истёк ${days(step.daysOverdue)} назад`,
    answered: () =>
      `Получен ответ — ${REPLY.ru[step.classification ?? 'substantive']}` +
      (step.answeredLate ? ` (${step.judgedOn === 'received' ? 'получен' : 'направлен'} после срока ${due})` : ''),
    closed: () => `Закрыто ${onDate(step.date ?? step.today, 'ru')}`,
    withdrawn: () => `Отозвано ${onDate(step.date ?? step.today, 'ru')}`,
  };
  let line = (lang === 'en' ? en : ru)[step.status]();
  if (step.target && (step.status === 'overdue' || step.status === 'ignored')) {
    line +=
      lang === 'en'
        ? ' (the act sets a target, not a hard deadline)'
        : ' (закон устанавливает ориентировочный, а не пресекательный срок)';
  }
  return line;
}

function countText(step: Extract<AppealStep, { kind: 'count' }>, lang: ExplanationLanguage): string[] {
  const d = (date: string) => formatCivilDate(date, lang);
  const amount = count(step.amount, UNIT[step.unit], lang);
  let head: string;
  if (step.startOffsetDays === 1) {
    const preposition = lang === 'ru' ? 'после' : step.unit === 'working_days' ? 'after' : 'from';
    head = `${amount} ${preposition} ${d(step.from)}`;
  } else if (step.startOffsetDays === 0) {
    head =
      lang === 'en'
        ? `${amount} counting ${d(step.firstDay)} as the first day`
        : `${amount}, считая ${d(step.firstDay)} первым днём`;
  } else {
    head =
      lang === 'en'
        ? `${amount} from ${d(step.from)}, counted from ${d(step.firstDay)}`
        : `${amount} после ${d(step.from)}, считая с ${d(step.firstDay)}`;
  }
  let line = `${head} → ${d(step.to)}`;
  if (step.clampedFrom) {
    line +=
      lang === 'en'
        ? ` (there is no ${d(step.clampedFrom)}: the last day of the month)`
        : ` (${d(step.clampedFrom)} нет — последний день месяца)`;
  }
  const lines = [line];
  if (step.notCounted?.length)
    lines.push(`${lang === 'en' ? 'Not counted' : 'Не считаются'}: ${dayNotes(step.notCounted, lang)}`);
  if (step.countedMoved?.length) {
    const moved = step.countedMoved.map((n) => formatCivilDate(n.date, lang)).join('; ');
    lines.push(
      lang === 'en'
        ? `Counted as working days by the body's calendar: ${moved}`
        : `Считаются рабочими по календарю органа: ${moved}`,
    );
  }
  return lines;
}

// "Latest case: extended by …": the sentence continues after the prefix, so it starts lower-case.
function inCase(rangeCase: 'earliest' | 'latest' | undefined, text: string, lang: ExplanationLanguage): string {
  return rangeCase ? CASE_PREFIX[lang][rangeCase] + text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function stepLines(step: AppealStep, lang: ExplanationLanguage): string[] {
  const d = (date: string) => formatCivilDate(date, lang);
  switch (step.kind) {
    case 'start':
      return [`${capital(EVENT_DONE[lang][step.event])} ${onDate(step.date, lang)}`];
    case 'start_range': {
      const unknown = lang === 'en' ? '(day not recorded)' : '(день не записан)';
      return [
        `${capital(EVENT_DONE[lang][step.event])} ${onDate(step.text, lang)} ${unknown}: ${between(step.earliest, step.latest, lang)}`,
      ];
    }
    case 'assumption': {
      const gap =
        step.maxDays === 0
          ? lang === 'en'
            ? `on the day of ${EVENT_NOUN.en[step.after]}`
            : `в день ${EVENT_NOUN.ru[step.after]}`
          : `${step.minDays === step.maxDays ? '' : `${step.minDays}–`}${count(step.maxDays, DAY, lang)} ${lang === 'en' ? 'after' : 'после'} ${EVENT_NOUN[lang][step.after]}`;
      const cite = step.source
        ? lang === 'ru' && step.source.ru
          ? `${step.source.ru.act ?? step.source.act}, ${step.source.ru.section ?? step.source.section}`
          : `${step.source.act}, ${step.source.section}`
        : '';
      const basis = lang === 'en' ? [cite, step.note].filter(Boolean).join(': ') : cite;
      const label = lang === 'en' ? 'Assumed (not recorded)' : 'Допущение (не записано)';
      return [
        `${label}: ${EVENT_DONE[lang][step.event]} ${gap}${basis ? ` (${basis})` : ''} → ${between(step.earliest, step.latest, lang)}`,
      ];
    }
    case 'count': {
      const lines = countText(step, lang);
      return [inCase(step.case, lines[0]!, lang), ...lines.slice(1)];
    }
    case 'extension': {
      const amount = count(step.amount, step.unit === 'working_days' ? WORKING_DAY : DAY, lang);
      const text =
        lang === 'en'
          ? `Extended by ${amount}: ${d(step.from)} → ${d(step.to)}`
          : `Продлено на ${amount}: ${d(step.from)} → ${d(step.to)}`;
      return [inCase(step.case, text, lang)];
    }
    case 'roll_forward': {
      const text =
        lang === 'en'
          ? `${d(step.from)} is ${reasonsText(step.reasons, lang)} → next working day ${d(step.to)}`
          : `${d(step.from)} — ${reasonsText(step.reasons, lang)} → следующий рабочий день ${d(step.to)}`;
      return [inCase(step.case, text, lang)];
    }
    case 'not_rolled': {
      const text =
        lang === 'en'
          ? `${d(step.date)} is ${reasonsText(step.reasons, lang)}; this rule does not move the due date`
          : `${d(step.date)} — ${reasonsText(step.reasons, lang)}; по этому правилу срок не переносится`;
      return [inCase(step.case, text, lang)];
    }
    case 'provisional': {
      const years = step.years.join(', ');
      const text =
        lang === 'en'
          ? `Provisional: the Government's decree moving days off in ${years} is not in the table; if it adds up to ${count(step.extraDaysOff, DAY, 'en')} off, the due date ${d(step.date)} moves to ${d(step.latest)} at the latest — not called late before then`
          : `Предварительно: постановления Правительства о переносе выходных дней в ${years} г. нет в таблице; если оно добавит до ${count(step.extraDaysOff, DAY, 'ru')} отдыха, срок ${d(step.date)} сдвинется не позднее чем на ${d(step.latest)} — до этого просрочка не отмечается`;
      return [inCase(step.case, text, lang)];
    }
    case 'due':
      if (step.earliest !== undefined && step.latest !== undefined && step.earliest !== step.latest) {
        return [
          lang === 'en'
            ? `Due: ${between(step.earliest, step.latest, lang)}; counted as ${d(step.date)}, the latest`
            : `Срок: ${between(step.earliest, step.latest, lang)}; учитывается ${d(step.date)}, самый поздний`,
        ];
      }
      return [`${lang === 'en' ? 'Due' : 'Срок'}: ${d(step.date)}`];
    case 'by_analogy':
      return [
        lang === 'en'
          ? 'The act covers appeals of citizens; its deadline is applied to this letter of a public body by analogy'
          : 'Закон распространяется на обращения граждан; к письму органа власти его срок применён по аналогии',
      ];
    case 'not_sent':
      return [lang === 'en' ? 'Not sent yet' : 'Ещё не отправлено'];
    case 'reply': {
      const when = step.date ? onDate(step.date, lang) : lang === 'en' ? '(date not recorded)' : '(дата не записана)';
      const own = [
        step.dated
          ? lang === 'en'
            ? `dated ${formatCivilDate(step.dated, 'en')}`
            : `от ${formatCivilDate(step.dated, 'ru')}`
          : '',
        step.reference ? (lang === 'en' ? `ref. ${step.reference}` : `исх. № ${step.reference}`) : '',
      ]
        .filter(Boolean)
        .join(', ');
      const letter = own ? ` (${own})` : '';
      return [
        lang === 'en'
          ? `Reply received ${when}${letter}: ${REPLY.en[step.classification]}`
          : `Получен ответ ${when}${letter}: ${REPLY.ru[step.classification]}`,
      ];
    }
    case 'redirected': {
      const to = step.to ? (lang === 'en' ? ` to ${step.to}` : ` в ${step.to}`) : '';
      const clock =
        step.clock === 'restart'
          ? lang === 'en'
            ? 'the clock starts again'
            : 'срок начинается заново'
          : lang === 'en'
            ? 'the clock runs on'
            : 'срок продолжает течь';
      return [
        lang === 'en'
          ? `Redirected ${onDate(step.date, 'en')}${to}: ${clock}`
          : `Направлено по компетенции ${onDate(step.date, 'ru')}${to}: ${clock}`,
      ];
    }
    case 'extension_notice': {
      const why = {
        en: {
          not_allowed: 'the rule allows no extension',
          exceeds_rule: 'more than the rule allows',
          after_due_date: 'notified after the due date',
        },
        ru: {
          not_allowed: 'правило не допускает продления',
          exceeds_rule: 'больше, чем допускает правило',
          after_due_date: 'уведомление после истечения срока',
        },
      }[lang];
      const refused =
        step.counted || !step.refused
          ? ''
          : lang === 'en'
            ? `; not counted: ${why[step.refused]}`
            : `; не учитывается: ${why[step.refused]}`;
      const days = count(step.days, DAY, lang);
      return [
        lang === 'en'
          ? `Extension by ${days} notified ${onDate(step.date, 'en')}${refused}`
          : `Уведомление о продлении на ${days} ${onDate(step.date, 'ru')}${refused}`,
      ];
    }
    case 'clarified': {
      const effect = step.counted
        ? lang === 'en'
          ? 'the clock starts again from it'
          : 'срок начинается заново с этого дня'
        : lang === 'en'
          ? 'this rule does not restart the clock'
          : 'по этому правилу срок не начинается заново';
      return [
        lang === 'en'
          ? `Further information received ${onDate(step.date, 'en')}: ${effect}`
          : `Получены запрошенные уточнения ${onDate(step.date, 'ru')}: ${effect}`,
      ];
    }
    case 'fee_pause': {
      const until = step.to
        ? lang === 'en'
          ? `fee received ${onDate(step.to, 'en')}`
          : `плата получена ${onDate(step.to, 'ru')}`
        : lang === 'en'
          ? 'fee not yet received'
          : 'плата ещё не получена';
      const effect = step.counted
        ? lang === 'en'
          ? 'the days in between are not counted'
          : 'дни между ними не считаются'
        : lang === 'en'
          ? 'this rule does not pause the clock'
          : 'по этому правилу срок не приостанавливается';
      return [
        lang === 'en'
          ? `Fees notice ${onDate(step.from, 'en')}; ${until}: ${effect}`
          : `Уведомление о плате ${onDate(step.from, 'ru')}; ${until}: ${effect}`,
      ];
    }
    case 'follow_up':
      return [
        lang === 'en'
          ? `Follow-up sent ${onDate(step.date, 'en')}`
          : `Направлено повторное обращение ${onDate(step.date, 'ru')}`,
      ];
    case 'status':
      return [statusText(step, lang)];
  }
}

/**
 * The explanation as sentences, one string per line.
 * @example renderDeadlineExplanation(computeDeadline(deadlinePreset('ru-59fz'), { from: '2022-09-12' }).explanation, 'en')
 * // ['Registered on 12 Sep 2022', '30 days from 12 Sep 2022 → 12 Oct 2022', 'Due: 12 Oct 2022']
 */
export function renderDeadlineExplanation(steps: readonly AppealStep[], lang: ExplanationLanguage): string[] {
  return steps.flatMap((step) => stepLines(step, lang));
}
