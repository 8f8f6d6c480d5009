import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  sign as cryptoSign,
  verify as cryptoVerify,
} from 'node:crypto';
import fc from 'fast-check';
import { fromUtf8, toBase64, toHex, utf8 } from './bytes.ts';
import { formatCheckpoint } from './checkpoint.ts';
import {
  COSIGNATURE_KEY_TYPE,
  cosignatureMessage,
  cosignatureSigner,
  cosignatureTimestamp,
  cosignatureVerifier,
  formatAddCheckpointRequest,
  formatCosignerVerifierKey,
  parseAddCheckpointRequest,
} from './cosignature.ts';
import {
  ED25519_KEY_TYPE,
  addSignatures,
  ed25519Signer,
  ed25519Verifier,
  formatVerifierKey,
  noteKeyId,
  openNote,
  parseNote,
  parseSignatureLines,
  signatureLines,
  signNote,
  type Ed25519Verify,
} from './note.ts';

const sha = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const verifyEd25519: Ed25519Verify = (pub, msg, sig) =>
  cryptoVerify(
    null,
    msg,
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, pub]), format: 'der', type: 'spki' }),
    sig,
  );
function newKey() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(12)),
    sign: (m: Uint8Array) => new Uint8Array(cryptoSign(null, m, privateKey)),
  };
}

const SPEC_CHECKPOINT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

test('the C2SP examples: the signed message, and the timestamp inside a cosignature', () => {
  assert.equal(
    fromUtf8(cosignatureMessage(SPEC_CHECKPOINT, 1679315147)),
    `cosignature/v1\ntime 1679315147\n${SPEC_CHECKPOINT}`,
  );
  const cosigned = `${SPEC_CHECKPOINT}\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n`;
  const witness = parseNote(cosigned).signatures[1]!;
  assert.equal(witness.signature.length, 72);
  assert.equal(cosignatureTimestamp(witness.signature), 1679315147);
});

test('a log signs, a witness cosigns, a client checks both', () => {
  const log = newKey();
  const witness = newKey();
  const origin = 'council.example.org/smolninskoye';
  const text = formatCheckpoint({ origin, size: 8, rootHash: sha(utf8('root')), extensions: [] });
  const logVkey = formatVerifierKey(sha, origin, ED25519_KEY_TYPE, log.publicKey);
  const witnessVkey = formatCosignerVerifierKey(sha, 'mirror.example.net/w1', witness.publicKey);
  const note = signNote(text, [ed25519Signer(sha, origin, log.publicKey, log.sign)]);

  const timestamp = 1_700_000_000;
  const cosigner = cosignatureSigner(sha, {
    name: 'mirror.example.net/w1',
    publicKey: witness.publicKey,
    sign: witness.sign,
    timestamp,
  });
  const reply = parseSignatureLines(signatureLines(parseNote(note).text, [cosigner]));
  assert.equal(reply.length, 1);
  const cosigned = addSignatures(note, reply);

  const opened = openNote(cosigned, [
    ed25519Verifier(sha, logVkey, verifyEd25519),
    cosignatureVerifier(sha, witnessVkey, verifyEd25519),
  ]);
  assert.equal(opened.verified.length, 2);
  const cosig = opened.verified[1]!;
  assert.equal(cosignatureTimestamp(cosig.signature), timestamp);
  // Checked independently: key ID with type byte 0x04; 8-byte big-endian time, then Ed25519.
  const idDigest = createHash('sha256')
    .update(Buffer.concat([Buffer.from('mirror.example.net/w1\n'), Buffer.from([4]), witness.publicKey]))
    .digest();
  assert.equal(cosig.keyId, idDigest.readUInt32BE(0));
  assert.equal(cosig.keyId, noteKeyId(sha, 'mirror.example.net/w1', COSIGNATURE_KEY_TYPE, witness.publicKey));
  assert.notEqual(cosig.keyId, noteKeyId(sha, 'mirror.example.net/w1', ED25519_KEY_TYPE, witness.publicKey));
  assert.equal(Buffer.from(cosig.signature.subarray(0, 8)).readBigUInt64BE(), BigInt(timestamp));
  assert.ok(
    verifyEd25519(witness.publicKey, utf8(`cosignature/v1\ntime ${timestamp}\n${text}`), cosig.signature.subarray(8)),
  );

  // A client that trusts only the witness still opens the note; one that knows the witness key
  // only as a plain Ed25519 note key does not mistake the cosignature for a note signature.
  assert.equal(openNote(cosigned, [cosignatureVerifier(sha, witnessVkey, verifyEd25519)]).verified.length, 1);
  const plainVkey = formatVerifierKey(sha, 'mirror.example.net/w1', ED25519_KEY_TYPE, witness.publicKey);
  assert.throws(() => openNote(cosigned, [ed25519Verifier(sha, plainVkey, verifyEd25519)]), {
    code: 'no_verified_signature',
  });

  // Moving the timestamp breaks the signature.
  const moved = cosig.signature.slice();
  moved[7]! ^= 1;
  const tampered = addSignatures(note, [{ ...cosig, signature: moved }]);
  assert.throws(() => openNote(tampered, [cosignatureVerifier(sha, witnessVkey, verifyEd25519)]), {
    code: 'invalid_signature',
  });
  // A cosignature over another checkpoint does not verify on this one.
  const other = formatCheckpoint({ origin, size: 9, rootHash: sha(utf8('root')), extensions: [] });
  const otherReply = parseNote(signNote(other, [cosigner])).signatures;
  assert.throws(
    () => openNote(addSignatures(note, otherReply), [cosignatureVerifier(sha, witnessVkey, verifyEd25519)]),
    { code: 'invalid_signature' },
  );
});

