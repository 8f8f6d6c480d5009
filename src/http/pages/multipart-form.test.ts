import { test } from 'node:test';
import assert from 'node:assert/strict';
import { multipartBoundary, parseMultipart } from './multipart-form.ts';

const body = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

test('the boundary of a multipart/form-data content type', () => {
  const rows: Array<[string | undefined, string | null]> = [
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b"', null],
    ['Multipart/Form-Data; charset=utf-8; boundary="----x1"', '----x1'],
    ['multipart/form-data', null],
    ['application/x-www-form-urlencoded; boundary=abc', null],
    [`multipart/form-data; boundary=${'x'.repeat(71)}`, null],
    [undefined, null],
  ];
  for (const [ct, expected] of rows) assert.equal(multipartBoundary(ct), expected, String(ct));
});

test('fields and a file, as UTF-8 text; a repeated name keeps its first value', () => {
  const fields = parseMultipart(
    body(
      '--XyZ',
      'Content-Disposition: form-data; name="_csrf"',
      '',
      'token',
      '--XyZ',
      'Content-Disposition: form-data; name="roster"; filename="r.csv"',
      'Content-Type: text/csv',
      '',
      'seat,name_ru\r\n1,Иванов',
      '--XyZ',
      'Content-Disposition: form-data; name="_csrf"',
      '',
      'other',
      '--XyZ--',
      '',
    ),
    'XyZ',
  );
  assert.deepEqual(fields, { _csrf: 'token', roster: 'seat,name_ru\r\n1,Иванов' });
});

test('malformed bodies are refused with a 400', () => {
  const bad = [
    body('no boundary here'),
    body('--b', 'Content-Disposition: form-data; name="a"', '', 'x'),
    body('--b', 'Content-Disposition: form-data', '', 'x', '--b--'),
    body('--b', 'Content-Disposition: attachment; name="a"', '', 'x', '--b--'),
    body('--b', 'Content-Disposition: form-data; name="a"'),
    body('--bXContent-Disposition: form-data; name="a"', '', 'x', '--b--'),
  ];
  for (const b of bad) assert.throws(() => parseMultipart(b, 'b'), { statusCode: 400 }, b.toString());
  const many = body(
    ...Array.from({ length: 30 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx`),
    '--b--',
  );
  assert.throws(() => parseMultipart(many, 'b'), /too many parts/);
});
