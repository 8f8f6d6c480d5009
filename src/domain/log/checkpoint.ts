// C2SP tlog-checkpoint: the note text a log signs for each tree head — origin line, decimal tree
// size, base64 root hash, then optional extension lines, each ending in a newline. Parsing is
// strict so that one tree head has exactly one text, and so exactly one signature to check.
import { fromBase64, isWellFormed, toBase64 } from './bytes.ts';
import { LogError } from './log-error.ts';
import { HASH_SIZE } from './merkle.ts';

export interface Checkpoint {
  /** The log's identity, e.g. `council.example.org/smolninskoye` (no scheme). */
  origin: string;
  /** Leaves in the tree. */
  size: number;
  /** RFC 6962 root hash of the tree of `size` leaves (32 bytes). */
  rootHash: Uint8Array;
  /** Opaque extension lines (the spec advises against them; we write none). */
  extensions: readonly string[];
}

// Signed-note text may hold no ASCII control character but newline (C2SP signed-note, Format).
// biome-ignore lint/suspicious/noControlCharactersInRegex: signed-note text may not hold these; this finds them
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/;
const SIZE = /^(0|[1-9]\d*)$/;

function refuse(why: string): LogError {
  return new LogError('malformed_checkpoint', `checkpoint ${why}`);
}

function checkLine(line: string, what: string): void {
  if (line.length === 0) throw refuse(`${what} is empty`);
  if (line.includes('\n') || CONTROL.test(line)) throw refuse(`${what} contains a control character or newline`);
  if (!isWellFormed(line)) throw refuse(`${what} contains a lone surrogate`);
}

/**
 * The checkpoint's note text, ready for signNote.
 * @example formatCheckpoint({ origin: 'example.org/log', size: 0, rootHash: emptyRoot(sha), extensions: [] })
 * // 'example.org/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n'
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  checkLine(checkpoint.origin, 'origin');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0)
    throw refuse(`size ${checkpoint.size} is not a whole number ≥ 0`);
  if (!(checkpoint.rootHash instanceof Uint8Array) || checkpoint.rootHash.length !== HASH_SIZE) {
    throw refuse(`root hash is not ${HASH_SIZE} bytes`);
  }
  checkpoint.extensions.forEach((line, i) => {
    checkLine(line, `extension line ${i + 1}`);
  });
  const lines = [checkpoint.origin, String(checkpoint.size), toBase64(checkpoint.rootHash), ...checkpoint.extensions];
  return lines.map((l) => `${l}\n`).join('');
}

/**
 * Parses checkpoint note text (the text of an opened note, ending in a newline). Throws
 * `malformed_checkpoint` unless: at least three lines, none empty, no control characters; the size
 * is decimal with no leading zero (and a safe integer); the root is canonical base64 of 32 bytes.
 * @example parseCheckpoint('example.org/log\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n').size // 0
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw refuse('text does not end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw refuse(`has ${lines.length} lines; origin, size and root hash are required`);
  lines.forEach((line, i) => {
    checkLine(line, i === 0 ? 'origin' : `line ${i + 1}`);
  });
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!SIZE.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw refuse(`size "${sizeText.slice(0, 40)}" is not a decimal number without leading zeros`);
  }
  let rootHash: Uint8Array;
  try {
    rootHash = fromBase64(rootText);
  } catch {
    throw refuse(`root hash "${rootText.slice(0, 60)}" is not canonical base64`);
  }
  if (rootHash.length !== HASH_SIZE) throw refuse(`root hash is ${rootHash.length} bytes, not ${HASH_SIZE}`);
  return { origin, size: Number(sizeText), rootHash, extensions };
}
