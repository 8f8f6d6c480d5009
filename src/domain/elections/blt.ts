// The BLT ballot format (the ERS/OpenSTV "ballot file"), read exactly and refused with a line number
// when it is not. The variants real files use, all accepted:
//   - header "candidates seats";
//   - optional withdrawn line of negative candidate numbers ("-2 -5");
//   - ballot lines "weight pref pref … 0", optionally led by an id in parentheses "(id) 1 3 2 0";
//   - a line "0" ending the ballots;
//   - candidate names one a line, quoted ("Jo ""Ind""" with doubled quotes inside) or bare;
//   - a title line, quoted or bare, and no newline at the end of the file; CRLF line ends.
// Equal rankings ("2=3") and skipped ranks ("-") are refused: the counts here take strict rankings.
import { DomainError } from '../errors.ts';

export interface BltBallot {
  /** Candidate indices, 0-based, most preferred first; repeats and withdrawn candidates removed. */
  ranking: number[];
  /** How many identical papers the line stands for. */
  weight: number;
  id?: string;
  /** 1-based line in the file, for messages. */
  line: number;
}

export interface BltElection {
  candidates: string[];
  seats: number;
  /** 0-based indices of withdrawn candidates. */
  withdrawn: number[];
  ballots: BltBallot[];
  title: string;
  /** Lines whose ranking was empty once withdrawn candidates were removed: not valid papers. */
  emptyBallots: number;
}

/** The error for a BLT file that cannot be read: code `blt_invalid`, the message names the line. */
export class BltError extends DomainError {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super('blt_invalid', `line ${line}: ${message}`);
  }
}

const MAX_CANDIDATES = 10_000;
const MAX_WEIGHT = 1_000_000_000;

function wholeNumber(token: string, line: number, what: string): number {
  if (!/^\d{1,10}$/.test(token))
    throw new BltError(line, `${what} must be a whole number, not "${token.slice(0, 40)}"`);
  return Number(token);
}

/** A name or title: a quoted string with "" for a quote inside, or the bare trimmed line. */
function unquote(text: string, line: number): string {
  const t = text.trim();
  if (!t.startsWith('"')) return t;
  const m = /^"((?:[^"]|"")*)"$/.exec(t);
  if (!m) throw new BltError(line, `unbalanced quotes in ${JSON.stringify(t.slice(0, 60))}`);
  return m[1]!.replaceAll('""', '"');
}

/**
 * Reads a BLT file.
 * @example parseBlt('2 1\n1 1 2 0\n0\n"A"\n"B"\n"T"').candidates // ['A', 'B']
 */
