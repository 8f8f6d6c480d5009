// Russian uses the terms of the law, not calques (issue 13, "Russian wording"). This test reads
// every Russian string the product shows — every Russian message catalogue (interface, live
// screens, appeals) and the rules engine's explanations for every preset, step kind and reason —
// and fails on any of the calques the review listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ru } from './messages-ru.ts';
import { liveRu } from './messages-live-ru.ts';
import { appealsRu } from './messages-appeals-ru.ts';
import { PRESETS } from '../rules/presets.ts';
import { evaluateNamed } from '../rules/evaluate-vote.ts';
import { evaluateQuorum } from '../rules/evaluate-quorum.ts';
import { renderExplanation } from '../rules/render-explanation.ts';
import type { VoteCounts } from '../rules/vote-counts.ts';

const CALQUES = [
  'мест по уставу',
  'замещённые места',
  'замещенные места',
  'замещённых мест',
  'замещенных мест',
  'кворум есть',
  'кворума нет',
  'все 2 условия',
  'проигнорировано',
  'вышестоящие органы',
  'вышестоящих органов',
];

type Message = string | Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many' | 'other', string>>;

function strings(catalog: Record<string, Message>): Array<[where: string, text: string]> {
  return Object.entries(catalog).flatMap(([key, m]) =>
    typeof m === 'string'
      ? [[key, m] as [string, string]]
      : Object.entries(m).map(([form, text]) => [`${key}.${form}`, text ?? ''] as [string, string]),
  );
}

/** Explanations of every preset × majority over counts that reach every step kind and reason. */
function explanations(): Array<[where: string, text: string]> {
  const cases: VoteCounts[] = [
    { established: 20, filled: 20, present: 10, yes: 7, no: 0, abstain: 3 },
    { established: 20, filled: 20, present: 4, yes: 4, no: 0, abstain: 0 },
    { established: 20, filled: 12, present: 6, yes: 6, no: 0, abstain: 0 },
    { established: 20, filled: 20, present: 16, yes: 8, no: 8, abstain: 0, castingVote: 'yes' },
    { established: 20, filled: 20, present: 16, yes: 8, no: 8, abstain: 0, castingVote: 'no' },
    { established: 20, filled: 20, present: 16, yes: 8, no: 8, abstain: 0 },
    { established: 20, filled: 20, present: 12, yes: 0, no: 0, abstain: 10, blank: 1, invalid: 1 },
    {
      established: 21,
      filled: 21,
      present: 8,
      yes: 5,
      no: 3,
      abstain: 0,
      lackOfQuorumEstablished: true,
      secondConvocation: true,
    },
    { established: 12, filled: 7, present: 3, yes: 2, no: 1, abstain: 0, disqualified: 5 },
    { established: 100, filled: 100, present: 95, yes: 60, no: 30, abstain: 5, previousNotice: true },
  ];
  const out: Array<[string, string]> = [];
  for (const [name, set] of Object.entries(PRESETS)) {
    for (const majority of Object.keys(set.majorities)) {
      for (const counts of cases) {
        const o = evaluateNamed(set, majority, counts);
        for (const line of renderExplanation(o.explanation, 'ru')) out.push([`${name}/${majority}`, line]);
      }
    }
    const q = evaluateQuorum(set.quorum, { established: 20, filled: 20, present: 5 });
    for (const terms of ['deputies', 'members'] as const) {
      for (const line of renderExplanation(q.explanation, 'ru', terms)) out.push([`${name}/quorum`, line]);
    }
  }
  return out;
}

test('no Russian text the product shows uses a calque the review listed', () => {
  const texts = [
    // messages-ru spreads the live and appeals catalogues in; each string is read once, under its own file.
    ...strings(ru as Record<string, Message>)
      .filter(
        ([k]) =>
          !(k.split('.').slice(0, 2).join('.') in liveRu) &&
          !(k.split('.').slice(0, 2).join('.') in appealsRu) &&
          !(k in liveRu) &&
          !(k in appealsRu),
      )
      .map(([k, v]) => [`messages-ru ${k}`, v] as const),
    ...strings(liveRu).map(([k, v]) => [`messages-live-ru ${k}`, v] as const),
    ...strings(appealsRu).map(([k, v]) => [`messages-appeals-ru ${k}`, v] as const),
    ...explanations().map(([k, v]) => [`explanation ${k}`, v] as const),
  ];
  assert.ok(texts.length > 500, `only ${texts.length} strings read`);
  const found = texts.flatMap(([where, text]) =>
    CALQUES.filter((c) => text.toLowerCase().includes(c)).map((c) => `${where}: «${c}» in “${text.slice(0, 120)}”`),
  );
  assert.deepEqual(found, []);
});
