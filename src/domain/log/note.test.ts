import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fromHex, fromUtf8, toBase64, toHex } from './bytes.ts';
import {
  addSignatures,
  ED25519_KEY_TYPE,
  ed25519Signer,
  ed25519Verifier,
  formatKeyId,
  formatSignatureLine,
  formatVerifierKey,
  isValidKeyName,
  noteKeyId,
  openNote,
  parseNote,
  parseSignatureLines,
  parseVerifierKey,
  signNote,
  type Ed25519Verify,
} from './note.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const vectors = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/rfc6962-vectors.json', import.meta.url), 'utf8'),
);
const [specExample, peter, enoch] = vectors.signed_notes.items;

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const verifyEd25519: Ed25519Verify = (pub, msg, sig) =>
  cryptoVerify(
    null,
    msg,
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' }),
    sig,
  );
function keyFromSeed(seed: Uint8Array) {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12));
  return { publicKey, sign: (m: Uint8Array) => new Uint8Array(cryptoSign(null, m, privateKey)) };
}
function newKey() {
  const { privateKey } = generateKeyPairSync('ed25519');
  return keyFromSeed(privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16));
}
const verifierOf = (item: { vkey: string }) => ed25519Verifier(sha, item.vkey, verifyEd25519);
const lineOf = (note: string) => note.slice(note.lastIndexOf('\n\n') + 2);

test('C2SP and Go vectors: vkeys, key IDs, texts and signatures', () => {
  for (const item of vectors.signed_notes.items) {
    const key = parseVerifierKey(sha, item.vkey);
    assert.equal(key.name, item.parsed.key_name);
    assert.equal(formatKeyId(key.keyId), item.parsed.key_id_hex);
    assert.equal(key.keyType, ED25519_KEY_TYPE);
    assert.equal(toHex(key.publicKey), item.parsed.public_key_hex);
    assert.equal(formatKeyId(noteKeyId(sha, key.name, ED25519_KEY_TYPE, key.publicKey)), item.parsed.key_id_hex);
    assert.equal(formatVerifierKey(sha, key.name, ED25519_KEY_TYPE, key.publicKey), item.vkey);
    const parsed = parseNote(item.note);
    assert.equal(parsed.text, fromUtf8(fromHex(item.parsed.signed_text_hex)));
    assert.equal(toHex(parsed.signatures[0]!.signature), item.parsed.signature_hex);
    const opened = openNote(item.note, [verifierOf(item)]);
    assert.equal(opened.text, parsed.text);
    assert.equal(opened.verified.length, 1);
    assert.deepEqual(openNote(new TextEncoder().encode(item.note), [verifierOf(item)]).text, parsed.text);
  }
});

test('signing the Go golden text with its seed reproduces the note byte for byte', () => {
  const key = keyFromSeed(fromHex(peter.parsed.ed25519_seed_hex));
  assert.equal(toHex(key.publicKey), peter.parsed.public_key_hex);
  assert.equal(signNote(peter.text, [ed25519Signer(sha, 'PeterNeumann', key.publicKey, key.sign)]), peter.note);
});

test('several signatures: each known one is checked, unknown ones are kept aside', () => {
  const both = `${peter.text}\n${lineOf(peter.note)}${lineOf(enoch.note)}`;
  assert.equal(addSignatures(peter.note, parseSignatureLines(lineOf(enoch.note))), both);
  assert.equal(
    addSignatures(both, parseSignatureLines(lineOf(peter.note))),
    both,
    'a key that signed already is not added twice',
  );
  const all = openNote(both, [verifierOf(peter), verifierOf(enoch)]);
  assert.deepEqual(
    all.verified.map((s) => s.name),
    ['PeterNeumann', 'EnochRoot'],
  );
  assert.deepEqual(all.unverified, []);
  const onlyEnoch = openNote(both, [verifierOf(enoch)]);
  assert.deepEqual(
    onlyEnoch.verified.map((s) => s.name),
    ['EnochRoot'],
  );
  assert.deepEqual(
    onlyEnoch.unverified.map((s) => s.name),
    ['PeterNeumann'],
  );
  assert.throws(() => openNote(both, [verifierOf(specExample)]), { code: 'no_verified_signature' });
  assert.throws(() => openNote(both, []), { code: 'no_verified_signature' });
  assert.throws(() => openNote(both, [verifierOf(peter), verifierOf(peter)]), { code: 'duplicate_verifier' });
});