export function parseBlt(text: string): BltElection {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let lastLine = lines.length;
  while (lastLine > 1 && lines[lastLine - 1]!.trim() === '') lastLine--;
  let i = 0;
  const next = (): { text: string; line: number } | null => {
    while (i < lines.length) {
      const t = lines[i]!.trim();
      i++;
      if (t !== '' && !t.startsWith('#')) return { text: t, line: i };
    }
    return null;
  };

  const header = next();
  if (!header) throw new BltError(1, 'empty file: expected "candidates seats"');
  const h = header.text.split(/\s+/);
  if (h.length !== 2) throw new BltError(header.line, 'the first line must be "candidates seats"');
  const n = wholeNumber(h[0]!, header.line, 'the number of candidates');
  const seats = wholeNumber(h[1]!, header.line, 'the number of seats');
  if (n < 1 || n > MAX_CANDIDATES)
    throw new BltError(header.line, `the number of candidates must be 1–${MAX_CANDIDATES}`);
  if (seats < 1) throw new BltError(header.line, 'the number of seats must be at least 1');

  const withdrawn: number[] = [];
  const ballots: BltBallot[] = [];
  let emptyBallots = 0;
  let ended = false;
  let first = true;
  for (let cur = next(); cur; cur = next()) {
    let tokens = cur.text.split(/\s+/);
    if (first && tokens[0]!.startsWith('-')) {
      first = false;
      for (const tok of tokens) {
        if (!/^-\d{1,10}$/.test(tok))
          throw new BltError(cur.line, `a withdrawn candidate is written "-N", not "${tok.slice(0, 40)}"`);
        const c = Number(tok.slice(1));
        if (c < 1 || c > n) throw new BltError(cur.line, `withdrawn candidate ${c} is not among 1–${n}`);
        if (!withdrawn.includes(c - 1)) withdrawn.push(c - 1);
      }
      continue;
    }
    first = false;
    if (tokens.length === 1 && tokens[0] === '0') {
      ended = true;
      break;
    }
    let id: string | undefined;
    if (tokens[0]!.startsWith('(')) {
      const m = /^\(([^()]*)\)\s*(.*)$/.exec(cur.text);
      if (!m) throw new BltError(cur.line, 'a ballot id is written "(id)" before the weight');
      id = m[1]!;
      tokens = m[2]!.split(/\s+/).filter((t) => t !== '');
    }
    if (!/^\d/.test(tokens[0]!)) {
      throw new BltError(cur.line, 'expected a ballot line "weight preference … 0" or the line "0" ending the ballots');
    }
    if (tokens.length < 2) throw new BltError(cur.line, 'a ballot line is "weight preference … 0"');
    if (tokens[tokens.length - 1] !== '0') throw new BltError(cur.line, 'a ballot line must end with 0');
    const weight = wholeNumber(tokens[0]!, cur.line, 'the ballot weight');
    if (weight < 1 || weight > MAX_WEIGHT) throw new BltError(cur.line, `the ballot weight must be 1–${MAX_WEIGHT}`);
    const ranking: number[] = [];
    const seen = new Set<number>();
    for (const tok of tokens.slice(1, -1)) {
      if (tok.includes('=')) throw new BltError(cur.line, `equal rankings ("${tok.slice(0, 40)}") are not supported`);
      if (tok === '-') throw new BltError(cur.line, 'skipped rankings ("-") are not supported');
      const c = wholeNumber(tok, cur.line, 'a preference');
      if (c < 1 || c > n) throw new BltError(cur.line, `candidate ${c} is not among 1–${n}`);
      // A candidate ranked twice keeps the first (higher) ranking: the later mark is not a
      // preference for a continuing candidate (assumption; the fixtures have none).
      if (seen.has(c - 1)) continue;
      seen.add(c - 1);
      if (!withdrawn.includes(c - 1)) ranking.push(c - 1);
    }
    if (ranking.length === 0) {
      emptyBallots += weight;
      continue;
    }
    ballots.push({ ranking, weight, line: cur.line, ...(id !== undefined ? { id } : {}) });
  }
  if (!ended) throw new BltError(lastLine, 'the ballots must end with a line "0"');

  const names: string[] = [];
  let title = '';
  for (let cur = next(); cur; cur = next()) {
    if (names.length < n) {
      // Several quoted names may share a line.
      if (/^"(?:[^"]|"")*"(?:\s+"(?:[^"]|"")*")+$/.test(cur.text)) {
        for (const m of cur.text.matchAll(/"((?:[^"]|"")*)"/g)) names.push(m[1]!.replaceAll('""', '"'));
        if (names.length > n) throw new BltError(cur.line, `more names than the ${n} candidates`);
      } else {
        names.push(unquote(cur.text, cur.line));
      }
      continue;
    }
    if (title !== '') throw new BltError(cur.line, 'unexpected text after the title');
    title = unquote(cur.text, cur.line);
  }
  if (names.length < n) throw new BltError(lastLine, `expected ${n} candidate names, found ${names.length}`);
  const dup = names.find((x, k) => names.indexOf(x) !== k);
  if (dup !== undefined) throw new BltError(lastLine, `candidate name "${dup.slice(0, 60)}" appears twice`);
  return { candidates: names, seats, withdrawn, ballots, title, emptyBallots };
}
