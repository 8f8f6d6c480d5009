// Papers for tests, made here rather than stored: a real PDF with Cyrillic text (pdfkit with the
// DejaVu font the minutes use), DOCX and ODT documents built with fflate, and hostile files — a
// DOCX whose XML declares an entity bomb, a zip bomb, a PDF that is only a header and garbage.
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { strToU8, zipSync } from 'fflate';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

export async function cyrillicPdf(lines: readonly string[]): Promise<Uint8Array> {
  const doc = new PDFDocument({ info: { Title: 'Paper', CreationDate: new Date(Date.UTC(2026, 0, 1)) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(FONT).fontSize(12);
  for (const line of lines) doc.text(line);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A DOCX of the given paragraphs; `prolog` goes before the root element (a DTD, for a bomb). */
export function docx(paragraphs: readonly string[], prolog = ''): Uint8Array {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prolog}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES), 'word/document.xml': strToU8(xml) });
}

export const plainDocx = (paragraphs: readonly string[]) => docx(paragraphs.map(escapeXml));

/** An ODT text of the given paragraphs. */
export function odt(paragraphs: readonly string[]): Uint8Array {
  const body = paragraphs.map((p) => `<text:p>${escapeXml(p)}</text:p>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:automatic-styles/><office:body><office:text>${body}</office:text></office:body></office:document-content>`;
  return zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(xml),
  });
}

/** "Billion laughs" (CVE-2003-1564): ten levels of ten references, 10^9 copies if expanded. */
export function entityBombDocx(): Uint8Array {
  const levels = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return docx(['&lol9;'], `<!DOCTYPE lolz [${levels.join('')}]>`);
}

/** A DOCX whose document.xml is 50 MB of one repeated byte, packed to about 50 KB. */
export function zipBomb(): Uint8Array {
  return zipSync(
    { '[Content_Types].xml': strToU8(CONTENT_TYPES), 'word/document.xml': new Uint8Array(50_000_000).fill(0x20) },
    { level: 9 },
  );
}

/** Starts like a PDF; the rest is not one. */
export const hostilePdf = () =>
  new Uint8Array(
    Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj << /Length 99999999 >> stream\n'), Buffer.alloc(4096, 0xff)]),
  );

/** multipart/form-data with text fields and one file part. */
export function multipartBody(
  fields: Record<string, string>,
  file: { name: string; type: string; bytes: Uint8Array } | null,
  boundary = 'q7PaperBoundary',
): { payload: Buffer; contentType: string } {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, 'utf8'));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        'utf8',
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
