// C2SP signed-note: a text ending in a newline, a blank line, then signature lines
// `— <key name> base64(key ID[4] || signature)`. Keys are named and identified by
// key ID = SHA-256(name || 0x0A || type || public key)[:4], and published as verifier keys
// `name+hex(key ID)+base64(type || public key)`. Signing and signature checking are injected
// (Ed25519 from node:crypto on the server, anything else elsewhere); SHA-256 too.
import { bytesEqual, concatBytes, fromBase64, fromUtf8, isWellFormed, toBase64, utf8 } from './bytes.ts';
import { LogError } from './log-error.ts';
import type { Sha256 } from './merkle.ts';

/** Signature type byte of plain Ed25519 note signatures (C2SP signed-note, "Signature types"). */
export const ED25519_KEY_TYPE = 0x01;
/** Go's note package, followed here: more signatures than this is a malformed note. */
export const MAX_SIGNATURES = 100;

/** One signature line: who signed, and the signature bytes after the 4-byte key ID. */
export interface NoteSignature {
  name: string;
  keyId: number;
  signature: Uint8Array;
}

/** Checks signatures by one key, identified by (name, keyId). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Whether `signature` (key ID removed) signs the note text. Must not throw. */
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

/** Signs note texts with one key. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

/** A parsed verifier key (vkey). */
export interface VerifierKey {
  name: string;
  keyId: number;
  keyType: number;
  publicKey: Uint8Array;
}

/** RFC 8032 Ed25519 signing with the caller's private key. */
export type Ed25519Sign = (message: Uint8Array) => Uint8Array;
/** RFC 8032 Ed25519 verification. */
export type Ed25519Verify = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

// No ASCII control character but newline, anywhere in a note (C2SP signed-note, Format).
// biome-ignore lint/suspicious/noControlCharactersInRegex: signed-note text may not hold these; this finds them
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const SIGNATURE_PREFIX = '\u2014 ';

/**
 * C2SP signed-note: a key name is non-empty and has no Unicode space and no `+`.
 * @example isValidKeyName('council.example.org/smolninskoye') // true
 */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/\p{White_Space}|\+/u.test(name) && !CONTROL.test(name) && isWellFormed(name);
}

function checkKeyName(name: string): void {
  if (!isValidKeyName(name))
    throw new LogError('invalid_key_name', `"${name.slice(0, 80)}" is not a key name (non-empty, no spaces, no +)`);
}

/**
 * Key ID = first 4 bytes, big-endian, of SHA-256(name || 0x0A || type || public key).
 * @example noteKeyId(sha, 'example.com/foo', ED25519_KEY_TYPE, pub).toString(16) // '530d903a'
 */
export function noteKeyId(sha: Sha256, name: string, keyType: number, publicKey: Uint8Array): number {
  const digest = sha(concatBytes(utf8(name), new Uint8Array([0x0a, keyType]), publicKey));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/**
 * A key ID as the 8 lowercase hex digits of a vkey.
 * @example formatKeyId(0x530d903a) // '530d903a'
 */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/**
 * The verifier key text `name+keyid+base64(type || public key)` served at `/log/{body}/key`.
 * @example formatVerifierKey(sha, 'example.com/foo', ED25519_KEY_TYPE, pub) // 'example.com/foo+530d903a+AekyeRrm…'
 */
export function formatVerifierKey(sha: Sha256, name: string, keyType: number, publicKey: Uint8Array): string {
  checkKeyName(name);
  const id = noteKeyId(sha, name, keyType, publicKey);
  return `${name}+${formatKeyId(id)}+${toBase64(concatBytes(new Uint8Array([keyType]), publicKey))}`;
}

/**
 * Parses a vkey and checks that its key ID is the hash of its name and key. Throws
 * `malformed_vkey`, `invalid_key_name` or `vkey_id_mismatch`.
 * @example parseVerifierKey(sha, 'example.com/foo+530d903a+AekyeRrm…').keyType // 1
 */
export function parseVerifierKey(sha: Sha256, vkey: string): VerifierKey {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new LogError('malformed_vkey', 'a vkey is name+keyid+base64key');
  const name = vkey.slice(0, first);
  const idText = vkey.slice(first + 1, second);
  checkKeyName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(idText))
    throw new LogError('malformed_vkey', `key ID "${idText.slice(0, 20)}" is not 8 hex digits`);
  let key: Uint8Array;
  try {
    key = fromBase64(vkey.slice(second + 1));
  } catch {
    throw new LogError('malformed_vkey', 'the key part of the vkey is not canonical base64');
  }
  if (key.length < 2) throw new LogError('malformed_vkey', 'the vkey holds no public key');
  const keyType = key[0]!;
  const publicKey = key.slice(1);
  const keyId = parseInt(idText, 16);
  if (noteKeyId(sha, name, keyType, publicKey) !== keyId) {
    throw new LogError('vkey_id_mismatch', `key ID ${idText} is not the hash of the vkey's name and key`);
  }
  return { name, keyId, keyType, publicKey };
}