test('a known key whose signature fails refuses the whole note', () => {
  const sig = parseNote(peter.note).signatures[0]!;
  const flipped = sig.signature.slice();
  flipped[10]! ^= 1;
  const forged = `${peter.text}\n${formatSignatureLine({ ...sig, signature: flipped })}`;
  assert.throws(() => openNote(forged, [verifierOf(peter)]), { code: 'invalid_signature' });
  const otherText = peter.note.replace('cryptography', 'cryptographY');
  assert.throws(() => openNote(otherText, [verifierOf(peter)]), { code: 'invalid_signature' });
  // …even when a good signature by another trusted key is present.
  const mixed = `${peter.text}\n${formatSignatureLine({ ...sig, signature: flipped })}${lineOf(enoch.note)}`;
  assert.throws(() => openNote(mixed, [verifierOf(peter), verifierOf(enoch)]), { code: 'invalid_signature' });
});

test('a signature matching a known name or key ID, but not both, is ignored', () => {
  const sig = parseNote(peter.note).signatures[0]!;
  const wrongId = formatSignatureLine({ ...sig, keyId: (sig.keyId + 1) >>> 0 });
  const wrongName = formatSignatureLine({ ...sig, name: 'PeterNeumann2' });
  const note = `${peter.text}\n${wrongId}${wrongName}${wrongId}${lineOf(peter.note)}${lineOf(peter.note)}`;
  const opened = openNote(note, [verifierOf(peter)]);
  assert.equal(opened.verified.length, 1, 'a repeated signature by one key counts once');
  assert.deepEqual(
    opened.unverified.map((s) => `${s.name}+${formatKeyId(s.keyId)}`),
    [`PeterNeumann+${formatKeyId(sig.keyId + 1)}`, `PeterNeumann2+${formatKeyId(sig.keyId)}`],
  );
});

test('malformed notes are refused', () => {
  const line = lineOf(peter.note);
  const b64 = line.slice(line.lastIndexOf(' ') + 1, -1);
  const rows: Array<[string, string]> = [
    ['no final newline', peter.note.slice(0, -1)],
    ['no blank line', `${peter.text}${line}`],
    ['no signatures', `${peter.text}\n`],
    ['hyphen instead of em dash', `${peter.text}\n- PeterNeumann ${b64}\n`],
    ['en dash', `${peter.text}\n\u2013 PeterNeumann ${b64}\n`],
    ['em dash without space', `${peter.text}\n\u2014PeterNeumann ${b64}\n`],
    ['empty key name', `${peter.text}\n\u2014  ${b64}\n`],
    ['no signature after the name', `${peter.text}\n\u2014 PeterNeumann\n`],
    ['key name with +', `${peter.text}\n\u2014 Peter+Neumann ${b64}\n`],
    ['key name with no-break space', `${peter.text}\n\u2014 Peter\u00a0Neumann ${b64}\n`],
    ['two spaces before the signature', `${peter.text}\n\u2014 PeterNeumann  ${b64}\n`],
    ['trailing space', `${peter.text}\n\u2014 PeterNeumann ${b64} \n`],
    ['unpadded base64', `${peter.text}\n\u2014 PeterNeumann ${b64.replace(/=+$/, '')}\n`],
    ['non-canonical base64', `${peter.text}\n\u2014 PeterNeumann ${b64.slice(0, -2)}N=\n`],
    ['signature of 4 bytes', `${peter.text}\n\u2014 PeterNeumann ${toBase64(new Uint8Array(4))}\n`],
    ['tab in the text', `If\tyou\n\n${line}`],
    ['carriage returns', peter.note.replaceAll('\n', '\r\n')],
    ['NUL', `a\u0000\n\n${line}`],
    ['101 signatures', `${peter.text}\n${line.repeat(101)}`],
  ];
  for (const [name, note] of rows)
    assert.throws(() => openNote(note, [verifierOf(peter)]), { code: 'malformed_note' }, name);
  // A blank line among the signatures makes the lines before it part of the text, which then no
  // longer matches its signature.
  assert.throws(() => openNote(`${peter.text}\n${line}\n${line}`, [verifierOf(peter)]), { code: 'invalid_signature' });
  assert.throws(() => parseNote(Uint8Array.of(0x61, 0xff, 0x0a, 0x0a)), { code: 'malformed_text' });
  assert.throws(() => parseNote(`a\uD800\n\n${line}`), { code: 'malformed_text' });
  // 100 signatures is the limit (the spec asks verifiers to accept at least 16).
  assert.equal(openNote(`${peter.text}\n${line.repeat(100)}`, [verifierOf(peter)]).verified.length, 1);
});

test('the text may hold blank lines: the last one separates the signatures', () => {
  const key = newKey();
  const signer = ed25519Signer(sha, 'example.org/k', key.publicKey, key.sign);
  const vkey = formatVerifierKey(sha, 'example.org/k', ED25519_KEY_TYPE, key.publicKey);
  for (const text of ['a\n\nb\n', 'a\n\n', '\n', `x\n\n${lineOf(peter.note)}`]) {
    const note = signNote(text, [signer]);
    assert.equal(openNote(note, [ed25519Verifier(sha, vkey, verifyEd25519)]).text, text, JSON.stringify(text));
  }
});

