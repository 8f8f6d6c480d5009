// C2SP tlog-cosignature `cosignature/v1` (timestamped Ed25519 witness cosignatures) and the body
// of a C2SP tlog-witness `add-checkpoint` request. A cosignature is an ordinary note signature on
// the checkpoint, but the key ID uses type byte 0x04, the signed message is
// "cosignature/v1\ntime <unix seconds>\n" followed by the checkpoint text, and the signature bytes
// are the 8-byte big-endian timestamp followed by the 64-byte Ed25519 signature.
import { concatBytes, fromBase64, toBase64, utf8 } from './bytes.ts';
import { LogError } from './log-error.ts';
import { HASH_SIZE, type Sha256 } from './merkle.ts';
import {
  formatVerifierKey,
  noteKeyId,
  parseVerifierKey,
  verifierFor,
  type Ed25519Sign,
  type Ed25519Verify,
  type NoteSigner,
  type NoteVerifier,
} from './note.ts';

/** Signature type byte of timestamped Ed25519 cosignatures (C2SP signed-note, "Signature types"). */
export const COSIGNATURE_KEY_TYPE = 0x04;
/** A witness takes at most this many consistency proof lines (C2SP tlog-witness). */
export const MAX_PROOF_LINES = 63;

function checkTimestamp(timestamp: number): void {
  // The spec allows up to 2^63 − 1; a JavaScript number is exact up to 2^53 − 1, far beyond any clock.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new LogError('malformed_cosignature', `timestamp ${timestamp} is not whole seconds since the Epoch`);
  }
}

/**
 * The message a cosigner signs (C2SP tlog-cosignature, "Ed25519 signed message"): header line,
 * time line, then the checkpoint note text with its final newline.
 * @example fromUtf8(cosignatureMessage('example.com/log\n5\nAAA…=\n', 1679315147))
 * // 'cosignature/v1\ntime 1679315147\nexample.com/log\n5\nAAA…=\n'
 */
export function cosignatureMessage(checkpointText: string | Uint8Array, timestamp: number): Uint8Array {
  checkTimestamp(timestamp);
  const text = typeof checkpointText === 'string' ? utf8(checkpointText) : checkpointText;
  if (text.length === 0 || text[text.length - 1] !== 0x0a) {
    throw new LogError('malformed_cosignature', 'the cosigned checkpoint text must end with a newline');
  }
  return concatBytes(utf8(`cosignature/v1\ntime ${timestamp}\n`), text);
}

function encodeTimestamp(timestamp: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint32(0, Math.floor(timestamp / 2 ** 32));
  view.setUint32(4, timestamp >>> 0);
  return out;
}

/**
 * The timestamp of a cosignature's signature bytes (key ID already removed, as in NoteSignature).
 * Throws `malformed_cosignature` unless they are 8 + 64 bytes with a timestamp below 2^53.
 * @example cosignatureTimestamp(opened.verified[1].signature) // 1679315147
 */
export function cosignatureTimestamp(signature: Uint8Array): number {
  if (signature.length !== 8 + 64) {
    throw new LogError(
      'malformed_cosignature',
      `a cosignature is 72 bytes (timestamp and Ed25519 signature), not ${signature.length}`,
    );
  }
  const view = new DataView(signature.buffer, signature.byteOffset, 8);
  const high = view.getUint32(0);
  if (high >= 2 ** 21) throw new LogError('malformed_cosignature', 'cosignature timestamp is beyond 2^53 seconds');
  return high * 2 ** 32 + view.getUint32(4);
}

/**
 * The cosigner's vkey: type 0x04 and its 32-byte Ed25519 public key.
 * @example formatCosignerVerifierKey(sha, 'mirror.example.org/w1', pub) // 'mirror.example.org/w1+…+BP…'
 */
