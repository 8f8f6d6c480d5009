// Explanation steps as sentences in the body's languages (DESIGN.md: English and Russian from the
// start, with real plural rules). One line per step; the steps stay the record, this is prose.
import type { ExplanationStep, OutcomeReason, QuorumStep, ThresholdStep, TieStep } from './explanation-step.ts';
import type { Citation, Compare, MajorityBase } from './rule-set.ts';
import type { Lang, NounForms } from './plural-noun.ts';
import { countNoun, pluralForm } from './plural-noun.ts';

export type { Lang } from './plural-noun.ts';

interface Words {
  vote: NounForms;
  /** After "at least"/"не менее", where Russian takes the genitive. */
  voteAfterAtLeast: NounForms;
  ballot: NounForms;
  seatFilled: NounForms;
  seatEstablished: NounForms;
  part: NounForms;
  present: NounForms;
  compare: Record<Compare, string>;
  base: Record<MajorityBase, string>;
  majority: Record<string, string>;
  reason: Record<OutcomeReason, string>;
  yesNo: { yes: string; no: string };
}

const EN: Words = {
  vote: { one: 'vote', other: 'votes' },
  voteAfterAtLeast: { one: 'vote', other: 'votes' },
  ballot: { one: 'ballot', other: 'ballots' },
  seatFilled: { one: 'filled seat', other: 'filled seats' },
  seatEstablished: { one: 'established seat', other: 'established seats' },
  part: { one: 'part', other: 'parts' },
  present: { other: 'present' },
  compare: { '>=': 'at least', '>': 'more than' },
  base: {
    cast: 'votes cast (for + against)',
    cast_with_abstentions: 'votes of those taking part (for + against + abstaining)',
    present: 'members present',
    filled: 'filled seats',
    established: 'established seats',
  },
  majority: { ordinary: 'ordinary', two_thirds: 'two thirds', binding_rule: 'binding rule', charter: 'charter' },
  reason: {
    adopted: 'Adopted',
    adopted_casting_vote: "Adopted on the chair's casting vote",
    inquorate: 'Not adopted: the meeting was not quorate',
    below_min_yes: 'Not adopted: too few votes for',
    below_threshold: 'Not adopted: the required majority was not reached',
    tie_fails: 'Not adopted: the votes were tied, and a tie fails',
    tie_no_casting_vote: 'Not adopted: the votes were tied and no casting vote was recorded',
    tie_casting_vote_no: "Not adopted: the votes were tied and the chair's casting vote was against",
  },
  yesNo: { yes: 'for', no: 'against' },
};

