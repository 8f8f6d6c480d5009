// Ballots made ready for a count: withdrawn candidates and repeated marks dropped, empty papers out.
import { DomainError } from '../errors.ts';
import type { BallotSet } from './types.ts';

export interface Paper {
  ranking: number[];
  weight: number;
}

/** The papers that count, each with a ranking of distinct, not withdrawn candidates. */
export function preparePapers(input: BallotSet, seats: number): Paper[] {
  const n = input.candidates.length;
  if (n < 1) throw new DomainError('election_invalid', 'an election needs at least one candidate');
  if (!Number.isInteger(seats) || seats < 1)
    throw new DomainError('election_invalid', 'seats must be a whole number ≥ 1');
  const withdrawn = new Set(input.withdrawn ?? []);
  const papers: Paper[] = [];
  let total = 0;
  for (const b of input.ballots) {
    if (!Number.isSafeInteger(b.weight) || b.weight < 1) {
      throw new DomainError('election_invalid', 'a ballot weight must be a whole number ≥ 1');
    }
    const seen = new Set<number>();
    const ranking: number[] = [];
    for (const c of b.ranking) {
      if (!Number.isInteger(c) || c < 0 || c >= n) throw new DomainError('election_invalid', `no candidate ${c + 1}`);
      if (seen.has(c) || withdrawn.has(c)) continue;
      seen.add(c);
      ranking.push(c);
    }
    if (ranking.length > 0) papers.push({ ranking, weight: b.weight });
    total += b.weight;
    if (total > Number.MAX_SAFE_INTEGER) throw new DomainError('election_invalid', 'too many ballots to count exactly');
  }
  return papers;
}
