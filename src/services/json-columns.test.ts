import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BODY_LANGUAGES,
  BODY_NAMES,
  MOTION_SPONSORS,
  TRANSIT_DAYS,
  VOTE_OUTCOME,
  JsonColumnError,
  parseJsonColumn,
  type JsonColumn,
} from './json-columns.ts';

test('a column holding what it should parses to its value; SQL NULL to null', () => {
  assert.deepEqual(parseJsonColumn(MOTION_SPONSORS, '[3,7]'), [3, 7]);
  assert.deepEqual(parseJsonColumn(BODY_NAMES, '{"en":"Council","ru":"Совет"}'), { en: 'Council', ru: 'Совет' });
  assert.deepEqual(parseJsonColumn(TRANSIT_DAYS, '{"post":7}'), { post: 7 });
  assert.deepEqual(parseJsonColumn(VOTE_OUTCOME, '{"adopted":true}'), { adopted: true });
  assert.equal(parseJsonColumn(VOTE_OUTCOME, null), null);
});

test('text that is not what the column holds is refused, naming the column', () => {
  const cases: Array<[JsonColumn<unknown>, string, RegExp]> = [
    [MOTION_SPONSORS, '[3,', /^motions\.sponsors: not JSON$/],
    [MOTION_SPONSORS, '["3"]', /^motions\.sponsors: /],
    [MOTION_SPONSORS, '[1.5]', /^motions\.sponsors: /],
    [BODY_LANGUAGES, '[]', /^bodies\.languages: /],
    [BODY_NAMES, '["en"]', /^bodies\.names: /],
    [TRANSIT_DAYS, '{"post":-1}', /^authorities\.transit_days \/ appeal_calendars\.transit_days: /],
    [VOTE_OUTCOME, '[]', /^votes\.outcome: /],
    [VOTE_OUTCOME, 'null', /^votes\.outcome: /],
  ];
  for (const [column, text, message] of cases) {
    assert.throws(
      () => parseJsonColumn(column, text),
      (err) => err instanceof JsonColumnError && err.code === 'invalid_json_column' && message.test(err.message),
      `${column.name} ${text}`,
    );
  }
});
