// Byte helpers the log formats need, written here because domain code may not use node:buffer:
// lowercase hex, RFC 4648 §4 standard base64 (padded, and strict: only the one canonical spelling
// of each byte string is accepted, so a signature or hash has exactly one text form), UTF-8.
import { LogError } from './log-error.ts';

const HEX_DIGITS = '0123456789abcdef';
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64_ALPHABET.length; i++) BASE64_VALUE[BASE64_ALPHABET.charCodeAt(i)] = i;

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Lowercase hex.
 * @example toHex(new Uint8Array([0, 171])) // '00ab'
 */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  return out;
}

/**
 * Parses hex (either case); throws `malformed_hex` on an odd length or a non-hex character.
 * @example fromHex('00ab') // Uint8Array [0, 171]
 */
export function fromHex(text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new LogError('malformed_hex', `"${text.slice(0, 80)}" is not an even-length hex string`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Standard padded base64 (RFC 4648 §4).
 * @example toBase64(new Uint8Array([1, 2, 3, 4])) // 'AQIDBA=='
 */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET[n >> 18]! +
      BASE64_ALPHABET[(n >> 12) & 63]! +
      BASE64_ALPHABET[(n >> 6) & 63]! +
      BASE64_ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${BASE64_ALPHABET[n >> 18]! + BASE64_ALPHABET[(n >> 12) & 63]! + BASE64_ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}

/**
 * Parses canonical standard base64: length a multiple of 4, padding only at the end, unused bits
 * zero, no whitespace. Anything else throws `malformed_base64`.
 * @example fromBase64('AQIDBA==') // Uint8Array [1, 2, 3, 4]
 */
export function fromBase64(text: string): Uint8Array {
  const bad = () => new LogError('malformed_base64', `"${text.slice(0, 80)}" is not canonical standard base64`);
  if (text.length % 4 !== 0) throw bad();
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const values = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      if (last && j >= 4 - pad) {
        if (c !== 61 /* '=' */) throw bad();
        continue;
      }
      const v = c < 128 ? BASE64_VALUE[c]! : -1;
      if (v < 0) throw bad();
      values[j] = v;
    }
    const n = (values[0]! << 18) | (values[1]! << 12) | (values[2]! << 6) | values[3]!;
    out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    // Canonical form: the bits that padding leaves unused must be zero.
    if (last && ((pad === 1 && (n & 0xff) !== 0) || (pad === 2 && (n & 0xffff) !== 0))) throw bad();
  }
  return out;
}

/**
 * True unless `text` holds a lone surrogate (String.prototype.isWellFormed, ES2024).
 * @example isWellFormed('\uD800') // false
 */
export function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/**
 * UTF-8 bytes of a well-formed string; a lone surrogate throws `malformed_text` rather than being
 * silently replaced (which would sign different bytes than the caller showed).
 * @example utf8('—') // Uint8Array [0xe2, 0x80, 0x94]
 */
export function utf8(text: string): Uint8Array {
  if (!isWellFormed(text)) {
    throw new LogError('malformed_text', 'text contains a lone surrogate and has no UTF-8 form');
  }
  return encoder.encode(text);
}

/**
 * Decodes strict UTF-8 (no replacement characters, BOM kept); throws `malformed_text`.
 * @example fromUtf8(new Uint8Array([0x68, 0x69])) // 'hi'
 */
export function fromUtf8(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new LogError('malformed_text', 'bytes are not valid UTF-8');
  }
}

/**
 * Byte-for-byte equality.
 * @example bytesEqual(new Uint8Array([1]), new Uint8Array([1])) // true
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Concatenation.
 * @example concatBytes(new Uint8Array([1]), new Uint8Array([2, 3])) // Uint8Array [1, 2, 3]
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
