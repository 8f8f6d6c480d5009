import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkAttachment, checkAttachmentName, MAX_ATTACHMENT_BYTES } from './check-attachment.ts';

const bytes = (...parts: Array<string | number[]>) => {
  const chunks = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : Uint8Array.from(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
};
const PDF = bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const TEXT = bytes('Your proposal has been considered.\r\n\tТекст ответа.\n');

test('accepts each allowed type under a fitting name', () => {
  const rows: Array<[string, string, Uint8Array]> = [
    ['letter.pdf', 'application/pdf', PDF],
    ['REPLY.PDF', 'application/pdf', PDF],
    ['scan page 1.png', 'image/png', PNG],
    ['scan.jpg', 'image/jpeg', JPEG],
    ['scan.jpeg', 'image/jpeg', JPEG],
    ['ответ.txt', 'text/plain', TEXT],
    ['ответ.txt', 'text/plain; charset=utf-8', TEXT],
  ];
  for (const [name, mediaType, content] of rows) {
    const checked = checkAttachment({ name, mediaType, bytes: content });
    assert.equal(checked.name, name);
    assert.equal(checked.mediaType, mediaType.split(';')[0]);
    assert.equal(checked.size, content.length);
  }
});

test('refuses hostile or broken uploads with a stable code', () => {
  const html = bytes('<html><script>alert(1)</script></html>');
  const rows: Array<[string, unknown, unknown, Uint8Array, string]> = [
    ['a path upwards', '../x.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a bare "../x"', '../x', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a Windows path', '..\\..\\x.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['an absolute path', '/etc/passwd.txt', 'text/plain', TEXT, 'attachment_name_invalid'],
    ['a drive colon', 'C:x.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a NUL', 'a\u0000.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a newline (header injection)', 'a\r\nSet-Cookie: x.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a right-to-left override', 'reply\u202Efdp.exe.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a dot file', '.htaccess.txt', 'text/plain', TEXT, 'attachment_name_invalid'],
    ['only dots', '..', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['an empty name', '', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a lone surrogate', 'a\uD800.pdf', 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a name too long', `${'a'.repeat(200)}.pdf`, 'application/pdf', PDF, 'attachment_name_invalid'],
    ['a name that is not text', 42, 'application/pdf', PDF, 'attachment_name_invalid'],
    ['HTML', 'page.html', 'text/html', html, 'attachment_type_not_allowed'],
    ['SVG (scripts)', 'x.svg', 'image/svg+xml', bytes('<svg/>'), 'attachment_type_not_allowed'],
    ['an executable', 'x.exe', 'application/octet-stream', bytes('MZ'), 'attachment_type_not_allowed'],
    ['no type', 'x.pdf', undefined, PDF, 'attachment_type_not_allowed'],
    ['HTML named .pdf', 'x.pdf', 'application/pdf', html, 'attachment_content_mismatch'],
    ['a PNG declared as JPEG', 'x.jpg', 'image/jpeg', PNG, 'attachment_content_mismatch'],
    ['binary declared as text', 'x.txt', 'text/plain', bytes([0x41, 0x00, 0x42]), 'attachment_content_mismatch'],
    [
      'Latin-1 declared as UTF-8 text',
      'x.txt',
      'text/plain',
      bytes([0x63, 0x61, 0x66, 0xe9]),
      'attachment_content_mismatch',
    ],
    ['an escape sequence in text', 'x.txt', 'text/plain', bytes('\u001b[2J'), 'attachment_content_mismatch'],
    ['a PDF named .html', 'x.html', 'application/pdf', PDF, 'attachment_extension_mismatch'],
    ['a PDF with no extension', 'pdf', 'application/pdf', PDF, 'attachment_extension_mismatch'],
    ['an empty file', 'x.pdf', 'application/pdf', new Uint8Array(0), 'attachment_empty'],
  ];
  for (const [why, name, mediaType, content, code] of rows) {
    assert.throws(() => checkAttachment({ name, mediaType, bytes: content }), { code }, why);
  }
});

test('size: the limit itself passes, one byte more is refused', () => {
  const at = new Uint8Array(64);
  at.set(PDF.subarray(0, 5));
  assert.equal(checkAttachment({ name: 'x.pdf', mediaType: 'application/pdf', bytes: at, maxBytes: 64 }).size, 64);
  assert.throws(
    () => checkAttachment({ name: 'x.pdf', mediaType: 'application/pdf', bytes: new Uint8Array(65), maxBytes: 64 }),
    { code: 'attachment_too_large' },
  );
  const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
  big.set(PDF.subarray(0, 5));
  assert.throws(() => checkAttachment({ name: 'x.pdf', mediaType: 'application/pdf', bytes: big }), {
    code: 'attachment_too_large',
  });
});

test('names are kept in NFC', () => {
  assert.equal(checkAttachmentName('Ответ\u0306.txt'), 'Ответ\u0306.txt'.normalize('NFC'));
  assert.equal(checkAttachmentName('e\u0301.pdf'), '\u00e9.pdf');
});

test('property: any accepted name is one path segment with no control or bidi characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (name) => {
      let accepted: string;
      try {
        accepted = checkAttachmentName(name);
      } catch (err) {
        assert.equal((err as { code: string }).code, 'attachment_name_invalid');
        return;
      }
      // Oracle: character by character, independent of the checker's regular expressions.
      for (const ch of accepted) {
        const c = ch.codePointAt(0)!;
        assert.ok(c >= 0x20 && !(c >= 0x7f && c <= 0x9f), `control ${c.toString(16)}`);
        assert.ok(
          !(c >= 0x202a && c <= 0x202e) && !(c >= 0x2066 && c <= 0x2069) && c !== 0xfeff,
          `bidi ${c.toString(16)}`,
        );
        assert.ok(!['/', '\\', ':'].includes(ch));
      }
      assert.notEqual(accepted[0], '.');
      assert.ok(accepted.split('/').length === 1 && accepted !== '..');
    }),
    { numRuns: 2000 },
  );
});

test('property: text is accepted exactly when it is well-formed UTF-8 without control characters', () => {
  // Oracle: the platform's fatal UTF-8 decoder, then the decoded text checked character by character.
  const oracle = (bytes: Uint8Array) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return false;
    }
    return [...text].every((ch) => {
      const c = ch.codePointAt(0)!;
      return c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d || (c >= 0x20 && c !== 0x7f);
    });
  };
  const accepted = (bytes: Uint8Array) => {
    try {
      checkAttachment({ name: 'x.txt', mediaType: 'text/plain', bytes });
      return true;
    } catch (err) {
      assert.equal((err as { code: string }).code, 'attachment_content_mismatch');
      return false;
    }
  };
  const encoded = fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((s) => new TextEncoder().encode(s));
  // Valid text with one byte changed: truncated sequences, overlong forms, surrogates…
  const damaged = fc.tuple(encoded, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, at, v]) => {
    const copy = Uint8Array.from(b);
    copy[at % copy.length] = v;
    return copy;
  });
  const edge = fc
    .constantFrom(
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xef, 0xbb, 0xbf, 0x41],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xe2, 0x82],
      [0xc2, 0x85],
      [0x7f],
      [0x1b],
      [0xf0, 0x90, 0x80, 0x80],
    )
    .map((a) => Uint8Array.from(a));
  fc.assert(
    fc.property(fc.oneof(encoded, damaged, fc.uint8Array({ minLength: 1, maxLength: 12 }), edge), (bytes) => {
      assert.equal(accepted(bytes), oracle(bytes), Buffer.from(bytes).toString('hex'));
    }),
    { numRuns: 5000 },
  );
});