const RU: Words = {
  vote: { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' },
  voteAfterAtLeast: { one: 'голоса', few: 'голосов', many: 'голосов', other: 'голоса' },
  ballot: { one: 'бюллетень', few: 'бюллетеня', many: 'бюллетеней', other: 'бюллетеня' },
  seatFilled: { one: 'замещённое место', few: 'замещённых места', many: 'замещённых мест', other: 'замещённого места' },
  seatEstablished: { one: 'место по уставу', few: 'места по уставу', many: 'мест по уставу', other: 'места по уставу' },
  part: { one: 'условие', few: 'условия', many: 'условий', other: 'условия' },
  present: { one: 'присутствует', few: 'присутствуют', many: 'присутствуют', other: 'присутствуют' },
  compare: { '>=': 'не менее', '>': 'более' },
  base: {
    cast: 'поданные голоса («за» + «против»)',
    cast_with_abstentions: 'голоса участвующих в голосовании («за» + «против» + «воздержались»)',
    present: 'присутствующие',
    filled: 'замещённые места',
    established: 'установленная численность',
  },
  majority: { ordinary: 'обычное', two_thirds: 'две трети', binding_rule: 'нормативный акт', charter: 'устав' },
  reason: {
    adopted: 'Решение принято',
    adopted_casting_vote: 'Решение принято решающим голосом председательствующего',
    inquorate: 'Решение не принято: нет кворума',
    below_min_yes: 'Решение не принято: недостаточно голосов «за»',
    below_threshold: 'Решение не принято: необходимое большинство не набрано',
    tie_fails: 'Решение не принято: голоса разделились поровну',
    tie_no_casting_vote: 'Решение не принято: голоса разделились поровну, решающий голос не записан',
    tie_casting_vote_no: 'Решение не принято: при равенстве голосов председательствующий отдал решающий голос «против»',
  },
  yesNo: { yes: '«за»', no: '«против»' },
};

const WORDS: Record<Lang, Words> = { en: EN, ru: RU };

/**
 * Renders explanation steps as one sentence per step, naming each rule's source.
 * @example
 * renderExplanation(evaluateNamed(PRESETS['ru-131fz'], 'ordinary', counts).explanation, 'ru')
 * // ['Правила: набор «ru-131fz», большинство «обычное».', 'Кворум: присутствуют 10 из 20 — кворум есть; …', …]
 */
export function renderExplanation(steps: readonly ExplanationStep[], lang: Lang): string[] {
  const w = WORDS[lang];
  const ru = lang === 'ru';
  let present: number | null = null;
  const lines: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'rule': {
        const parts: string[] = [];
        if (step.preset !== undefined) parts.push(ru ? `набор «${step.preset}»` : `preset “${step.preset}”`);
        if (step.majorityName !== undefined) {
          const name = w.majority[step.majorityName] ?? step.majorityName;
          parts.push(ru ? `большинство «${name}»` : `majority “${name}”`);
        }
        lines.push(`${ru ? 'Правила' : 'Rules'}: ${parts.join(', ')}.`);
        break;
      }
      case 'quorum':
        present = step.present;
        lines.push(quorumLine(step, lang, w));
        break;
      case 'counted': {
        present = step.present;
        const items = [
          ru ? `за — ${countNoun(lang, step.yes, w.vote)}` : `${countNoun(lang, step.yes, w.vote)} for`,
          ru ? `против — ${countNoun(lang, step.no, w.vote)}` : `${step.no} against`,
          ru ? `воздержались — ${step.abstain}` : `${step.abstain} abstaining`,
        ];
        if (step.notVoting > 0) items.push(ru ? `не голосовали — ${step.notVoting}` : `${step.notVoting} not voting`);
        if (step.blank > 0) items.push(ru ? `пустые бюллетени — ${step.blank}` : `${countNoun(lang, step.blank, w.ballot)} blank`);
        if (step.invalid > 0) items.push(ru ? `недействительные бюллетени — ${step.invalid}` : `${countNoun(lang, step.invalid, w.ballot)} invalid`);
        lines.push(`${ru ? 'Подсчитано' : 'Counted'}: ${items.join(', ')}.`);
        break;
      }
      case 'threshold':
        lines.push(thresholdLine(step, lang, w, present));
        break;
      case 'min_yes': {
        const met = ru ? (step.met ? 'выполнено' : 'не выполнено') : step.met ? 'met' : 'not met';
        lines.push(
          ru
            ? `${label(step.part, lang)}Минимум голосов «за» — ${step.minYes}; подано ${step.yes} — ${met}.`
            : `${label(step.part, lang)}Minimum votes for: ${step.minYes}; ${step.yes} cast — ${met}.`,
        );
        break;
      }
      case 'tie':
        lines.push(tieLine(step, lang, w));
        break;
      case 'all_of': {
        const head = ru
          ? `${label(step.part, lang)}Должны выполняться все ${countNoun(lang, step.parts, w.part)} (двойное большинство).`
          : `${label(step.part, lang)}All ${countNoun(lang, step.parts, w.part)} must be met (a double majority).`;
        lines.push(head + sourceText(step.source, lang));
        break;
      }
      case 'outcome': {
        let line = `${w.reason[step.reason]}.`;
        if (step.requiredYes !== null) {
          const beyond = present !== null && step.requiredYes > present;
          line += ru
            ? ` Требуется голосов «за»: ${step.requiredYes}${beyond ? ` — больше, чем присутствует (${present})` : ''}.`
            : ` Votes for required: ${step.requiredYes}${beyond ? ` — more than the ${present} present` : ''}.`;
        } else if (step.reason !== 'inquorate') {
          line += ru ? ' Никакое число голосов «за» не было бы достаточным.' : ' No number of votes for would have been enough.';
        }
        lines.push(line);
        break;
      }
    }
  }
  return lines;
}

