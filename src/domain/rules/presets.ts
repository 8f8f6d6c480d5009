// The presets of DESIGN.md's "Procedural rules" table, each rule with its source. A body stores
// its own copy (copyPreset) and may edit it; the copy keeps the citations it started from.
import type { Citation, RuleSet } from './rule-set.ts';
import { rulesError } from './rules-error.ts';

const RONR = "Robert's Rules of Order Newly Revised (12th ed.)";
const LGA = 'Local Government Act 1972';
const GO_NRW = 'Gemeindeordnung für das Land Nordrhein-Westfalen (GO NRW)';
const FZ131 = 'Federal Law No. 131-FZ of 6 October 2003 (local self-government)';
const FZ131_RU = 'Федеральный закон от 06.10.2003 № 131-ФЗ «Об общих принципах организации местного самоуправления в Российской Федерации»';

function cite(act: string, section: string, note?: string, ru?: Citation['ru']): Citation {
  const c: Citation = { act, section };
  if (note !== undefined) c.note = note;
  if (ru !== undefined) c.ru = ru;
  return c;
}

/** Motion kinds every preset maps (DESIGN.md, "Motion"). */
export const MOTION_KINDS = ['ordinary', 'procedural', 'appeal', 'binding_rule', 'charter_amendment', 'suspension_of_rules'] as const;

export const PRESETS: Record<string, RuleSet> = deepFreeze({
  ronr: {
    preset: 'ronr',
    quorum: { base: 'filled', fraction: '1/2', compare: '>' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails', includeInvalid: true },
      two_thirds: { base: 'cast', fraction: '2/3', compare: '>=', tie: 'fails', includeInvalid: true },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      appeal: 'ordinary',
      binding_rule: 'ordinary',
      charter_amendment: 'two_thirds',
      suspension_of_rules: 'two_thirds',
    },
    source: {
      quorum: cite(RONR, '§40', 'without a bylaw saying otherwise, the quorum is a majority of the entire membership'),
      majorities: {
        ordinary: cite(RONR, '§44', 'more than half of the votes cast by members entitled to vote; blanks are not counted, illegal ballots are (§45)'),
        two_thirds: cite(RONR, '§44', 'at least two thirds of the votes cast; illegal ballots are counted (§45)'),
      },
    },
  },
  'uk-lga-1972': {
    preset: 'uk-lga-1972',
    quorum: { base: 'established', fraction: '1/4', compare: '>=' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    },
    motionKinds: Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])),
    source: {
      quorum: cite(LGA, 'Sch. 12 para 6', 'at least one quarter of the whole number of members of a principal council'),
      majorities: {
        ordinary: cite(LGA, 'Sch. 12 para 39', 'a majority of the members present and voting; on an equality the person presiding has a second or casting vote'),
      },
    },
  },
  'uk-parish': {
    preset: 'uk-parish',
    quorum: { base: 'established', fraction: '1/3', compare: '>=', min: 3 },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'casting_vote' },
    },
    motionKinds: Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])),
    source: {
      quorum: cite(LGA, 'Sch. 12 para 12', 'one third of the whole number of members of a parish council, and never fewer than three'),
      majorities: {
        ordinary: cite(LGA, 'Sch. 12 para 39', 'a majority of the members present and voting; on an equality the chair has a casting vote'),
      },
    },
  },
  'de-nrw': {
    preset: 'de-nrw',
    quorum: { base: 'established', fraction: '1/2', compare: '>' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' },
    },
    motionKinds: Object.fromEntries(MOTION_KINDS.map((k) => [k, 'ordinary'])),
    source: {
      quorum: cite(GO_NRW, '§49(1)', 'more than half of the statutory number of members (the mayor counts) present'),
      majorities: {
        ordinary: cite(GO_NRW, '§50(1), §50(5)', 'a majority of the votes cast; on an equality the motion is rejected; abstentions do not count toward the majority'),
      },
    },
  },
  'ru-131fz': {
    preset: 'ru-131fz',
    quorum: { base: 'filled', fraction: '1/2', compare: '>=' },
    majorities: {
      ordinary: { base: 'cast_with_abstentions', fraction: '1/2', compare: '>', tie: 'fails' },
      binding_rule: { base: 'established', fraction: '1/2', compare: '>', tie: 'fails' },
      charter: { base: 'established', fraction: '2/3', compare: '>=', tie: 'fails' },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      appeal: 'ordinary',
      binding_rule: 'binding_rule',
      charter_amendment: 'charter',
      suspension_of_rules: 'ordinary',
    },
    source: {
      quorum: cite(FZ131, 'art. 35', 'at least 50% of the elected deputies present; a charter may require more', {
        act: FZ131_RU,
        section: 'ст. 35',
        note: 'присутствуют не менее 50 процентов от числа избранных депутатов; устав может требовать больше',
      }),
      majorities: {
        ordinary: cite(FZ131, 'art. 35', 'the majority is set by the municipal charter; the common reading is a majority of the deputies taking part in the vote', {
          act: FZ131_RU,
          section: 'ст. 35',
          note: 'большинство устанавливает устав; обычное прочтение — большинство депутатов, участвующих в голосовании',
        }),
        binding_rule: cite(FZ131, 'art. 43', 'a majority of the established number of deputies', {
          act: FZ131_RU,
          section: 'ст. 43',
          note: 'большинство от установленной численности депутатов',
        }),
        charter: cite(FZ131, 'art. 44', 'two thirds of the established number of deputies', {
          act: FZ131_RU,
          section: 'ст. 44',
          note: 'две трети от установленной численности депутатов',
        }),
      },
    },
  },
  'us-house': {
    preset: 'us-house',
    quorum: { base: 'filled', fraction: '1/2', compare: '>' },
    majorities: {
      ordinary: { base: 'cast', fraction: '1/2', compare: '>', tie: 'fails' },
      two_thirds: { base: 'cast', fraction: '2/3', compare: '>=', tie: 'fails' },
    },
    motionKinds: {
      ordinary: 'ordinary',
      procedural: 'ordinary',
      appeal: 'ordinary',
      binding_rule: 'ordinary',
      charter_amendment: 'two_thirds',
      suspension_of_rules: 'two_thirds',
    },
    source: {
      quorum: cite('Constitution of the United States', 'art. I §5', 'a majority of the members chosen, sworn and living constitutes a quorum'),
      majorities: {
        ordinary: cite('Rules of the House of Representatives', 'Rule XX', 'a majority of those voting; a tie vote loses; "present" is not counted'),
        two_thirds: cite('Rules of the House of Representatives', 'Rule XV', 'two thirds of those voting, as for a motion to suspend the rules'),
      },
    },
  },
});

// Frozen so that no caller can change a preset for everyone else; bodies edit their copies.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A deep copy of a preset for a body to store and edit.
 * @example copyPreset('ru-131fz').quorum // { base: 'filled', fraction: '1/2', compare: '>=' }
 */
export function copyPreset(name: string): RuleSet {
  const preset = Object.hasOwn(PRESETS, name) ? PRESETS[name] : undefined;
  if (!preset) throw rulesError('unknown_preset', `no preset named "${name.slice(0, 70)}"; known: ${Object.keys(PRESETS).join(', ')}`);
  return structuredClone(preset);
}