test('bad vkeys, signers and texts are refused with their codes', () => {
  const key = parseVerifierKey(sha, peter.vkey);
  const rows: Array<[string, () => unknown, string]> = [
    ['no plus', () => parseVerifierKey(sha, 'PeterNeumann'), 'malformed_vkey'],
    ['one plus', () => parseVerifierKey(sha, 'PeterNeumann+c74f20a3'), 'malformed_vkey'],
    ['short key ID', () => parseVerifierKey(sha, peter.vkey.replace('+c74f20a3+', '+c74f20a+')), 'malformed_vkey'],
    ['non-hex key ID', () => parseVerifierKey(sha, peter.vkey.replace('+c74f20a3+', '+c74f20aZ+')), 'malformed_vkey'],
    [
      'key ID of another key',
      () => parseVerifierKey(sha, peter.vkey.replace('+c74f20a3+', '+c74f20a4+')),
      'vkey_id_mismatch',
    ],
    ['renamed', () => parseVerifierKey(sha, peter.vkey.replace('PeterNeumann', 'PeterNeumann2')), 'vkey_id_mismatch'],
    ['empty name', () => parseVerifierKey(sha, peter.vkey.replace('PeterNeumann', '')), 'invalid_key_name'],
    [
      'name with a space',
      () => parseVerifierKey(sha, peter.vkey.replace('PeterNeumann', 'Peter Neumann')),
      'invalid_key_name',
    ],
    ['key not base64', () => parseVerifierKey(sha, 'PeterNeumann+c74f20a3+!!!!'), 'malformed_vkey'],
    ['no key bytes', () => parseVerifierKey(sha, 'PeterNeumann+c74f20a3+'), 'malformed_vkey'],
    [
      'cosigner key for notes',
      () => ed25519Verifier(sha, formatVerifierKey(sha, 'w', 0x04, key.publicKey), verifyEd25519),
      'unsupported_key_type',
    ],
    [
      '31-byte key',
      () => ed25519Verifier(sha, formatVerifierKey(sha, 'w', ED25519_KEY_TYPE, key.publicKey.slice(1)), verifyEd25519),
      'unsupported_key_type',
    ],
    [
      'signer with a bad name',
      () => ed25519Signer(sha, 'a b', key.publicKey, () => new Uint8Array(64)),
      'invalid_key_name',
    ],
    [
      'signer with a short key',
      () => ed25519Signer(sha, 'a', key.publicKey.slice(1), () => new Uint8Array(64)),
      'unsupported_key_type',
    ],
    [
      'text without final newline',
      () => signNote('abc', [ed25519Signer(sha, 'a', key.publicKey, () => new Uint8Array(64))]),
      'malformed_note',
    ],
    [
      'text with a control character',
      () => signNote('a\u0007\n', [ed25519Signer(sha, 'a', key.publicKey, () => new Uint8Array(64))]),
      'malformed_note',
    ],
    ['no signers', () => signNote('abc\n', []), 'malformed_note'],
    ['vkey name with a plus', () => formatVerifierKey(sha, 'a+b', ED25519_KEY_TYPE, key.publicKey), 'invalid_key_name'],
  ];
  for (const [name, run, code] of rows) assert.throws(run, { code }, name);
});

test('key names: non-empty, no Unicode space, no plus', () => {
  const rows: Array<[string, boolean]> = [
    ['council.example.org/smolninskoye', true],
    ['PeterNeumann', true],
    ['oid/1.3.6.1.4.1', true],
    ['совет.рф/журнал', true],
    ['a😀', true],
    ['', false],
    ['a b', false],
    ['a+b', false],
    ['a\tb', false],
    ['a\u00a0b', false],
    ['a\u2003b', false],
    ['a\u3000b', false],
    ['a\u0085b', false],
    ['a\u2028b', false],
    ['a\nb', false],
    ['\uD800', false],
  ];
  for (const [name, ok] of rows) assert.equal(isValidKeyName(name), ok, JSON.stringify(name));
});

test('property: any note text signs and opens back to itself', () => {
  const key = newKey();
  const name = 'council.example.org/test';
  const signer = ed25519Signer(sha, name, key.publicKey, key.sign);
  const verifier = ed25519Verifier(sha, formatVerifierKey(sha, name, ED25519_KEY_TYPE, key.publicKey), verifyEd25519);
  const text = fc
    .string({ unit: 'grapheme', maxLength: 60 })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: generated text must be free of control characters
    .map((s) => `${s.replace(/[\u0000-\u0009\u000b-\u001f]/g, '')}\n`);
  fc.assert(
    fc.property(text, (t) => {
      const opened = openNote(signNote(t, [signer]), [verifier]);
      assert.equal(opened.text, t);
      assert.equal(opened.verified[0]!.keyId, signer.keyId);
    }),
    { numRuns: 200 },
  );
});
