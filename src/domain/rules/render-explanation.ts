// Explanation steps as sentences in the body's languages (DESIGN.md: English and Russian from the
// start, with real plural rules). One line per step; the steps stay the record, this is prose.
import type {
  CompetenceStep,
  ExplanationStep,
  OutcomeReason,
  QuorumStep,
  ThresholdStep,
  TieStep,
} from './explanation-step.ts';
import type { Citation, Compare, MajorityBase } from './rule-set.ts';
import type { Lang, NounForms } from './plural-noun.ts';
import { countNoun, pluralForm } from './plural-noun.ts';

export type { Lang } from './plural-noun.ts';

/** Whose seats the rules count: a Russian representative body's deputies, or neutral members. */
export type Terms = 'deputies' | 'members';

interface Words {
  vote: NounForms;
  /** After "at least"/"не менее", where Russian takes the genitive. */
  voteAfterAtLeast: NounForms;
  ballot: NounForms;
  part: NounForms;
  present: NounForms;
  compare: Record<Compare, string>;
  /** Majority bases; `filled` and `established` have a deputies' form for Russian bodies. */
  base: Record<MajorityBase, string>;
  deputies: { filled: string; established: string };
  majority: Record<string, string>;
  reason: Record<OutcomeReason, string>;
  yesNo: { yes: string; no: string };
}

const EN: Words = {
  vote: { one: 'vote', other: 'votes' },
  voteAfterAtLeast: { one: 'vote', other: 'votes' },
  ballot: { one: 'ballot', other: 'ballots' },
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
  deputies: { filled: 'deputies elected', established: 'established number of deputies' },
  majority: {
    ordinary: 'ordinary',
    two_thirds: 'two thirds',
    binding_rule: 'binding rule',
    charter: 'charter',
    head_removal: 'removal of the head of the municipality',
    veto_override: 'overriding the veto of the head of the municipality',
    hauptsatzung: 'Hauptsatzung',
    bylaws: 'bylaws amendment',
  },
  reason: {
    adopted: 'Adopted',
    adopted_casting_vote: "Adopted on the chair's casting vote",
    inquorate: 'Not adopted: the meeting was not quorate',
    not_competent: 'Not adopted: too few members are elected for the body to exercise its powers',
    no_previous_notice: 'Not adopted: the route open to this vote needs previous notice, and none was given',
    below_min_yes: 'Not adopted: too few votes for',
    below_threshold: 'Not adopted: the required majority was not reached',
    tie_fails: 'Not adopted: the votes were tied, and a tie fails',
    tie_no_casting_vote: 'Not adopted: the votes were tied and no casting vote was recorded',
    tie_casting_vote_no: "Not adopted: the votes were tied and the chair's casting vote was against",
  },
  yesNo: { yes: 'for', no: 'against' },
};

