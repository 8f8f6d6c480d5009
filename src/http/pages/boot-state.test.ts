import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bootStateJson } from './boot-state.ts';

describe('bootStateJson', () => {
  test('cannot close its script element', () => {
    const json = bootStateJson({ title: '</script><script>alert(1)</script>', x: '<!-- \u2028' });
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), { title: '</script><script>alert(1)</script>', x: '<!-- \u2028' });
  });
  test('any JSON value survives unchanged and the text has no < > & (oracle: JSON.parse)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const json = bootStateJson(v);
        assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
        assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(v)));
      }),
    );
  });
});
