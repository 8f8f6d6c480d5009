// Russia's transferred days off, year by year, from the Government's annual decrees «О переносе
// выходных дней в 20XX году» (Labour Code art. 112(5)), and the days off that art. 112(2) moves by
// itself (a non-working holiday other than 1–8 January on a Saturday or Sunday gives the next
// working day off, unless the decree moves that weekend day elsewhere).
//
// The holiday library knows the fixed holidays and a few 2022 transfers only, so without this
// table a due date falls on a day off that a decree created (registered 30 Nov 2024: 30 Dec 2024
// by the library, 9 Jan 2025 in law). A year missing here is "unconfirmed": its due dates are
// provisional (see PROVISIONAL_EXTRA_DAYS_OFF and compute-deadline.ts).
//
// Data licence: Russian official documents (laws, government decrees) are not objects of
// copyright (Civil Code art. 1259(6)(1)); the transfers below are facts stated in them. The quotes
// are the decrees' operative words, as published; the numbers and dates were checked against
// published texts and reports of the Government's announcements (see `checked` per year).
import type { CivilDate } from '../dates/civil-date.ts';

export interface TransferredDayOff {
  /** The weekday that becomes a day off. */
  date: CivilDate;
  /** The weekend day or holiday it was moved from. */
  from: CivilDate;
  /** 'decree': by the year's decree; 'labour_code': by Labour Code art. 112(2) itself. */
  basis: 'decree' | 'labour_code';
}

export interface DayTransferYear {
  year: number;
  /** The decree, in Russian as it is cited. */
  act: string;
  /** The decree's number; null when it could not be confirmed. */
  number: string | null;
  /** The day the decree was signed. */
  signed: CivilDate;
  /** The decree's operative words (short). */
  quote: string;
  /** How the table was checked; names what could not be. */
  checked: string;
  daysOff: TransferredDayOff[];
  /** Saturdays (or Sundays) the decree made working days, their day off moved elsewhere. */
  workingDays: CivilDate[];
}

/** Labour Code art. 112(2), cited for the days off it moves by itself. */
export const LABOUR_CODE_112 = {
  act: 'Трудовой кодекс Российской Федерации',
  section: 'ч. 2 ст. 112',
  quote:
    'При совпадении выходного и нерабочего праздничного дней выходной день переносится на следующий после праздничного рабочий день',
};

