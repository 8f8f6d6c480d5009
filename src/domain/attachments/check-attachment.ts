// What an uploaded file must be before it is stored: a known type whose first bytes say the same
// thing as its declared media type, within the size limit, under a name that is safe to hand back
// as a download name. Anything else is refused before a byte is stored (issue 7: "hostile
// attachments are refused and store nothing").
import { DomainError } from '../errors.ts';

export type AttachmentErrorCode =
  /** Empty, too long, a path (`/`, `\`, `..`), control or bidirectional-override characters… */
  | 'attachment_name_invalid'
  /** A media type outside ATTACHMENT_TYPES. */
  | 'attachment_type_not_allowed'
  /** The name's extension does not fit the declared media type. */
  | 'attachment_extension_mismatch'
  /** The bytes are not what the media type claims (a PDF without `%PDF-`, text that is not UTF-8…). */
  | 'attachment_content_mismatch'
  | 'attachment_empty'
  | 'attachment_too_large';

export type AttachmentMediaType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'text/plain';

interface TypeSpec {
  extensions: readonly string[];
  /** True when the bytes are of this type. */
  sniff(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

// Bytes plain text may not hold: C0 controls other than tab, line feed, form feed and carriage
// return, and DEL. In UTF-8 every byte of a multi-byte sequence is ≥ 0x80, so a control character
// is always one byte of its own.
const FORBIDDEN_BYTE = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) FORBIDDEN_BYTE[b] = b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d ? 0 : 1;
FORBIDDEN_BYTE[0x7f] = 1;

/**
 * Well-formed UTF-8 (RFC 3629 §4: no overlong forms, no surrogates, nothing past U+10FFFF) with
 * no forbidden control byte, in one pass over the bytes: a decoder would build a string of the
 * whole file first, which costs ten times more on a 10 MiB text.
 */
export function isPlainText(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      if (FORBIDDEN_BYTE[c]) return false;
      i++;
      continue;
    }
    const more = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : 0;
    if (more === 0 || i + more >= n) return false;
    const c1 = b[i + 1]!;
    // The second byte's range depends on the first (RFC 3629 §4, UTF8-3 and UTF8-4).
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi) return false;
    for (let k = 2; k <= more; k++) if ((b[i + k]! & 0xc0) !== 0x80) return false;
    i += more + 1;
  }
  return true;
}

/** The accepted types; each is recognised by its signature, never by its name alone. */
export const ATTACHMENT_TYPES: Readonly<Record<AttachmentMediaType, TypeSpec>> = {
  // ISO 32000-1 §7.5.2: the file begins with the header line "%PDF-1.n".
  'application/pdf': { extensions: ['.pdf'], sniff: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
  // PNG (ISO/IEC 15948) §5.2: the eight-byte signature.
  'image/png': { extensions: ['.png'], sniff: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  // JPEG (ITU T.81) B.2.1: SOI (FF D8) followed by a marker (FF).
  'image/jpeg': { extensions: ['.jpg', '.jpeg'], sniff: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  'text/plain': { extensions: ['.txt'], sniff: isPlainText },
};

/** 10 MiB: a scanned multi-page reply fits; a video does not. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const MAX_NAME_LENGTH = 200;
// C0 and C1 controls, DEL, and the bidirectional overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) that can make "reply\u202Efdp.exe" read as "replyexe.pdf" (Unicode TR #36 §2.6).
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what this refuses
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/u;
// A path separator of any system, or a Windows drive/stream colon.
const PATH_CHARACTERS = /[/\\:]/;

function refuse(code: AttachmentErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/**
 * A file name safe to store and to send back as a download name, in Unicode NFC; refuses paths,
 * control and bidirectional-override characters, names of only dots, and lone surrogates.
 * @example checkAttachmentName('reply 2022-10.pdf') // 'reply 2022-10.pdf'
 * @example checkAttachmentName('../x') // throws attachment_name_invalid
 */
export function checkAttachmentName(name: unknown): string {
  if (typeof name !== 'string') refuse('attachment_name_invalid', 'a file name is text');
  if (!name.isWellFormed()) refuse('attachment_name_invalid', 'the file name contains a lone surrogate');
  const normal = name.normalize('NFC');
  if (normal.length === 0 || normal.length > MAX_NAME_LENGTH)
    refuse('attachment_name_invalid', `a file name is 1–${MAX_NAME_LENGTH} characters`);
  if (FORBIDDEN_IN_NAME.test(normal))
    refuse('attachment_name_invalid', 'the file name contains control or direction-changing characters');
  if (PATH_CHARACTERS.test(normal))
    refuse('attachment_name_invalid', 'a file name is a name, not a path: no "/", "\\" or ":"');
  if (/^[.\s]|\s$/.test(normal))
    refuse('attachment_name_invalid', 'a file name does not begin with a dot or a space, nor end with a space');
  return normal;
}

export interface AttachmentInput {
  name: unknown;
  mediaType: unknown;
  bytes: Uint8Array;
  /** Default MAX_ATTACHMENT_BYTES. */
  maxBytes?: number;
}

export interface CheckedAttachment {
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
}

/**
 * Checks an upload: size, declared type, the name's extension against the type, and the bytes
 * against the type's signature. Throws DomainError with an AttachmentErrorCode.
 * @example checkAttachment({ name: 'letter.pdf', mediaType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.7\n…') })
 * // { name: 'letter.pdf', mediaType: 'application/pdf', size: 12 }
 */
export function checkAttachment(input: AttachmentInput): CheckedAttachment {
  const max = input.maxBytes ?? MAX_ATTACHMENT_BYTES;
  if (input.bytes.length === 0) refuse('attachment_empty', 'the file is empty');
  if (input.bytes.length > max)
    refuse('attachment_too_large', `the file is ${input.bytes.length} bytes; at most ${max} are accepted`);
  // "text/plain; charset=utf-8" names the same type: the parameters are not part of it (RFC 9110 §8.3.1).
  const declared = typeof input.mediaType === 'string' ? input.mediaType.split(';')[0]!.trim().toLowerCase() : '';
  if (!Object.hasOwn(ATTACHMENT_TYPES, declared)) {
    refuse('attachment_type_not_allowed', `accepted types: ${Object.keys(ATTACHMENT_TYPES).join(', ')}`);
  }
  const mediaType = declared as AttachmentMediaType;
  const spec = ATTACHMENT_TYPES[mediaType];
  const name = checkAttachmentName(input.name);
  const lower = name.toLowerCase();
  if (!spec.extensions.some((ext) => lower.endsWith(ext) && lower.length > ext.length)) {
    refuse('attachment_extension_mismatch', `a ${mediaType} file's name ends with ${spec.extensions.join(' or ')}`);
  }
  if (!spec.sniff(input.bytes)) refuse('attachment_content_mismatch', `the file's content is not ${mediaType}`);
  return { name, mediaType, size: input.bytes.length };
}
