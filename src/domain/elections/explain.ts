// A count's steps as sentences in English and Russian (DESIGN.md: both languages, Russian in the
// terms of electoral law — «квота», «передача излишка», «исключение кандидата», «жребий»). Each line
// ends with the rule it applies.
import type { Lang } from '../rules/plural-noun.ts';
import { countNoun } from '../rules/plural-noun.ts';
import { CITATIONS } from './citations.ts';
import type { CountResult, CountStep } from './types.ts';

const VOTES_RU = { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' };
const VOTES_EN = { one: 'vote', other: 'votes' };
const PAPERS_RU = { one: 'бюллетень', few: 'бюллетеня', many: 'бюллетеней', other: 'бюллетеня' };
const PAPERS_EN = { one: 'paper', other: 'papers' };
const ITERATIONS_RU = { one: 'итерация', few: 'итерации', many: 'итераций', other: 'итерации' };
const BASE_RU: Record<string, string> = {
  cast: 'поданные голоса',
  present: 'присутствующие члены',
  established: 'установленная численность',
  yes_no: '«за» и «против»',
};

type Names = (c: number) => string;

function list(names: Names, cs: unknown, lang: Lang): string {
  const xs = (cs as number[]).map(names);
  return xs.join(lang === 'ru' ? ', ' : ', ');
}

function sentence(step: CountStep, names: Names, lang: Lang): string {
  const a = step.args;
  const who = typeof a.candidate === 'number' ? names(a.candidate) : '';
  const votes = (v: unknown) => (lang === 'ru' ? `${v} гол.` : `${v} votes`);
  const whole = (v: unknown) => countNoun(lang, Number(v), lang === 'ru' ? VOTES_RU : VOTES_EN);
  const ru = lang === 'ru';
  switch (step.code) {
    case 'quota_droop':
      return ru
        ? `Действительных бюллетеней ${a.valid}, мест ${a.seats}: квота = ⌊${a.valid} / (${a.seats} + 1)⌋ + 1 = ${a.quota}.`
        : `${a.valid} valid papers, ${a.seats} seats: quota = ⌊${a.valid} / (${a.seats} + 1)⌋ + 1 = ${a.quota}.`;
    case 'quota_meek':
      return ru
        ? `Квота = (голоса − непереданные) / (${a.seats} + 1) + 0.000000001, с отбрасыванием после 9-го знака: ${a.quota}.`
        : `Quota = (votes − non-transferable) / (${a.seats} + 1) + 0.000000001, truncated to 9 places: ${a.quota}.`;
    case 'precision':
      return ru
        ? `Вычисления точные, до ${a.digits} знаков после запятой.`
        : `Arithmetic is exact to ${a.digits} decimal places.`;
    case 'meek_convergence':
      return ru
        ? `Излишки считаются исчерпанными, когда их сумма меньше ${a.tolerance} голоса или коэффициенты сохранения перестают меняться.`
        : `The surplus counts as spent when the elected candidates' surpluses sum to less than ${a.tolerance} of a vote, or keep values stop changing.`;
    case 'first_preferences':
      return ru
        ? `Первый этап: бюллетени разложены по первым предпочтениям, каждому кандидату засчитано по голосу за бюллетень.`
        : `First stage: papers sorted by first preference, each candidate credited one vote a paper.`;
    case 'elected_quota':
      return ru
        ? `Кандидат ${who} набирает ${votes(a.votes)} при квоте ${a.quota} и считается избранным.`
        : `${who} has ${votes(a.votes)}, reaching the quota of ${a.quota}, and is deemed elected.`;
    case 'elected_last_vacancies':
      return ru
        ? `Продолжающих участие кандидатов столько же, сколько незамещённых мест: кандидат ${who} (${votes(a.votes)}) считается избранным.`
        : `As many continuing candidates as vacancies remain: ${who} (${votes(a.votes)}) is deemed elected.`;
    case 'surplus_transfer':
      return ru
        ? `Передаётся излишек голосов кандидата ${who}: ${a.surplus} из ${a.total}; все его бюллетени переходят к следующему доступному предпочтению.`
        : `${who}'s surplus of ${a.surplus} (of ${a.total}) is transferred: every paper the candidate holds moves to its next available preference.`;
    case 'transfer_value':
      return ru
        ? `${countNoun('ru', Number(a.papers), PAPERS_RU)} весом ${a.value} передаются с переходящим весом ${a.transferValue} (излишек × вес ÷ голоса, с отбрасыванием после 5-го знака).`
        : `${countNoun('en', Number(a.papers), PAPERS_EN)} of value ${a.value} move at ${a.transferValue} (surplus × value ÷ votes, truncated to five places).`;
    case 'excluded_lowest':
      return ru
        ? `Излишков для передачи нет: исключается кандидат с наименьшим числом голосов — ${who} (${a.votes}); его бюллетени передаются дальше с прежним весом.`
        : `No surplus to transfer: ${who}, with the fewest votes (${a.votes}), is excluded; the papers move on at the value they had when received.`;
    case 'excluded_surplus_spent':
      return ru
        ? `Излишки исчерпаны (${a.surplus}): исключается кандидат с наименьшим числом голосов — ${who} (${a.votes}); его коэффициент сохранения становится 0.`
        : `The surplus is spent (${a.surplus}): ${who}, with the fewest votes (${a.votes}), is excluded; the keep value becomes 0.`;
    case 'dropped_lowest':
      return ru
        ? `Кандидат с наименьшим числом голосов — ${who} (${a.votes}) — не участвует в следующем туре.`
        : `${who}, with the fewest votes (${a.votes}), drops out of the next round.`;
    case 'excluded_cannot_overtake':
      return ru
        ? `Кандидат ${who} (${a.votes}) не может обойти следующего кандидата даже со всем излишком (${a.surplus}) и исключается.`
        : `${who} (${a.votes}) could not pass the next candidate even with the whole surplus (${a.surplus}) and is excluded.`;
    case 'tie_earlier_stage':
      return ru
        ? `Равенство между ${list(names, a.candidates, lang)}: решает этап ${a.stage}, на котором голоса различались; остаются ${list(names, a.kept, lang)}.`
        : `Tie between ${list(names, a.candidates, lang)}: settled by stage ${a.stage}, where their votes differed; left: ${list(names, a.kept, lang)}.`;
    case 'tie_lot':
      return ru
        ? `Равенство между ${list(names, a.candidates, lang)} решается жребием: выпал кандидат ${who} (SHA-256 ${String(a.digest).slice(0, 16)}…).`
        : `Tie between ${list(names, a.candidates, lang)} decided by lot: ${who} (SHA-256 ${String(a.digest).slice(0, 16)}…).`;
    case 'meek_iterated':
      return ru
        ? `Пересчёт коэффициентов сохранения (${countNoun('ru', Number(a.iterations), ITERATIONS_RU)}): квота ${a.quota}, сумма излишков ${a.surplus}.`
        : `Keep values recomputed (${a.iterations} iterations): quota ${a.quota}, surpluses ${a.surplus}.`;
    case 'count_complete':
      return ru ? `Замещено мест: ${a.elected} из ${a.seats}.` : `${a.elected} of ${a.seats} seats filled.`;
    case 'plurality':
      return ru
        ? `Относительное большинство: мест ${a.seats}, избираются кандидаты с наибольшим числом голосов (подано ${a.cast}).`
        : `Plurality: the ${a.seats} candidate(s) with the most of ${a.cast} votes cast are elected.`;
    case 'approval':
      return ru
        ? `Голосование одобрением (не более ${a.maxMarks} отметок): действительных бюллетеней ${a.valid}, недействительных ${a.spoilt}; мест ${a.seats}, избираются кандидаты с наибольшим числом голосов «за».`
        : `Approval (up to ${a.maxMarks} marks): ${a.valid} valid papers, ${a.spoilt} spoilt; the ${a.seats} most approved are elected.`;
    case 'majority_round':
      return ru
        ? `Тур ${a.round}: нужно более половины от базы (${BASE_RU[String(a.base)] ?? a.base}: ${a.baseCount}), то есть не менее ${whole(a.needed)}; подано ${a.cast}. Бюллетени засчитываются за высшего по предпочтению оставшегося кандидата.`
        : `Round ${a.round}: more than half of the base (${a.base}: ${a.baseCount}) is needed, at least ${whole(a.needed)}; ${a.cast} cast. Each paper counts for its highest-ranked candidate still standing.`;
    case 'elected_majority':
      return ru
        ? `Кандидат ${who} получает ${whole(a.votes)} и избирается.`
        : `${who} has ${whole(a.votes)} and is elected.`;
    case 'elected_runoff':
      return ru
        ? `Во втором туре кандидат ${who} получает больше голосов (${a.votes}) и избирается.`
        : `In the runoff ${who} has more votes (${a.votes}) and is elected.`;
    case 'runoff_between':
      return ru
        ? `Никто не получил большинства: второй тур между ${list(names, a.candidates, lang)}.`
        : `No majority: a runoff between ${list(names, a.candidates, lang)}.`;
    case 'no_majority':
      return ru
        ? `Никто не набрал ${whole(a.needed)}: место не замещено, нужны новые выборы по правилам органа.`
        : `No candidate reached ${whole(a.needed)}: the seat is not filled; the body's rules say what follows.`;
    case 'yes_no_qualified':
    case 'yes_no_not_qualified': {
      const ok = step.code === 'yes_no_qualified';
      return ru
        ? `Кандидат ${who}: «за» ${a.yes}, «против» ${a.no}, «воздержался» ${a.abstain}; порог ${a.compare === '>' ? 'более' : 'не менее'} ${a.threshold} от ${a.base} (${BASE_RU[String(a.baseName)] ?? ''}) ${ok ? 'пройден' : 'не пройден'}.`
        : `${who}: yes ${a.yes}, no ${a.no}, abstain ${a.abstain}; threshold ${a.compare === '>' ? 'more than' : 'at least'} ${a.threshold} of ${a.base} (${String(a.baseName).replace('_', ' + ')}) ${ok ? 'met' : 'not met'}.`;
    }
    default:
      return `${step.code} ${JSON.stringify(a)}`;
  }
}

/** The rule a step applies, short: "SSI 2011/399 sch 1 rule 51 (exclusion of candidates)". */
export function ruleLabel(step: CountStep, lang: Lang): string {
  const c = CITATIONS[step.rule];
  if (!c) return step.rule;
  const ru = lang === 'ru';
  let act = ru ? (c.ru?.act ?? c.act) : c.act;
  if (c.act.startsWith('Scottish Local Government Elections Order'))
    act = ru ? 'SSI 2011/399, прил. 1' : 'SSI 2011/399 sch. 1';
  if (c.act.startsWith('Local Electoral Regulations')) {
    act = ru ? 'Положение о местных выборах 2001 г. (Новая Зеландия), прил. 1A' : 'NZ LER 2001 sch. 1A';
  }
  return `${act}, ${ru ? (c.ru?.section ?? c.section) : c.section}`;
}

/**
 * Every step of a count as a line in `lang`, each ending with its rule in brackets.
 * @example explainCount(result, 'ru')[0] // 'Действительных бюллетеней 4102, мест 4: квота = … = 821. [SSI 2011/399 sch. 1, rule 47 (the quota)]'
 */
export function explainCount(result: CountResult, lang: Lang): string[] {
  const names = (c: number) => result.candidates[c] ?? `#${c + 1}`;
  const line = (s: CountStep) => `${sentence(s, names, lang)} [${ruleLabel(s, lang)}]`;
  const closing = result.steps.filter((s) => s.code === 'count_complete');
  const out = result.steps.filter((s) => s.code !== 'count_complete').map(line);
  for (const stage of result.stages) {
    for (const s of stage.steps) out.push(`${lang === 'ru' ? 'Этап' : 'Stage'} ${stage.number}: ${line(s)}`);
  }
  out.push(...closing.map(line));
  return out;
}