/**
 * A verifier for an Ed25519 vkey (type 0x01, 32-byte key). Throws `unsupported_key_type` for
 * another type or key size.
 * @example ed25519Verifier(sha, vkey, (pub, msg, sig) => crypto.verify(null, msg, toKeyObject(pub), sig))
 */
export function ed25519Verifier(sha: Sha256, vkey: string, verify: Ed25519Verify): NoteVerifier {
  return verifierFor(
    parseVerifierKey(sha, vkey),
    ED25519_KEY_TYPE,
    (publicKey, text, signature) => signature.length === 64 && verify(publicKey, text, signature),
  );
}

/** A verifier for a parsed key of `keyType` with a 32-byte key, running `check` (exceptions = invalid). */
export function verifierFor(key: VerifierKey, keyType: number, check: Ed25519Verify): NoteVerifier {
  if (key.keyType !== keyType || key.publicKey.length !== 32) {
    throw new LogError(
      'unsupported_key_type',
      `vkey for ${key.name} has type ${key.keyType} with a ${key.publicKey.length}-byte key; expected type ${keyType}, 32 bytes`,
    );
  }
  return {
    name: key.name,
    keyId: key.keyId,
    verify(text, signature) {
      try {
        return check(key.publicKey, text, signature) === true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A signer under `name` for an Ed25519 key whose public half is `publicKey`.
 * @example ed25519Signer(sha, origin, pub, (msg) => crypto.sign(null, msg, privateKey))
 */
export function ed25519Signer(sha: Sha256, name: string, publicKey: Uint8Array, sign: Ed25519Sign): NoteSigner {
  checkKeyName(name);
  if (publicKey.length !== 32)
    throw new LogError('unsupported_key_type', `an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return { name, keyId: noteKeyId(sha, name, ED25519_KEY_TYPE, publicKey), sign };
}

function checkText(text: string): void {
  if (!text.endsWith('\n')) throw new LogError('malformed_note', 'note text must end with a newline');
  if (CONTROL.test(text))
    throw new LogError('malformed_note', 'note text contains an ASCII control character other than newline');
  utf8(text); // refuses lone surrogates
}

/**
 * One signature line, with its newline.
 * @example formatSignatureLine({ name: 'example.com/foo', keyId, signature }) // '— example.com/foo Uw2QOkn8…\n'
 */
export function formatSignatureLine(sig: NoteSignature): string {
  checkKeyName(sig.name);
  const id = new Uint8Array([sig.keyId >>> 24, (sig.keyId >>> 16) & 255, (sig.keyId >>> 8) & 255, sig.keyId & 255]);
  return `${SIGNATURE_PREFIX}${sig.name} ${toBase64(concatBytes(id, sig.signature))}\n`;
}

/**
 * The signature lines the signers make over `text`, without the text: what a witness returns from
 * add-checkpoint (C2SP tlog-witness), and what signNote appends.
 * @example signatureLines(checkpointText, [cosigner]) // '— mirror.example.net/w1 …\n'
 */
export function signatureLines(text: string, signers: readonly NoteSigner[]): string {
  checkText(text);
  if (signers.length === 0) throw new LogError('malformed_note', 'a note needs at least one signature');
  const message = utf8(text);
  return signers.map((s) => formatSignatureLine({ name: s.name, keyId: s.keyId, signature: s.sign(message) })).join('');
}

/**
 * Signs `text` with each signer: the text, a blank line, one signature line per signer.
 * @example signNote('example.org/log\n0\n47DEQpj8…=\n', [signer]) // '…\n\n— example.org/log …\n'
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  return `${text}\n${signatureLines(text, signers)}`;
}

/**
 * Parses a block of signature lines (each `— name base64`, each ending in a newline), as a
 * witness's add-checkpoint response carries them. Throws `malformed_note`.
 * @example parseSignatureLines('— w.example/w1 AAAAAAE=\n') // [{ name: 'w.example/w1', keyId: 0, signature: [1] }]
 */
export function parseSignatureLines(block: string): NoteSignature[] {
  const malformed = (why: string) => new LogError('malformed_note', `signature block: ${why}`);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('must be non-empty and end with a newline');
  if (CONTROL.test(block)) throw malformed('contains an ASCII control character other than newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  return lines.map((line, i) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed(`line ${i + 1} does not start with an em dash and a space`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    if (space < 0 || !isValidKeyName(name)) throw malformed(`line ${i + 1} has no valid key name`);
    let raw: Uint8Array;
    try {
      raw = fromBase64(rest.slice(space + 1));
    } catch {
      throw malformed(`line ${i + 1}'s signature is not canonical base64`);
    }
    if (raw.length < 5) throw malformed(`line ${i + 1}'s signature is shorter than a key ID and one byte`);
    const keyId = ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
    return { name, keyId, signature: raw.slice(4) };
  });
}

/**
 * Splits a signed note into its text (with its final newline) and signatures, without checking
 * any: valid UTF-8, no control characters but newline, the text separated from the signatures by
 * the note's last blank line. Throws `malformed_note` (or `malformed_text` for invalid UTF-8).
 * @example parseNote('hello\n\n— k AAAAAAE=\n').text // 'hello\n'
 */
export function parseNote(note: string | Uint8Array): { text: string; signatures: NoteSignature[] } {
  const source = typeof note === 'string' ? note : fromUtf8(note);
  if (typeof note === 'string') utf8(note);
  if (CONTROL.test(source))
    throw new LogError('malformed_note', 'note contains an ASCII control character other than newline');
  const split = source.lastIndexOf('\n\n');
  if (split < 0) throw new LogError('malformed_note', 'note has no blank line before its signatures');
  return { text: source.slice(0, split + 1), signatures: parseSignatureLines(source.slice(split + 2)) };
}

export interface OpenedNote {
  /** The signed text, ending in a newline. */
  text: string;
  /** Signatures by the given verifiers, each checked. */
  verified: NoteSignature[];
  /** Signatures by keys not given (ignored, as the spec requires), repeats dropped. */
  unverified: NoteSignature[];
}

/**
 * Parses a note and checks its signatures against `verifiers` (C2SP signed-note, "Signatures"):
 * a signature by an unknown (name, key ID) is ignored; one by a known key must verify, or the note
 * is refused with `invalid_signature`; at least one must verify, or `no_verified_signature`.
 * @example openNote(checkpointNote, [ed25519Verifier(sha, vkey, verify)]).text
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const byKey = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    const key = `${v.name}+${formatKeyId(v.keyId)}`;
    if (byKey.has(key)) throw new LogError('duplicate_verifier', `two verifiers share name and key ID ${key}`);
    byKey.set(key, v);
  }
  const { text, signatures } = parseNote(note);
  const message = utf8(text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of signatures) {
    const key = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const verifier = byKey.get(key);
    if (verifier === undefined) {
      if (
        !unverified.some((u) => u.name === sig.name && u.keyId === sig.keyId && bytesEqual(u.signature, sig.signature))
      ) {
        unverified.push(sig);
      }
      continue;
    }
    if (seen.has(key)) continue; // Go's note package: a repeated signature by one key counts once
    seen.add(key);
    if (!verifier.verify(message, sig.signature)) {
      throw new LogError('invalid_signature', `the signature by ${key} does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    throw new LogError(
      'no_verified_signature',
      `no signature by a trusted key (signed by: ${signatures.map((s) => s.name).join(', ')})`,
    );
  }
  return { text, verified, unverified };
}

/**
 * Adds signature lines to a signed note, skipping any by a key that already signed it — how a log
 * attaches the cosignatures witnesses return (C2SP tlog-witness, add-checkpoint).
 * @example addSignatures(checkpointNote, parseSignatureLines(witnessResponse))
 */
export function addSignatures(note: string, signatures: readonly NoteSignature[]): string {
  const parsed = parseNote(note);
  const all = [...parsed.signatures];
  for (const sig of signatures) {
    if (!all.some((s) => s.name === sig.name && s.keyId === sig.keyId)) all.push(sig);
  }
  if (all.length > MAX_SIGNATURES) throw new LogError('malformed_note', `more than ${MAX_SIGNATURES} signatures`);
  return `${parsed.text}\n${all.map(formatSignatureLine).join('')}`;
}