export function formatCosignerVerifierKey(sha: Sha256, name: string, publicKey: Uint8Array): string {
  if (publicKey.length !== 32)
    throw new LogError('unsupported_key_type', `an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return formatVerifierKey(sha, name, COSIGNATURE_KEY_TYPE, publicKey);
}

/**
 * A note signer that cosigns at `timestamp` (seconds since the Epoch, passed in: domain code reads
 * no clock). Use it with signNote on a checkpoint's text, or format its line for a witness reply.
 * @example signNote(checkpointText, [cosignatureSigner(sha, { name, publicKey, sign, timestamp: 1679315147 })])
 */
export function cosignatureSigner(
  sha: Sha256,
  options: { name: string; publicKey: Uint8Array; sign: Ed25519Sign; timestamp: number },
): NoteSigner {
  const { name, publicKey, sign, timestamp } = options;
  checkTimestamp(timestamp);
  formatCosignerVerifierKey(sha, name, publicKey); // refuses a bad name or key size
  return {
    name,
    keyId: noteKeyId(sha, name, COSIGNATURE_KEY_TYPE, publicKey),
    sign: (text) => concatBytes(encodeTimestamp(timestamp), sign(cosignatureMessage(text, timestamp))),
  };
}

/**
 * A note verifier for a cosigner's vkey (type 0x04). Use cosignatureTimestamp on the verified
 * signature to learn when it was made.
 * @example openNote(cosignedCheckpoint, [logVerifier, cosignatureVerifier(sha, witnessVkey, verify)])
 */
export function cosignatureVerifier(sha: Sha256, vkey: string, verify: Ed25519Verify): NoteVerifier {
  return verifierFor(parseVerifierKey(sha, vkey), COSIGNATURE_KEY_TYPE, (publicKey, text, signature) => {
    const timestamp = cosignatureTimestamp(signature);
    return verify(publicKey, cosignatureMessage(text, timestamp), signature.subarray(8));
  });
}

/** The body of a C2SP tlog-witness add-checkpoint request. */
export interface AddCheckpointRequest {
  /** Size of the checkpoint the witness last cosigned for this origin (0 if none). */
  oldSize: number;
  /** RFC 9162 consistency proof from oldSize to the checkpoint's size. */
  consistencyProof: Uint8Array[];
  /** The signed checkpoint note. */
  checkpoint: string;
}

function refuse(why: string): LogError {
  return new LogError('malformed_witness_request', `add-checkpoint body: ${why}`);
}

/**
 * `old <size>`, one base64 hash per line, a blank line, then the signed checkpoint.
 * @example formatAddCheckpointRequest({ oldSize: 6, consistencyProof: proof, checkpoint: note })
 * // 'old 6\nDrxdNDf…=\n…\n\nexample.org/log\n8\n…'
 */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(request.oldSize) || request.oldSize < 0)
    throw refuse(`old size ${request.oldSize} is not a whole number ≥ 0`);
  if (request.consistencyProof.length > MAX_PROOF_LINES) throw refuse(`more than ${MAX_PROOF_LINES} proof lines`);
  for (const h of request.consistencyProof)
    if (h.length !== HASH_SIZE) throw refuse(`a proof hash is ${h.length} bytes, not ${HASH_SIZE}`);
  if (!request.checkpoint.endsWith('\n')) throw refuse('the checkpoint must end with a newline');
  const proof = request.consistencyProof.map((h) => `${toBase64(h)}\n`).join('');
  return `old ${request.oldSize}\n${proof}\n${request.checkpoint}`;
}

/**
 * Parses an add-checkpoint body (C2SP tlog-witness). Throws `malformed_witness_request` for a bad
 * old size line (decimal, no leading zeros), a proof line that is not base64 of a 32-byte hash,
 * more than 63 proof lines, no blank line, or nothing after it. The checkpoint note itself is
 * left to openNote and parseCheckpoint; the proof to verifyConsistency.
 * @example parseAddCheckpointRequest('old 0\n\nexample.org/log\n1\n…').oldSize // 0
 */
export function parseAddCheckpointRequest(body: string): AddCheckpointRequest {
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw refuse('no blank line before the checkpoint');
  const [oldLine, ...proofLines] = body.slice(0, blank).split('\n') as [string, ...string[]];
  const old = /^old (0|[1-9]\d*)$/.exec(oldLine);
  if (!old || !Number.isSafeInteger(Number(old[1])))
    throw refuse(`first line "${oldLine.slice(0, 40)}" is not "old <size>"`);
  if (proofLines.length > MAX_PROOF_LINES) throw refuse(`${proofLines.length} proof lines; at most ${MAX_PROOF_LINES}`);
  const consistencyProof = proofLines.map((line, i) => {
    let hash: Uint8Array;
    try {
      hash = fromBase64(line);
    } catch {
      throw refuse(`proof line ${i + 1} is not canonical base64`);
    }
    if (hash.length !== HASH_SIZE) throw refuse(`proof line ${i + 1} is ${hash.length} bytes, not ${HASH_SIZE}`);
    return hash;
  });
  const checkpoint = body.slice(blank + 2);
  if (checkpoint.length === 0) throw refuse('no checkpoint after the blank line');
  return { oldSize: Number(old[1]), consistencyProof, checkpoint };
}
