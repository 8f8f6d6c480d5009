// Where each step of a count comes from. Scottish STV: the Scottish Local Government Elections Order
// 2011 (SSI 2011/399), schedule 1, rules 46–53. The wording of rules 46–53 was checked against the
// same rules of the 2007 Order (SSI 2007/42, rules 45–52, renumbered by one in 2011: the 2011 Order's
// own interpretation article speaks of exclusion "under rule 51", and SSI 2021/437's note of the
// filling of last vacancies under "rule 53(1)"); rule 48(3) of 2007 (49(3) of 2011) was read on
// legislation.gov.uk. Meek STV: the Local Electoral Regulations 2001 (NZ), schedule 1A; clause 5 (the
// quota) and clause 3 were read on legislation.govt.nz; clauses 6–13 as an implementation that
// follows the schedule clause by clause has them, and the rounding from memory of Hill, Wichmann and
// Woodall's Algorithm 123 on which the schedule is built — marked `unverified` below.
import type { Citation } from '../rules/rule-set.ts';

const SSI = 'Scottish Local Government Elections Order 2011 (SSI 2011/399), schedule 1';
const NZ = 'Local Electoral Regulations 2001 (NZ, SR 2001/145), schedule 1A';
const NZ_MEMORY =
  'the clause text was not reached: its order and tests as in an implementation that follows the schedule clause by clause (github.com/wrmack/NZSTV-OCaml); rounding up to 9 places from memory of Algorithm 123';

export const CITATIONS: Record<string, Citation> = {
  'ssi-46': {
    act: SSI,
    section: 'rule 46 (first stage)',
    ru: { section: 'правило 46 (первый этап)' },
    quote:
      'sort the valid ballot papers into parcels according to the candidates for whom first preference votes are given',
  },
  'ssi-47': {
    act: SSI,
    section: 'rule 47 (the quota)',
    ru: { section: 'правило 47 (квота)' },
    quote:
      'divide the total number of valid ballot papers … by a number exceeding by one the number of councillors to be elected … (ignoring any decimal places), increased by one',
  },
  'ssi-48': {
    act: SSI,
    section: 'rule 48(1) (return of councillors)',
    ru: { section: 'правило 48(1) (избрание членов совета)' },
    quote: 'the number of votes for a candidate equals or exceeds the quota, the candidate is deemed to be elected',
  },
  'ssi-49': {
    act: SSI,
    section: 'rule 49(1)–(4) (transfer of ballot papers)',
    ru: { section: 'правило 49(1)–(4) (передача бюллетеней)' },
    quote:
      'A divided by B … A = the surplus … multiplied by the value of the ballot paper when received … B = the total number of votes credited to that candidate … to five decimal places (any remainder being ignored)',
  },
  'ssi-50': {
    act: SSI,
    section: 'rule 50 (transfer of ballot papers – supplementary provisions)',
    ru: { section: 'правило 50 (передача бюллетеней — дополнительные положения)' },
    quote:
      'first sort the ballot papers of the candidate with the highest surplus … If the surpluses … are equal … the highest number of votes at the end of the most recent preceding stage at which they had unequal numbers of votes … by lot',
  },
  'ssi-51': {
    act: SSI,
    section: 'rule 51 (exclusion of candidates)',
    ru: { section: 'правило 51 (исключение кандидатов)' },
    quote:
      'exclude from the election at that stage the candidate with the then lowest number of votes … the same transfer value as when transferred to the candidate excluded',
  },
  'ssi-52': {
    act: SSI,
    section: 'rule 52 (exclusion of candidates – supplementary provisions)',
    ru: { section: 'правило 52 (исключение кандидатов — дополнительные положения)' },
    quote:
      'the most recently preceding stage of the count at which they had an unequal number of votes … where the number of votes … was equal at all stages, the returning officer shall decide, by lot',
    assumption:
      'with three or more tied, the stage that separates some of them narrows the tie to those lowest there, and earlier stages go on from that set',
  },
  'ssi-53': {
    act: SSI,
    section: 'rule 53 (filling of last vacancies)',
    ru: { section: 'правило 53 (замещение последних мест)' },
    quote:
      'Where the number of continuing candidates is equal to the number of vacancies remaining unfilled, the continuing candidates are deemed to be elected',
  },
  'nz-3': {
    act: NZ,
    section: 'clause 3 (counting complete)',
    ru: { section: 'п. 3 (окончание подсчёта)' },
    quote:
      'Counting is also complete when the number of successful candidates and hopeful candidates is equal to the number of vacancies',
  },
  'nz-5': {
    act: NZ,
    section: 'clause 5 (step 1: the quota)',
    ru: { section: 'п. 5 (шаг 1: квота)' },
    quote: 'q = (v − vnt)/(n + 1) + 0.000000001 … truncated to 9 decimal digits after the point with no rounding',
  },
  'nz-6': {
    act: NZ,
    section: 'clause 6 (first preferences at the quota)',
    ru: { section: 'п. 6 (первые предпочтения на уровне квоты)' },
    quote: 'A candidate whose first preferences equal or exceed the quota becomes a successful candidate',
  },
  'nz-7': {
    act: NZ,
    section: 'clauses 7–11 (keep values, allocation of votes, new quota)',
    ru: { section: 'пп. 7–11 (коэффициенты сохранения, распределение голосов, новая квота)' },
    unverified: NZ_MEMORY,
    note: 'a successful candidate’s keep value becomes keep value × quota ÷ votes; each paper gives each candidate in turn its keep value’s share of what is left; the quota is worked out again from the votes not exhausted',
  },
  'nz-12': {
    act: NZ,
    section: 'clause 12 (hopeful candidates at the quota)',
    ru: { section: 'п. 12 (кандидаты, достигшие квоты)' },
    unverified: NZ_MEMORY,
  },
  'nz-13': {
    act: NZ,
    section: 'clause 13 (exclusion of the lowest hopeful candidate)',
    ru: { section: 'п. 13 (исключение кандидата с наименьшим числом голосов)' },
    unverified: NZ_MEMORY,
    note: 'when the total surplus is less than 0.0001, or when the lowest hopeful candidate’s votes with the whole surplus are fewer than the next lowest candidate’s',
  },
  'nz-ties': {
    act: NZ,
    section: 'Part 5 (ties: Ahead At First Difference, then the PRNG method)',
    ru: { section: 'ч. 5 (равенство голосов: первое различие, затем жребий)' },
    unverified: NZ_MEMORY,
    assumption:
      'a tie that earlier stages do not settle goes to Quorate’s recorded lot in place of the schedule’s PRNG',
  },
  body: {
    act: 'the body’s rules of procedure',
    section: 'the election rule chosen for the count',
    ru: { act: 'регламент органа', section: 'правило выборов, выбранное для подсчёта' },
    assumption: 'the base, threshold and what follows an inconclusive round are parameters of the count',
  },
};