// The terms of the law: «установленная численность депутатов», «число избранных депутатов»,
// «заседание правомочно»; bodies outside Russia get neutral words («установленное число членов»).
const RU: Words = {
  vote: { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' },
  voteAfterAtLeast: { one: 'голоса', few: 'голосов', many: 'голосов', other: 'голоса' },
  ballot: { one: 'бюллетень', few: 'бюллетеня', many: 'бюллетеней', other: 'бюллетеня' },
  part: { one: 'условие', few: 'условия', many: 'условий', other: 'условия' },
  present: { one: 'присутствует', few: 'присутствуют', many: 'присутствуют', other: 'присутствуют' },
  compare: { '>=': 'не менее', '>': 'более' },
  base: {
    cast: 'поданные голоса («за» + «против»)',
    cast_with_abstentions: 'голоса участвующих в голосовании («за» + «против» + «воздержались»)',
    present: 'присутствующие',
    filled: 'число членов',
    established: 'установленное число членов',
  },
  deputies: { filled: 'число избранных депутатов', established: 'установленная численность депутатов' },
  majority: {
    ordinary: 'простое большинство',
    two_thirds: 'две трети голосов',
    binding_rule: 'большинство от установленной численности (нормативный правовой акт)',
    charter: 'две трети от установленной численности (устав)',
    head_removal: 'две трети от установленной численности (удаление главы в отставку)',
    veto_override: 'две трети от установленной численности (преодоление вето главы)',
    hauptsatzung: 'большинство от установленного числа членов (основной устав общины)',
    bylaws: 'изменение устава организации',
  },
  reason: {
    adopted: 'Решение принято',
    adopted_casting_vote: 'Решение принято решающим голосом председательствующего',
    inquorate: 'Решение не принято: заседание неправомочно',
    not_competent: 'Решение не принято: избрано меньше членов, чем нужно, чтобы орган мог осуществлять свои полномочия',
    no_previous_notice:
      'Решение не принято: открытый для этого голосования порядок требует предварительного уведомления, а его не было',
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
 * // ['Правила: набор «ru-131fz»; требуемое большинство — простое большинство.', 'Правомочность представительного органа: …', 'Кворум: присутствуют 10 из 20 — заседание правомочно; …', …]
 */
export function renderExplanation(steps: readonly ExplanationStep[], lang: Lang, terms?: Terms): string[] {
  const w = WORDS[lang];
  const ru = lang === 'ru';
  // A Russian body's rules speak of deputies; the rule step names the preset.
  const ruleStep = steps.find((step) => step.kind === 'rule');
  const deputies =
    (terms ?? (ruleStep?.kind === 'rule' && ruleStep.preset?.startsWith('ru-') ? 'deputies' : 'members')) ===
    'deputies';
  let present: number | null = null;
  const lines: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'rule': {
        const parts: string[] = [];
        if (step.preset !== undefined) parts.push(ru ? `набор «${step.preset}»` : `preset “${step.preset}”`);
        if (step.majorityName !== undefined) {
          const name = w.majority[step.majorityName] ?? step.majorityName;
          parts.push(ru ? `требуемое большинство — ${name}` : `majority “${name}”`);
        }
        lines.push(`${ru ? 'Правила' : 'Rules'}: ${parts.join(ru ? '; ' : ', ')}.`);
        break;
      }
      case 'competence':
        lines.push(competenceLine(step, lang, deputies));
        break;
      case 'quorum':
        present = step.present;
        lines.push(quorumLine(step, lang, w, deputies));
        break;
      case 'counted': {
        present = step.present;
        const items = [
          ru ? `за — ${countNoun(lang, step.yes, w.vote)}` : `${countNoun(lang, step.yes, w.vote)} for`,
          ru ? `против — ${countNoun(lang, step.no, w.vote)}` : `${step.no} against`,
          ru ? `воздержались — ${step.abstain}` : `${step.abstain} abstaining`,
        ];
        if (step.notVoting > 0) items.push(ru ? `не голосовали — ${step.notVoting}` : `${step.notVoting} not voting`);
        if (step.blank > 0)
          items.push(ru ? `пустые бюллетени — ${step.blank}` : `${countNoun(lang, step.blank, w.ballot)} blank`);
        if (step.invalid > 0)
          items.push(
            ru ? `недействительные бюллетени — ${step.invalid}` : `${countNoun(lang, step.invalid, w.ballot)} invalid`,
          );
        lines.push(`${ru ? 'Подсчитано' : 'Counted'}: ${items.join(', ')}.`);
        break;
      }
      case 'threshold':
        lines.push(thresholdLine(step, lang, w, present, deputies));
        break;
      case 'notice': {
        const given = ru
          ? step.given
            ? 'дано'
            : 'не дано — этот порядок закрыт'
          : step.given
            ? 'given'
            : 'not given — this route is closed';
        lines.push(`${label(step.part, lang)}${ru ? 'Предварительное уведомление' : 'Previous notice'}: ${given}.`);
        break;
      }
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
        const all =
          step.parts === 2
            ? ru
              ? 'оба условия'
              : 'Both parts'
            : ru
              ? `все ${countNoun(lang, step.parts, w.part)}`
              : `All ${countNoun(lang, step.parts, w.part)}`;
        const head = ru
          ? `${label(step.part, lang)}Должны выполняться ${all} (двойное большинство).`
          : `${label(step.part, lang)}${all} must be met (a double majority).`;
        lines.push(head + sourceText(step.source, lang));
        break;
      }
      case 'any_of': {
        const head = ru
          ? `${label(step.part, lang)}Достаточно выполнить одно из условий (${step.parts === 2 ? 'из двух' : `из ${step.parts}`}).`
          : `${label(step.part, lang)}Any one of ${countNoun(lang, step.parts, w.part)} is enough (alternative routes).`;
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
        } else if (step.reason !== 'inquorate' && step.reason !== 'not_competent') {
          line += ru
            ? ' Никакое число голосов «за» не было бы достаточным.'
            : ' No number of votes for would have been enough.';
        }
        lines.push(line);
        break;
      }
    }
  }
  return lines;
}

function baseName(base: MajorityBase, w: Words, deputies: boolean): string {
  if (deputies && (base === 'filled' || base === 'established')) return w.deputies[base];
  return w.base[base];
}

