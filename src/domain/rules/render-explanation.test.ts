import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExplanationStep } from './explanation-step.ts';
import { evaluateNamed, evaluateVote } from './evaluate-vote.ts';
import { countNoun } from './plural-noun.ts';
import { PRESETS } from './presets.ts';
import { renderExplanation } from './render-explanation.ts';

const VOTE_RU = { one: 'голос', few: 'голоса', many: 'голосов', other: 'голоса' };

test('Russian and English plurals follow CLDR', () => {
  const rows: Array<[number, string, string]> = [
    [0, '0 голосов', '0 votes'],
    [1, '1 голос', '1 vote'],
    [2, '2 голоса', '2 votes'],
    [3, '3 голоса', '3 votes'],
    [4, '4 голоса', '4 votes'],
    [5, '5 голосов', '5 votes'],
    [11, '11 голосов', '11 votes'],
    [12, '12 голосов', '12 votes'],
    [14, '14 голосов', '14 votes'],
    [21, '21 голос', '21 votes'],
    [22, '22 голоса', '22 votes'],
    [25, '25 голосов', '25 votes'],
    [101, '101 голос', '101 votes'],
    [111, '111 голосов', '111 votes'],
  ];
  for (const [n, ru, en] of rows) {
    assert.equal(countNoun('ru', n, VOTE_RU), ru);
    assert.equal(countNoun('en', n, { one: 'vote', other: 'votes' }), en);
  }
});

const counted = (yes: number, no: number): ExplanationStep => ({
  kind: 'counted',
  yes,
  no,
  abstain: 0,
  notVoting: 0,
  blank: 0,
  invalid: 0,
  present: 30,
  filled: 30,
  established: 30,
});

test('counted votes take their plural form in each language', () => {
  const rows: Array<[number, number, string, string]> = [
    [1, 3, 'за — 1 голос, против — 3 голоса', '1 vote for, 3 against'],
    [5, 2, 'за — 5 голосов, против — 2 голоса', '5 votes for, 2 against'],
    [21, 0, 'за — 21 голос, против — 0 голосов', '21 votes for, 0 against'],
    [3, 11, 'за — 3 голоса, против — 11 голосов', '3 votes for, 11 against'],
  ];
  for (const [yes, no, ru, en] of rows) {
    assert.ok(
      renderExplanation([counted(yes, no)], 'ru')[0]!.includes(ru),
      `ru ${yes}/${no}: ${renderExplanation([counted(yes, no)], 'ru')[0]}`,
    );
    assert.ok(renderExplanation([counted(yes, no)], 'en')[0]!.includes(en), `en ${yes}/${no}`);
  }
});

test('after "не менее" the genitive: 1 голоса, 4 голосов, 21 голоса', () => {
  const threshold = (requiredYes: number): ExplanationStep => ({
    kind: 'threshold',
    base: 'cast',
    includeInvalid: false,
    baseCount: 10,
    fraction: '1/2',
    compare: '>',
    product: '5',
    yes: 6,
    met: true,
    requiredYes,
  });
  assert.match(renderExplanation([threshold(1)], 'ru')[0]!, /не менее 1 голоса «за»/);
  assert.match(renderExplanation([threshold(4)], 'ru')[0]!, /не менее 4 голосов «за»/);
  assert.match(renderExplanation([threshold(21)], 'ru')[0]!, /не менее 21 голоса «за»/);
  assert.match(renderExplanation([threshold(1)], 'en')[0]!, /at least 1 vote for needed/);
  assert.match(renderExplanation([threshold(4)], 'en')[0]!, /at least 4 votes for needed/);
});

test('the reference sitting, explained in both languages with its act and sections', () => {
  const o = evaluateNamed(PRESETS['ru-131fz']!, 'ordinary', {
    established: 20,
    filled: 20,
    present: 10,
    yes: 7,
    no: 0,
    abstain: 3,
  });
  const en = renderExplanation(o.explanation, 'en');
  assert.equal(en[0], 'Rules: preset “ru-131fz”, majority “ordinary”.');
  assert.match(
    en[1]!,
    /^Competence: 20 of 20 seats filled; at least 2\/3 of 20 \(= 40\/3\), i\.e\. 14, must be elected for the body to act — met\. Source: .*131-FZ.*, art\. 35 part 1 — /,
  );
  assert.match(
    en[2]!,
    /^Quorum: 10 of 20 present — quorate; 10 needed \(at least 1\/2 of 20 \(= 10\); base: deputies elected, 20\)\. Source: Federal Law No\. 131-FZ .*, art\. 35 part 1\.1 — .*«Заседание представительного органа/,
  );
  assert.equal(en[3], 'Counted: 7 votes for, 0 against, 3 abstaining.');
  assert.match(
    en[4]!,
    /^Majority: base votes of those taking part \(for \+ against \+ abstaining\) \+ invalid = 10; the rule asks for more than 1\/2 of 10 \(= 5\); at least 4 votes for needed; 7 votes for — met\. Source: .*131-FZ.*, art\. 35 part 1\.1 \(131-FZ sets no ordinary majority\)/,
  );
  assert.equal(en[5], 'Adopted. Votes for required: 4.');
  const ru = renderExplanation(o.explanation, 'ru');
  assert.equal(ru[0], 'Правила: набор «ru-131fz»; требуемое большинство — простое большинство.');
  assert.match(
    ru[1]!,
    /^Правомочность представительного органа: избрано 20 при установленной численности депутатов 20; требуется избрание не менее 2\/3 от 20 \(= 40\/3\), то есть 14 — выполнено\. Источник: .*ч\. 1 ст\. 35/,
  );
  assert.match(
    ru[2]!,
    /^Кворум: присутствуют 10 из 20 — заседание правомочно; нужно 10 \(не менее 1\/2 от 20 \(= 10\); база — число избранных депутатов, 20\)\. Источник: Федеральный закон от 06\.10\.2003 № 131-ФЗ .*, ч\. 1\.1 ст\. 35/,
  );
  assert.equal(ru[3], 'Подсчитано: за — 7 голосов, против — 0 голосов, воздержались — 3.');
  assert.match(
    ru[4]!,
    /нужно не менее 4 голосов «за»; подано «за» 7 голосов — выполнено\. Источник: .*простое большинство закон не устанавливает/,
  );
  assert.equal(ru[5], 'Решение принято. Требуется голосов «за»: 4.');
});

