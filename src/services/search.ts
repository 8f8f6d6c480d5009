// Full-text search over a body's motions and decisions. The words of motions not yet indexed are
// added first (motions never change their title or text once tabled, so a motion is indexed
// once); then the dialect's index answers. Whatever a person types, the query is cut into plain
// words (queryTerms) and never reaches an engine's query syntax.
import type { QuorateDialect } from '../db/dialects/quorate-dialect.ts';
import { insertInChunks } from '../db/repositories/insert-in-chunks.ts';
import { findBody } from './bodies.ts';
import { queryTerms, searchWords } from '../domain/search/search-terms.ts';

const INDEX_BATCH = 200;

/**
 * Adds the words of the body's motions that have none yet. What is missing is read through the
 * reader, so a search over an index that is up to date never touches the writer.
 */
export async function indexMotions(dialect: QuorateDialect, bodyId: number): Promise<number> {
  const db = dialect.db;
  let added = 0;
  for (;;) {
    const missing = await dialect.reader
      .selectFrom('motions')
      .leftJoin('search_documents', 'search_documents.motion_id', 'motions.id')
      .select(['motions.id', 'motions.title', 'motions.text'])
      .where('motions.body_id', '=', bodyId)
      .where('search_documents.motion_id', 'is', null)
      .orderBy('motions.id')
      .limit(INDEX_BATCH)
      .execute();
    if (missing.length === 0) return added;
    const docs = missing.map((m) => ({
      motion_id: m.id,
      body_id: bodyId,
      words: searchWords(`${m.title}\n${m.text}`).join(' '),
    }));
    // Two searches may index the same motion at once; the second insert changes nothing.
    await insertInChunks(dialect, docs, (chunk) =>
      db
        .insertInto('search_documents')
        .values(chunk)
        .onConflict((oc) => oc.column('motion_id').doNothing())
        .execute(),
    );
    added += missing.length;
    if (missing.length < INDEX_BATCH) return added;
  }
}

export interface SearchHit {
  motionId: number;
  title: string;
  kind: string;
  status: string;
  sittingId: number | null;
  sittingDate: string | null;
  vote: { id: number; adopted: boolean | null } | null;
  decision: { id: number; registerNumber: string | null; adoptedOn: string } | null;
}

/**
 * Motions (and so decisions) of the body matching every word of `query`, newest first.
 * @example await searchRecord(dialect, 'smolninskoye', 'appeal duma', { limit: 20, offset: 0 })
 */
export async function searchRecord(
  dialect: QuorateDialect,
  slug: string,
  query: string,
  page: { limit: number; offset: number },
) {
  // Reads go through the reader; only indexing motions not yet indexed writes.
  const db = dialect.reader;
  const body = await findBody(db, slug);
  const terms = queryTerms(query);
  if (terms.length === 0) return { terms, total: 0, items: [] as SearchHit[] };
  await indexMotions(dialect, body.id);
  const { total, motionIds } = await dialect.fullText.match(db, body.id, terms, page);
  if (motionIds.length === 0) return { terms, total, items: [] as SearchHit[] };
  const motions = await db
    .selectFrom('motions')
    .leftJoin('sittings', 'sittings.id', 'motions.sitting_id')
    .select(['motions.id', 'motions.title', 'motions.kind', 'motions.status', 'motions.sitting_id', 'sittings.date'])
    .where('motions.body_id', '=', body.id)
    .where('motions.id', 'in', motionIds)
    .execute();
  const votes = await db
    .selectFrom('votes')
    .select(['id', 'motion_id', 'adopted'])
    .where('body_id', '=', body.id)
    .where('motion_id', 'in', motionIds)
    .orderBy('id')
    .execute();
  const decisions = await db
    .selectFrom('decisions')
    .select(['id', 'motion_id', 'register_number', 'adopted_on'])
    .where('body_id', '=', body.id)
    .where('motion_id', 'in', motionIds)
    .execute();
  const byId = new Map(motions.map((m) => [m.id, m]));
  const items: SearchHit[] = [];
  for (const id of motionIds) {
    const m = byId.get(id);
    if (!m) continue;
    // The latest vote on the motion is the one that decided it.
    const vote = votes.filter((v) => v.motion_id === id).at(-1);
    const decision = decisions.find((d) => d.motion_id === id);
    items.push({
      motionId: m.id,
      title: m.title,
      kind: m.kind,
      status: m.status,
      sittingId: m.sitting_id,
      sittingDate: m.date,
      vote: vote ? { id: vote.id, adopted: vote.adopted === null ? null : vote.adopted === 1 } : null,
      decision: decision
        ? { id: decision.id, registerNumber: decision.register_number, adoptedOn: decision.adopted_on }
        : null,
    });
  }
  return { terms, total, items };
}
