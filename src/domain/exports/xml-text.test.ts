import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DOMParser } from '@xmldom/xmldom';
import { xmlText } from './xml-text.ts';

function parseStrict(xml: string) {
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(`${level}: ${msg}`);
    },
  }).parseFromString(xml, 'text/xml');
  if (errors.length > 0) throw new Error(errors.join('; '));
  return doc;
}

describe('xmlText', () => {
  test('escapes markup', () =>
    assert.equal(
      xmlText('<script>"x" & \'y\'</script>'),
      '&lt;script&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/script&gt;',
    ));
  test('characters XML cannot carry become U+FFFD', () =>
    assert.equal(xmlText('a\u0001b\uD800c\uFFFFd'), 'a\uFFFDb\uFFFDc\uFFFDd'));
  test('any string round-trips through a real XML parser, as text and as an attribute (oracle: @xmldom/xmldom)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const doc = parseStrict(`<r a="${xmlText(s)}">${xmlText(s)}</r>`);
        const expected = s.replace(
          // biome-ignore lint/suspicious/noControlCharactersInRegex: the oracle names the characters XML 1.0 excludes
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '\uFFFD',
        );
        const root = doc.documentElement!;
        // XML normalises CR and CRLF in text to LF (§2.11), and whitespace in attributes to spaces (§3.3.3).
        assert.equal(root.textContent, expected.replace(/\r\n?/g, '\n'));
        assert.equal(root.getAttribute('a'), expected.replace(/\r\n|[\r\n\t]/g, ' '));
      }),
    );
  });
});