test('timestamps: 64-bit big-endian, whole seconds, below 2^53', () => {
  const key = newKey();
  fc.assert(
    fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (timestamp) => {
      const signer = cosignatureSigner(sha, {
        name: 'w',
        publicKey: key.publicKey,
        sign: () => new Uint8Array(64),
        timestamp,
      });
      const sig = signer.sign(utf8(SPEC_CHECKPOINT));
      assert.equal(Buffer.from(sig.subarray(0, 8)).readBigUInt64BE(), BigInt(timestamp));
      assert.equal(cosignatureTimestamp(sig), timestamp);
    }),
    { numRuns: 300 },
  );
  const rows: Array<[string, () => unknown]> = [
    ['negative', () => cosignatureMessage(SPEC_CHECKPOINT, -1)],
    ['fractional', () => cosignatureMessage(SPEC_CHECKPOINT, 1.5)],
    ['text without newline', () => cosignatureMessage('abc', 1)],
    ['71 bytes', () => cosignatureTimestamp(new Uint8Array(71))],
    ['beyond 2^53', () => cosignatureTimestamp(Uint8Array.of(0, 0x20, 0, 0, 0, 0, 0, 0, ...new Uint8Array(64)))],
    [
      'signer at a negative time',
      () => cosignatureSigner(sha, { name: 'w', publicKey: key.publicKey, sign: key.sign, timestamp: -5 }),
    ],
  ];
  for (const [name, run] of rows) assert.throws(run, { code: 'malformed_cosignature' }, name);
  assert.throws(
    () => cosignatureVerifier(sha, formatVerifierKey(sha, 'w', ED25519_KEY_TYPE, key.publicKey), verifyEd25519),
    { code: 'unsupported_key_type' },
  );
  assert.throws(() => formatCosignerVerifierKey(sha, 'w', key.publicKey.slice(1)), { code: 'unsupported_key_type' });
  assert.throws(() => cosignatureSigner(sha, { name: 'a b', publicKey: key.publicKey, sign: key.sign, timestamp: 1 }), {
    code: 'invalid_key_name',
  });
});

test('the C2SP tlog-witness add-checkpoint example parses and formats back', () => {
  const body = [
    'old 20852014',
    'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
    'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
    '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
    '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
    '',
    'example.com/behind-the-sofa',
    '20852163',
    'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
    '',
    '— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=',
    '— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=',
    '',
  ].join('\n');
  const request = parseAddCheckpointRequest(body);
  assert.equal(request.oldSize, 20852014);
  assert.equal(request.consistencyProof.length, 4);
  assert.equal(toBase64(request.consistencyProof[0]!), 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=');
  assert.equal(parseNote(request.checkpoint).text, SPEC_CHECKPOINT);
  assert.equal(formatAddCheckpointRequest(request), body);
  const first = parseAddCheckpointRequest(`old 0\n\n${SPEC_CHECKPOINT}\n— a AAAAAAE=\n`);
  assert.deepEqual(
    { ...first, consistencyProof: first.consistencyProof.map(toHex) },
    { oldSize: 0, consistencyProof: [], checkpoint: `${SPEC_CHECKPOINT}\n— a AAAAAAE=\n` },
  );
});

test('malformed add-checkpoint bodies are refused', () => {
  const hash = toBase64(new Uint8Array(32));
  const cp = `${SPEC_CHECKPOINT}\n— a AAAAAAE=\n`;
  const rows: Array<[string, string]> = [
    ['no blank line', `old 5\n${hash}\n${cp}`],
    ['nothing after the blank line', `old 5\n${hash}\n\n`],
    ['leading zero', `old 05\n\n${cp}`],
    ['negative size', `old -5\n\n${cp}`],
    ['capital O', `Old 5\n\n${cp}`],
    ['two spaces', `old  5\n\n${cp}`],
    ['no size', `old\n\n${cp}`],
    ['beyond 2^53', `old 9007199254740993\n\n${cp}`],
    ['blank first line', `\nold 5\n\n${cp}`],
    ['proof line not base64', `old 5\nnot-base64\n\n${cp}`],
    ['proof line of 31 bytes', `old 5\n${toBase64(new Uint8Array(31))}\n\n${cp}`],
    ['64 proof lines', `old 5\n${`${hash}\n`.repeat(64)}\n${cp}`],
    ['CRLF', `old 5\r\n\r\n${cp}`],
  ];
  for (const [name, body] of rows)
    assert.throws(() => parseAddCheckpointRequest(body), { code: 'malformed_witness_request' }, name);
  assert.equal(parseAddCheckpointRequest(`old 5\n${`${hash}\n`.repeat(63)}\n${cp}`).consistencyProof.length, 63);
  const ok = { oldSize: 5, consistencyProof: [new Uint8Array(32)], checkpoint: cp };
  const bad: Array<[string, typeof ok]> = [
    ['fractional size', { ...ok, oldSize: 1.5 }],
    ['short hash', { ...ok, consistencyProof: [new Uint8Array(31)] }],
    ['checkpoint without newline', { ...ok, checkpoint: 'x' }],
    ['64 hashes', { ...ok, consistencyProof: Array.from({ length: 64 }, () => new Uint8Array(32)) }],
  ];
  for (const [name, request] of bad)
    assert.throws(() => formatAddCheckpointRequest(request), { code: 'malformed_witness_request' }, name);
});