function competenceLine(step: CompetenceStep, lang: Lang, deputies: boolean): string {
  const ru = lang === 'ru';
  const met = ru ? (step.met ? 'выполнено' : 'не выполнено') : step.met ? 'met' : 'not met';
  const rule = `${WORDS[lang].compare[step.compare]} ${step.fraction} ${ru ? 'от' : 'of'} ${step.established} (= ${step.product})`;
  const line = ru
    ? deputies
      ? `Правомочность представительного органа: избрано ${step.filled} при установленной численности депутатов ${step.established}; требуется избрание ${rule}, то есть ${step.needed} — ${met}.`
      : `Правомочность состава: членов ${step.filled} при установленном числе ${step.established}; требуется ${rule}, то есть ${step.needed} — ${met}.`
    : `Competence: ${step.filled} of ${step.established} seats filled; ${rule}, i.e. ${step.needed}, must be elected for the body to act — ${met}.`;
  return line + sourceText(step.source, lang);
}

function quorumLine(step: QuorumStep, lang: Lang, w: Words, deputies: boolean): string {
  const ru = lang === 'ru';
  const baseLabel = baseName(step.base, w, deputies);
  const min = step.min !== undefined ? (ru ? `, но не менее ${step.min}` : `, and at least ${step.min}`) : '';
  const rule = `${w.compare[step.compare]} ${step.fraction} ${ru ? 'от' : 'of'} ${step.baseCount} (= ${step.product})${min}`;
  const state = ru
    ? step.quorate
      ? 'заседание правомочно'
      : 'заседание неправомочно'
    : step.quorate
      ? 'quorate'
      : 'not quorate';
  let why = '';
  if (step.basis === 'presumed') {
    why = ru
      ? ' Отсутствие кворума формально не установлено, поэтому совет считается правомочным; голосование до такого установления действительно.'
      : ' A lack of quorum has not been formally established, so the council counts as quorate; a vote before that stays valid.';
  } else if (step.basis === 'second_convocation') {
    why = ru
      ? ' Повторный созыв по тому же вопросу после отсутствия кворума: правомочно независимо от числа присутствующих.'
      : ' A second convocation on the same matter after a lack of quorum: quorate whatever the attendance.';
  } else if (step.lackOfQuorumEstablished) {
    why = ru
      ? ' Отсутствие кворума формально установлено: решает подсчёт присутствующих.'
      : ' A lack of quorum was formally established: the count decides.';
  }
  const disq =
    step.disqualified !== undefined
      ? ru
        ? `; одновременно лишены права участвовать ${step.disqualified} — кворум считается от оставшихся`
        : `; ${step.disqualified} disqualified at once — the quorum is counted on those still qualified`
      : '';
  const line = ru
    ? `Кворум: ${pluralForm(lang, step.present, w.present)} ${step.present} из ${step.filled} — ${state}; нужно ${step.needed} (${rule}; база — ${baseLabel}, ${step.baseCount}${disq}).`
    : `Quorum: ${step.present} of ${step.filled} present — ${state}; ${step.needed} needed (${rule}; base: ${baseLabel}, ${step.baseCount}${disq}).`;
  return line + why + sourceText(step.source, lang);
}

function thresholdLine(step: ThresholdStep, lang: Lang, w: Words, present: number | null, deputies: boolean): string {
  const ru = lang === 'ru';
  const base =
    baseName(step.base, w, deputies) +
    (step.includeInvalid ? (ru ? ' + недействительные бюллетени' : ' + invalid') : '');
  const rule = `${w.compare[step.compare]} ${step.fraction} ${ru ? 'от' : 'of'} ${step.baseCount} (= ${step.product})`;
  if (step.castingVoteDecides) {
    // A tie under a casting-vote rule: the count alone neither meets nor fails; the chair decides.
    const line = ru
      ? `${label(step.part, lang)}Большинство: база — ${base} = ${step.baseCount}; требуется ${rule}; подано «за» ${countNoun(lang, step.yes, w.vote)} — поровну с «против», решает голос председательствующего.`
      : `${label(step.part, lang)}Majority: base ${base} = ${step.baseCount}; the rule asks for ${rule}; ${countNoun(lang, step.yes, w.vote)} for — a tie, the chair's casting vote decides.`;
    return line + sourceText(step.source, lang);
  }
  const met = ru ? (step.met ? 'выполнено' : 'не выполнено') : step.met ? 'met' : 'not met';
  let need: string;
  if (step.requiredYes === null)
    need = ru ? 'никакое число голосов «за» не достаточно' : 'no number of votes for would be enough';
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
    if (step.castingVoteMeets === false)
      line += ru ? ', но и с ним большинство не набрано.' : ', yet even with it the majority is not reached.';
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
  const quote = source.quote ? ` «${source.quote}»` : '';
  const unverified = source.unverified ? (lang === 'ru' ? ' (текст не проверен)' : ' (text not verified)') : '';
  return `${lang === 'ru' ? ' Источник' : ' Source'}: ${act}, ${section}${note ? ` — ${note}` : ''}${quote}${unverified}.`;
}
