// A paper's words in the portal's search index (paper_search_documents, with the engine's own
// full-text index over it, as the motions' words): its titles and the text of its latest version,
// cut by domain/search/search-terms.ts so that both databases see the same words. A withheld
// version's text is not indexed, and a failed or pending one has none yet.
import type { Executor } from '../../db/dialects/quorate-dialect.ts';
import { searchWords } from '../../domain/search/search-terms.ts';

/** Distinct words indexed per paper (PostgreSQL's tsvector holds at most 1 MiB). */
export const MAX_PAPER_WORDS = 20_000;

export async function reindexPaper(db: Executor, bodyId: number, paperId: number): Promise<void> {
  const paper = await db
    .selectFrom('papers')
    .select(['title_en', 'title_ru'])
    .where('body_id', '=', bodyId)
    .where('id', '=', paperId)
    .executeTakeFirst();
  if (!paper) return;
  const latest = await db
    .selectFrom('paper_versions')
    .select(['text', 'text_status'])
    .where('body_id', '=', bodyId)
    .where('paper_id', '=', paperId)
    .orderBy('version', 'desc')
    .executeTakeFirst();
  const text = latest?.text_status === 'done' ? (latest.text ?? '') : '';
  const words = searchWords(`${paper.title_en ?? ''}\n${paper.title_ru ?? ''}\n${text}`)
    .slice(0, MAX_PAPER_WORDS)
    .join(' ');
  await db
    .insertInto('paper_search_documents')
    .values({ paper_id: paperId, body_id: bodyId, words })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet({ words }))
    .execute();
}
