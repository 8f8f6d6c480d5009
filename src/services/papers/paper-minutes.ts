// The minutes' section on papers (the papers feature's, src/http/features.ts): each paper of the
// sitting with its latest version's number, type, size and both hashes — what a reader needs to
// check that a file is the one the sitting had. A withheld version is named by its SHA-256 only.
import type { MinutesSectionSource } from '../exports/minutes-extensions.ts';
import { t } from '../../domain/i18n/translate.ts';
import { listPapers } from './papers.ts';

const TYPE: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'text/plain': 'TXT',
};

export const papersMinutesSection: MinutesSectionSource = async ({ db, bodyId, sittingId, lang }) => {
  const papers = await listPapers(db, bodyId, sittingId);
  if (papers.length === 0) return null;
  const lines = papers.flatMap((p) => {
    const v = p.versions[0];
    if (!v) return [];
    const title = p.title[lang] ?? p.title.ru ?? p.title.en ?? '';
    const kind = t(lang, `papers.kind.${p.kind}`);
    return [
      v.withheld
        ? t(lang, 'minutes.paper_withheld', { title, kind, version: v.version, sha256: v.sha256 })
        : t(lang, 'minutes.paper_line', {
            title,
            kind,
            version: v.version,
            type: TYPE[v.mediaType] ?? v.mediaType,
            size: v.size,
            sha256: v.sha256,
            sha512: v.sha512,
          }),
    ];
  });
  return { heading: t(lang, 'minutes.papers'), lines };
};
