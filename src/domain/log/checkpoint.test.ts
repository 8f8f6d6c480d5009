import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { toBase64, toHex } from './bytes.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import { emptyRoot } from './merkle.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

test('the C2SP tlog-checkpoint example parses and formats back', () => {
  const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
  const cp = parseCheckpoint(text);
  assert.equal(cp.origin, 'example.com/behind-the-sofa');
  assert.equal(cp.size, 20852163);
  assert.equal(toHex(cp.rootHash), '0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62');
  assert.deepEqual(cp.extensions, []);
  assert.equal(formatCheckpoint(cp), text);
});

test('an empty tree, and extension lines', () => {
  const empty = { origin: 'council.example.org/smolninskoye', size: 0, rootHash: emptyRoot(sha), extensions: [] };
  const text = formatCheckpoint(empty);
  assert.equal(text, 'council.example.org/smolninskoye\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
  const withExtensions = `${text}ext one\n— not a signature, just text\n`;
  assert.deepEqual(parseCheckpoint(withExtensions).extensions, ['ext one', '— not a signature, just text']);
  assert.equal(formatCheckpoint(parseCheckpoint(withExtensions)), withExtensions);
});

test('refuses anything but the one strict form', () => {
  const root = toBase64(new Uint8Array(32));
  const rows: Array<[string, string]> = [
    ['no final newline', `o\n1\n${root}`],
    ['two lines', `o\n1\n`],
    ['empty origin', `\n1\n${root}\n`],
    ['leading zero', `o\n01\n${root}\n`],
    ['negative', `o\n-1\n${root}\n`],
    ['plus sign', `o\n+1\n${root}\n`],
    ['decimal point', `o\n1.0\n${root}\n`],
    ['exponent', `o\n1e3\n${root}\n`],
    ['space', `o\n 1\n${root}\n`],
    ['hex', `o\n0x10\n${root}\n`],
    ['beyond 2^53', `o\n9007199254740993\n${root}\n`],
    ['empty size', `o\n\n${root}\n`],
    ['root not base64', `o\n1\nnot base64!\n`],
    ['root 31 bytes', `o\n1\n${toBase64(new Uint8Array(31))}\n`],
    ['root 33 bytes', `o\n1\n${toBase64(new Uint8Array(33))}\n`],
    ['root unpadded', `o\n1\n${root.replace(/=$/, '')}\n`],
    ['root with non-zero padding bits', `o\n1\n${root.slice(0, 42)}B=\n`],
    ['root url-safe', `o\n1\n${toBase64(new Uint8Array(32).fill(0xff)).replaceAll('/', '_')}\n`],
    ['empty extension line', `o\n1\n${root}\n\next\n`],
    ['trailing blank line', `o\n1\n${root}\n\n`],
    ['carriage return', `o\r\n1\n${root}\n`],
    ['tab in origin', `o\tx\n1\n${root}\n`],
    ['lone surrogate in origin', `o\uD800\n1\n${root}\n`],
  ];
  for (const [name, text] of rows) assert.throws(() => parseCheckpoint(text), { code: 'malformed_checkpoint' }, name);
  const good = { origin: 'o', size: 1, rootHash: new Uint8Array(32), extensions: [] as string[] };
  const bad: Array<[string, typeof good]> = [
    ['empty origin', { ...good, origin: '' }],
    ['newline in origin', { ...good, origin: 'a\nb' }],
    ['fractional size', { ...good, size: 1.5 }],
    ['negative size', { ...good, size: -1 }],
    ['short root', { ...good, rootHash: new Uint8Array(31) }],
    ['empty extension', { ...good, extensions: [''] }],
    ['newline in extension', { ...good, extensions: ['a\nb'] }],
  ];
  for (const [name, cp] of bad) assert.throws(() => formatCheckpoint(cp), { code: 'malformed_checkpoint' }, name);
});

test('property: checkpoints round-trip', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: generated lines must be free of control characters
  const line = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/[\u0000-\u001f]/.test(s));
  fc.assert(
    fc.property(
      line,
      fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.array(line, { maxLength: 3 }),
      (origin, size, rootHash, extensions) => {
        const back = parseCheckpoint(formatCheckpoint({ origin, size, rootHash, extensions }));
        assert.deepEqual(
          { ...back, rootHash: toHex(back.rootHash) },
          { origin, size, rootHash: toHex(rootHash), extensions },
        );
      },
    ),
    { numRuns: 500 },
  );
});