test('every step kind and reason renders, one line per step, in both languages', () => {
  const rows = [
    evaluateNamed(PRESETS['uk-lga-1972']!, 'ordinary', {
      established: 40,
      filled: 40,
      present: 20,
      yes: 8,
      no: 8,
      abstain: 4,
      castingVote: 'yes',
    }),
    evaluateNamed(PRESETS['uk-lga-1972']!, 'ordinary', {
      established: 40,
      filled: 40,
      present: 20,
      yes: 8,
      no: 8,
      abstain: 4,
      castingVote: 'no',
    }),
    evaluateNamed(PRESETS['uk-lga-1972']!, 'ordinary', {
      established: 40,
      filled: 40,
      present: 20,
      yes: 8,
      no: 8,
      abstain: 4,
    }),
    evaluateNamed(PRESETS.ronr!, 'ordinary', {
      established: 10,
      filled: 10,
      present: 6,
      yes: 3,
      no: 3,
      abstain: 0,
      blank: 0,
      invalid: 0,
    }),
    evaluateNamed(PRESETS.ronr!, 'two_thirds', {
      established: 10,
      filled: 10,
      present: 6,
      yes: 0,
      no: 0,
      abstain: 0,
      notVoting: 2,
      blank: 2,
      invalid: 1,
    }),
    evaluateNamed(PRESETS.ronr!, 'ordinary', { established: 10, filled: 10, present: 5, yes: 5, no: 0, abstain: 0 }),
    evaluateVote(
      { base: 'filled', fraction: '1/2', compare: '>=' },
      { allOf: [{ base: 'cast', fraction: '1/1', compare: '>', tie: 'fails', minYes: 2 }] },
      { established: 3, filled: 3, present: 3, yes: 1, no: 1, abstain: 0 },
    ),
  ];
  const reasons = new Set(rows.map((o) => o.reason));
  assert.deepEqual([...reasons].sort(), [
    'adopted_casting_vote',
    'below_min_yes',
    'inquorate',
    'tie_casting_vote_no',
    'tie_fails',
    'tie_no_casting_vote',
  ]);
  for (const o of rows) {
    for (const lang of ['en', 'ru'] as const) {
      const lines = renderExplanation(o.explanation, lang);
      assert.equal(lines.length, o.explanation.length);
      for (const line of lines)
        assert.ok(
          line.length > 10 && !line.includes('undefined') && !line.includes('null') && !line.includes('NaN'),
          line,
        );
    }
  }
  const casting = renderExplanation(rows[0]!.explanation, 'ru');
  assert.ok(
    casting.includes(
      'Равенство голосов: за — 8 голосов, против — 8 голосов. Решающий голос председательствующего: «за».',
    ),
    casting.join('\n'),
  );
  assert.equal(casting.at(-1), 'Решение принято решающим голосом председательствующего. Требуется голосов «за»: 8.');
  assert.equal(
    renderExplanation(rows[1]!.explanation, 'en').at(-1),
    "Not adopted: the votes were tied and the chair's casting vote was against. Votes for required: 9.",
  );
  assert.equal(renderExplanation(rows[5]!.explanation, 'en').at(-1), 'Not adopted: the meeting was not quorate.');
  assert.equal(
    renderExplanation(rows[6]!.explanation, 'ru').at(-1),
    'Решение не принято: недостаточно голосов «за». Никакое число голосов «за» не было бы достаточным.',
  );
  assert.match(renderExplanation(rows[4]!.explanation, 'en')[2]!, /2 not voting, 2 ballots blank, 1 ballot invalid/);
});

test('a requiredYes beyond those present is said so', () => {
  const o = evaluateNamed(PRESETS['ru-131fz']!, 'binding_rule', {
    established: 20,
    filled: 20,
    present: 10,
    yes: 7,
    no: 0,
    abstain: 3,
  });
  assert.equal(
    renderExplanation(o.explanation, 'en').at(-1),
    'Not adopted: the required majority was not reached. Votes for required: 11 — more than the 10 present.',
  );
  assert.equal(
    renderExplanation(o.explanation, 'ru').at(-1),
    'Решение не принято: необходимое большинство не набрано. Требуется голосов «за»: 11 — больше, чем присутствует (10).',
  );
});
