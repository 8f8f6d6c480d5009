// What a paper is and what its file may be (issue 16, item 4): the kinds of paper, the limits an
// archive (DOCX, ODT) must keep before anything of it is inflated, and the text of a DOCX or ODT
// read from its XML without a DTD — a document that declares one (where an entity bomb lives:
// "billion laughs", CVE-2003-1564) is refused, never expanded. Pure: bytes and strings in, facts out.
import { DomainError } from '../errors.ts';

export const PAPER_KINDS = ['report', 'draft', 'motion_text', 'other'] as const;
export type PaperKind = (typeof PAPER_KINDS)[number];

export const PAPER_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'text/plain',
] as const;
export type PaperMediaType = (typeof PAPER_MEDIA_TYPES)[number];

export const isPaperMediaType = (x: unknown): x is PaperMediaType =>
  typeof x === 'string' && (PAPER_MEDIA_TYPES as readonly string[]).includes(x);

/** The extension a downloaded version is named with. */
export const PAPER_EXTENSION: Record<PaperMediaType, string> = {
  'application/pdf': 'pdf',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'text/plain': 'txt',
};

export type PaperErrorCode =
  | 'paper_empty'
  | 'paper_too_large'
  /** Not a PDF, an ODT text, a DOCX or UTF-8 plain text, by its bytes. */
  | 'paper_type_not_allowed'
  /** An archive past its limits: too many entries, too large unpacked, or packed too densely. */
  | 'paper_archive_bomb'
  /** A ZIP that cannot be read, or an ODT/DOCX without its main part. */
  | 'paper_archive_invalid'
  /** The XML declares a DTD (where entities live): refused, not expanded. */
  | 'paper_xml_dtd';

/** 20 MiB: a long report with scanned annexes fits (QUORATE_PAPER_MAX_BYTES). */
export const DEFAULT_PAPER_MAX_BYTES = 20 * 1024 * 1024;

/** Limits on an archive, checked on its directory before any entry is inflated. */
export const ARCHIVE_LIMITS = {
  entries: 2_000,
  /** All entries unpacked, as the directory declares them. */
  totalBytes: 100 * 1024 * 1024,
  /** The one XML part read for its text. */
  partBytes: 32 * 1024 * 1024,
  /** An entry over 1 MiB unpacked may be at most this many times its packed size. */
  ratio: 100,
} as const;

export interface ArchiveEntry {
  name: string;
  /** Packed size. */
  size: number;
  /** Declared unpacked size. */
  originalSize: number;
}

function refuse(code: PaperErrorCode, message: string): never {
  throw new DomainError(code, message);
}

/**
 * Checks an archive's directory against ARCHIVE_LIMITS; throws paper_archive_bomb.
 * @example checkArchive([{ name: 'word/document.xml', size: 48_800, originalSize: 50_000_000 }]) // throws
 */
export function checkArchive(entries: readonly ArchiveEntry[]): void {
  if (entries.length > ARCHIVE_LIMITS.entries)
    refuse('paper_archive_bomb', `the archive has ${entries.length} entries; at most ${ARCHIVE_LIMITS.entries}`);
  let total = 0;
  for (const e of entries) {
    total += e.originalSize;
    if (e.originalSize > 1024 * 1024 && e.originalSize > ARCHIVE_LIMITS.ratio * Math.max(1, e.size))
      refuse(
        'paper_archive_bomb',
        `an entry unpacks to ${e.originalSize} bytes from ${e.size}: more than ${ARCHIVE_LIMITS.ratio} times`,
      );
  }
  if (total > ARCHIVE_LIMITS.totalBytes)
    refuse('paper_archive_bomb', `the archive unpacks to ${total} bytes; at most ${ARCHIVE_LIMITS.totalBytes}`);
}

/** The format of an archive by its parts: ODT (its `mimetype` entry) or DOCX (`word/document.xml`). */
export function archiveFormat(
  names: readonly string[],
  mimetype: string | null,
): { type: PaperMediaType; part: string } {
  if (mimetype?.trim() === 'application/vnd.oasis.opendocument.text' && names.includes('content.xml'))
    return { type: 'application/vnd.oasis.opendocument.text', part: 'content.xml' };
  if (names.includes('word/document.xml') && names.includes('[Content_Types].xml'))
    return {
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      part: 'word/document.xml',
    };
  return refuse('paper_type_not_allowed', 'a ZIP archive is accepted only as an ODT text or a DOCX document');
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '';
    }
    // Only XML's five predefined entities (XML 1.0 §4.6); with no DTD there are no others.
    return PREDEFINED[ref] ?? whole;
  });
}

/**
 * The text of a DOCX `word/document.xml` (runs `<w:t>`, paragraphs `<w:p>`, tabs and breaks) or an
 * ODT `content.xml` (every text node, paragraphs and headings `<text:p>`, `<text:h>`). Refuses a
 * document with a DTD (`<!DOCTYPE`) or an entity declaration: Word and LibreOffice never write one.
 * @example xmlText('<w:p><w:r><w:t>Отчёт</w:t></w:r></w:p>', 'docx') // 'Отчёт'
 */
export function xmlText(xml: string, format: 'docx' | 'odt'): string {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) refuse('paper_xml_dtd', 'the document declares a DTD; it is not read');
  const out: string[] = [];
  // Tags and text in order; comments, CDATA and processing instructions are skipped.
  const token =
    /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>|([^<]+)/g;
  let inText = 0;
  let inBody = format === 'docx';
  for (const m of xml.matchAll(token)) {
    const [, cdata, close, name, selfClose, chars] = m;
    if (chars !== undefined || cdata !== undefined) {
      if (format === 'docx' ? inText > 0 : inBody) out.push(cdata ?? decodeReferences(chars!));
      continue;
    }
    if (name === undefined) continue;
    if (format === 'docx') {
      if (name === 'w:t') inText += close ? -1 : selfClose ? 0 : 1;
      else if (!close && (name === 'w:tab' || name === 'w:br' || name === 'w:cr'))
        out.push(name === 'w:tab' ? '\t' : '\n');
      else if (close && name === 'w:p') out.push('\n');
    } else {
      if (name === 'office:body') inBody = !close;
      else if (!close && (name === 'text:tab' || name === 'text:line-break' || name === 'text:s'))
        out.push(name === 'text:tab' ? '\t' : name === 'text:s' ? ' ' : '\n');
      else if (close && (name === 'text:p' || name === 'text:h')) out.push('\n');
    }
    if (inText < 0) inText = 0;
  }
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}
