// What an uploaded paper is, by its bytes alone (the name and the declared type a browser sends
// are not believed): a PDF by its header, an ODT or DOCX by its archive's parts, UTF-8 plain text
// by every byte. An archive's directory is checked against its limits before one byte of it is
// inflated, and only the XML part whose text is wanted is inflated then — into a buffer no larger
// than the directory declared (fflate stops there). The text of ODT, DOCX and plain text is read
// here, during the upload (bounded, synchronous); a PDF's waits for the extraction queue
// (paper-text.ts), off the request path.
import { strFromU8, unzipSync } from 'fflate';
import { DomainError } from '../../domain/errors.ts';
import { isPlainText } from '../../domain/attachments/check-attachment.ts';
import {
  ARCHIVE_LIMITS,
  archiveFormat,
  checkArchive,
  type ArchiveEntry,
  type PaperMediaType,
  xmlText,
} from '../../domain/papers/paper-rules.ts';

export interface InspectedPaper {
  mediaType: PaperMediaType;
  /** The text, or null when it is extracted later (PDF). */
  text: string | null;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) =>
  bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);

function refuse(code: string, message: string): never {
  throw new DomainError(code, message);
}

function readArchive(bytes: Uint8Array): InspectedPaper {
  const entries: ArchiveEntry[] = [];
  try {
    // The filter sees the directory and inflates nothing.
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.size, originalSize: f.originalSize });
        return false;
      },
    });
  } catch (err) {
    refuse('paper_archive_invalid', `the ZIP archive cannot be read: ${(err as Error).message}`);
  }
  checkArchive(entries);
  const names = entries.map((e) => e.name);
  let mimetype: string | null = null;
  const inflate = (name: string): Uint8Array => {
    const entry = entries.find((e) => e.name === name)!;
    if (entry.originalSize > ARCHIVE_LIMITS.partBytes)
      refuse(
        'paper_archive_bomb',
        `${name} unpacks to ${entry.originalSize} bytes; at most ${ARCHIVE_LIMITS.partBytes}`,
      );
    try {
      const out = unzipSync(bytes, { filter: (f) => f.name === name })[name];
      if (!out) refuse('paper_archive_invalid', `${name} cannot be read`);
      return out;
    } catch (err) {
      if (err instanceof DomainError) throw err;
      return refuse('paper_archive_invalid', `${name} cannot be read: ${(err as Error).message}`);
    }
  };
  if (names.includes('mimetype')) mimetype = strFromU8(inflate('mimetype')).slice(0, 200);
  const format = archiveFormat(names, mimetype);
  const xml = inflate(format.part);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    refuse('paper_archive_invalid', `${format.part} is not UTF-8`);
  }
  return { mediaType: format.type, text: xmlText(text, format.part === 'content.xml' ? 'odt' : 'docx') };
}

/**
 * The paper's type by content, and its text unless it is a PDF. Throws DomainError with a
 * PaperErrorCode (paper_empty, paper_too_large, paper_type_not_allowed, paper_archive_bomb,
 * paper_archive_invalid, paper_xml_dtd).
 */
export function inspectPaper(bytes: Uint8Array, maxBytes: number): InspectedPaper {
  if (bytes.length === 0) refuse('paper_empty', 'the file is empty');
  if (bytes.length > maxBytes)
    refuse('paper_too_large', `the file is ${bytes.length} bytes; at most ${maxBytes} are accepted`);
  // ISO 32000-1 §7.5.2: "%PDF-".
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { mediaType: 'application/pdf', text: null };
  // APPNOTE.TXT §4.3.7: a local file header, "PK\x03\x04".
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readArchive(bytes);
  if (isPlainText(bytes)) {
    const text = new TextDecoder().decode(bytes);
    return { mediaType: 'text/plain', text: text.replace(/^\uFEFF/, '') };
  }
  return refuse('paper_type_not_allowed', 'a paper is a PDF, an ODT text, a DOCX document or UTF-8 plain text');
}