export const RU_DAY_TRANSFERS: readonly DayTransferYear[] = [
  {
    year: 2022,
    act: 'Постановление Правительства РФ от 16.09.2021 № 1564 «О переносе выходных дней в 2022 году»',
    number: '1564',
    signed: '2021-09-16',
    quote:
      'с субботы 1 января на вторник 3 мая; с воскресенья 2 января на вторник 10 мая; с субботы 5 марта на понедельник 7 марта',
    checked:
      'decree text as cited by the holiday library (government document 43282); 2 May and 13 June by art. 112(2)',
    daysOff: [
      { date: '2022-03-07', from: '2022-03-05', basis: 'decree' },
      { date: '2022-05-02', from: '2022-05-01', basis: 'labour_code' },
      { date: '2022-05-03', from: '2022-01-01', basis: 'decree' },
      { date: '2022-05-10', from: '2022-01-02', basis: 'decree' },
      { date: '2022-06-13', from: '2022-06-12', basis: 'labour_code' },
    ],
    workingDays: ['2022-03-05'],
  },
  {
    year: 2023,
    act: 'Постановление Правительства РФ от 29.08.2022 № 1505 «О переносе выходных дней в 2023 году»',
    number: '1505',
    signed: '2022-08-29',
    quote: 'с воскресенья 1 января на пятницу 24 февраля; с воскресенья 8 января на понедельник 8 мая',
    checked:
      'number and date from the legal database summary of the decree and the Government\'s announcement of 30.08.2022 ("с 4 по 6 ноября" confirms 6 November by art. 112(2))',
    daysOff: [
      { date: '2023-02-24', from: '2023-01-01', basis: 'decree' },
      { date: '2023-05-08', from: '2023-01-08', basis: 'decree' },
      { date: '2023-11-06', from: '2023-11-04', basis: 'labour_code' },
    ],
    workingDays: [],
  },
  {
    year: 2024,
    act: 'Постановление Правительства РФ от 10.08.2023 № 1314 «О переносе выходных дней в 2024 году»',
    number: '1314',
    signed: '2023-08-10',
    quote:
      'с субботы 6 января на пятницу 10 мая; с воскресенья 7 января на вторник 31 декабря; с субботы 27 апреля на понедельник 29 апреля; с субботы 2 ноября на вторник 30 апреля; с субботы 28 декабря на понедельник 30 декабря',
    checked: 'full text of the decree in a legal database',
    daysOff: [
      { date: '2024-04-29', from: '2024-04-27', basis: 'decree' },
      { date: '2024-04-30', from: '2024-11-02', basis: 'decree' },
      { date: '2024-05-10', from: '2024-01-06', basis: 'decree' },
      { date: '2024-12-30', from: '2024-12-28', basis: 'decree' },
      { date: '2024-12-31', from: '2024-01-07', basis: 'decree' },
    ],
    workingDays: ['2024-04-27', '2024-11-02', '2024-12-28'],
  },
  {
    year: 2025,
    act: 'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»',
    number: '1335',
    signed: '2024-10-04',
    quote:
      'с субботы 4 января на пятницу 2 мая; с воскресенья 5 января на среду 31 декабря; с воскресенья 23 февраля на четверг 8 мая; с субботы 8 марта на пятницу 13 июня; с субботы 1 ноября на понедельник 3 ноября',
    checked: "number and date from a legal database news item and the Government's announcement of 04.10.2024",
    daysOff: [
      { date: '2025-05-02', from: '2025-01-04', basis: 'decree' },
      { date: '2025-05-08', from: '2025-02-23', basis: 'decree' },
      { date: '2025-06-13', from: '2025-03-08', basis: 'decree' },
      { date: '2025-11-03', from: '2025-11-01', basis: 'decree' },
      { date: '2025-12-31', from: '2025-01-05', basis: 'decree' },
    ],
    // 23 February and 8 March fell on a Sunday and a Saturday; the decree moved those days off
    // to May and June, so 24 February and 10 March 2025 were working days.
    workingDays: ['2025-11-01'],
  },
  {
    year: 2026,
    act: 'Постановление Правительства РФ от 24.09.2025 «О переносе выходных дней в 2026 году» (номер не подтверждён)',
    number: null,
    signed: '2025-09-24',
    quote: 'с субботы 3 января на пятницу 9 января; с воскресенья 4 января на четверг 31 декабря',
    checked:
      "transfers and signing date from the Government's announcement of 24.09.2025 as reported by several news agencies; the decree's number could not be confirmed",
    daysOff: [
      { date: '2026-01-09', from: '2026-01-03', basis: 'decree' },
      { date: '2026-03-09', from: '2026-03-08', basis: 'labour_code' },
      { date: '2026-05-11', from: '2026-05-09', basis: 'labour_code' },
      { date: '2026-12-31', from: '2026-01-04', basis: 'decree' },
    ],
    workingDays: [],
  },
];

/**
 * For a year without a table: how many more weekdays off a decree may add. From the decrees of
 * 2022–2026, a year has had at most five weekdays made days off (2022, 2024, 2025: five each;
 * 2023: three; 2026: four), and at most two of them in a row; so five more working days after a
 * provisional due date cover every year on record, both for a last day that falls on such a day
 * and for a count of working days that crosses them.
 */
export const PROVISIONAL_EXTRA_DAYS_OFF = 5;

const byYear = new Map(RU_DAY_TRANSFERS.map((y) => [y.year, y]));

/**
 * The transfer table of a year, if the decree is in it.
 * @example ruDayTransfers(2024)?.number // '1314'
 */
export function ruDayTransfers(year: number): DayTransferYear | undefined {
  return byYear.get(year);
}