function quorumLine(step: QuorumStep, lang: Lang, w: Words): string {
  const ru = lang === 'ru';
  const seats = countNoun(lang, step.baseCount, step.base === 'filled' ? w.seatFilled : w.seatEstablished);
  const min = step.min !== undefined ? (ru ? `, но не менее ${step.min}` : `, and at least ${step.min}`) : '';
  const rule = `${w.compare[step.compare]} ${step.fraction} ${ru ? 'от' : 'of'} ${step.baseCount} (= ${step.product})${min}`;
  const state = ru ? (step.quorate ? 'кворум есть' : 'кворума нет') : step.quorate ? 'quorate' : 'not quorate';
  const line = ru
    ? `Кворум: ${pluralForm(lang, step.present, w.present)} ${step.present} из ${step.filled} — ${state}; нужно ${step.needed} (${rule}; база — ${seats}).`
    : `Quorum: ${step.present} of ${step.filled} present — ${state}; ${step.needed} needed (${rule}; base: ${seats}).`;
  return line + sourceText(step.source, lang);
}

function thresholdLine(step: ThresholdStep, lang: Lang, w: Words, present: number | null): string {
  const ru = lang === 'ru';
  const base = w.base[step.base] + (step.includeInvalid ? (ru ? ' + недействительные' : ' + invalid') : '');
  const met = ru ? (step.met ? 'выполнено' : 'не выполнено') : step.met ? 'met' : 'not met';
  const rule = `${w.compare[step.compare]} ${step.fraction} ${ru ? 'от' : 'of'} ${step.baseCount} (= ${step.product})`;
  let need: string;
  if (step.requiredYes === null) need = ru ? 'никакое число голосов «за» не достаточно' : 'no number of votes for would be enough';
  else {
    const n = countNoun(lang, step.requiredYes, w.voteAfterAtLeast);
    const beyond = present !== null && step.requiredYes > present;
    need = ru
      ? `нужно не менее ${n} «за»${beyond ? ` (больше, чем присутствует)` : ''}`
      : `at least ${n} for needed${beyond ? ` (more than are present)` : ''}`;
  }
  const line = ru
    ? `${label(step.part, lang)}Большинство: база — ${base} = ${step.baseCount}; требуется ${rule}; ${need}; подано «за» ${countNoun(lang, step.yes, w.vote)} — ${met}.`
    : `${label(step.part, lang)}Majority: base ${base} = ${step.baseCount}; the rule asks for ${rule}; ${need}; ${countNoun(lang, step.yes, w.vote)} for — ${met}.`;
  return line + sourceText(step.source, lang);
}

function tieLine(step: TieStep, lang: Lang, w: Words): string {
  const ru = lang === 'ru';
  let line = ru
    ? `${label(step.part, lang)}Равенство голосов: за — ${countNoun(lang, step.yes, w.vote)}, против — ${countNoun(lang, step.no, w.vote)}.`
    : `${label(step.part, lang)}A tie: ${countNoun(lang, step.yes, w.vote)} for, ${step.no} against.`;
  if (step.tie === 'fails') {
    line += ru ? ' По правилу при равенстве голосов предложение отклоняется.' : ' Under this rule a tie fails.';
  } else if (step.castingVote === null) {
    line += ru ? ' Решающий голос председательствующего не записан.' : ' No casting vote by the chair was recorded.';
  } else {
    const side = w.yesNo[step.castingVote];
    line += ru ? ` Решающий голос председательствующего: ${side}` : ` The chair's casting vote: ${side}`;
    if (step.castingVoteMeets === false) line += ru ? ', но и с ним большинство не набрано.' : ', yet even with it the majority is not reached.';
    else line += '.';
  }
  return line;
}

function label(part: string | undefined, lang: Lang): string {
  if (part === undefined) return '';
  return lang === 'ru' ? `Условие ${part}. ` : `Part ${part}. `;
}

function sourceText(source: Citation | undefined, lang: Lang): string {
  if (!source) return '';
  const local = lang === 'ru' ? source.ru : undefined;
  const act = local?.act ?? source.act;
  const section = local?.section ?? source.section;
  const note = local?.note ?? (lang === 'ru' ? undefined : source.note);
  return `${lang === 'ru' ? ' Источник' : ' Source'}: ${act}, ${section}${note ? ` — ${note}` : ''}.`;
}
