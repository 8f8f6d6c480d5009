// `quorate verify`: checks a body's log end to end — the checkpoint's signature, the tree over
// every entry against the checkpoint's root, and a replay of the record (each outcome from its
// ballots, attendance and rule; each commitment against its revealed ballot). With the database
// in hand it also checks that every derived table row matches the entries.
import { sha256 } from '../service-context.ts';
import { ed25519Verify } from '../log/signing-keys.ts';
import type { LogSource } from './log-source.ts';
import { ed25519Verifier, openNote, parseNote, parseVerifierKey } from '../../domain/log/note.ts';
import { keyRotationMessage } from '../../domain/log/key-rotation.ts';
import { parseCheckpoint } from '../../domain/log/checkpoint.ts';
import { leafHash, rootFromLeafHashes } from '../../domain/log/merkle.ts';
import { bytesEqual, fromBase64, toHex } from '../../domain/log/bytes.ts';
import { decodeEntry } from '../../domain/entries/record-entry.ts';
import { emptyReplayState, replayEntry, ReplayError, type ReplayState } from '../../domain/replay/replay-record.ts';
import { DomainError } from '../../domain/errors.ts';

export interface Problem {
  /** The first entry that does not hold, when one can be named. */
  index: number | null;
  code: string;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  source: string;
  origin: string | null;
  size: number;
  root: string | null;
  keyTrusted: 'given' | 'published';
  /** Entries sequenced after the checkpoint (replayed, not yet covered by a signature). */
  pending: number;
  problem: Problem | null;
  state: ReplayState | null;
}

const PAGE = 4096;

export async function verifyLog(
  source: LogSource,
  options: { key?: string | null; onProgress?: (done: number, total: number) => void } = {},
): Promise<VerifyReport> {
  const report: VerifyReport = {
    ok: false,
    source: source.label,
    origin: null,
    size: 0,
    root: null,
    keyTrusted: options.key ? 'given' : 'published',
    pending: 0,
    problem: null,
    state: null,
  };
  const stop = (problem: Problem) => ({ ...report, problem });
  const key = options.key ?? (await source.publishedKey());
  if (!key) return stop({ index: null, code: 'no_key', message: "no verifier key: pass --key (the body's vkey)" });
  let cp: ReturnType<typeof parseCheckpoint>;
  let note: string;
  // Keys the log has announced, in order: the trusted one first, then each rotation's new key.
  const chain: string[] = [key];
  let signatureChecked = false;
  try {
    note = await source.checkpoint();
    try {
      cp = parseCheckpoint(openNote(note, [ed25519Verifier(sha256, key, ed25519Verify)]).text);
      signatureChecked = true;
    } catch (err) {
      // Signed by a later key? Then the log must announce it, signed by this one: check after replay.
      if (!(err instanceof DomainError) || err.code !== 'no_verified_signature') throw err;
      cp = parseCheckpoint(parseNote(note).text);
    }
  } catch (err) {
    return stop({
      index: null,
      code: err instanceof DomainError ? err.code : 'bad_checkpoint',
      message: `the checkpoint does not verify: ${(err as Error).message}`,
    });
  }
  report.origin = cp.origin;
  report.size = cp.size;
  report.root = toHex(cp.rootHash);
  const state = emptyReplayState();
  const leafHashes: Uint8Array[] = [];
  for (let from = 0; from < cp.size; from += PAGE) {
    let page: Uint8Array[];
    try {
      page = await source.entries(from, Math.min(PAGE, cp.size - from));
    } catch (err) {
      const index = (err as { index?: number }).index ?? from;
      return stop({ index, code: 'entry_missing', message: (err as Error).message });
    }
    if (page.length !== Math.min(PAGE, cp.size - from)) {
      return stop({
        index: from + page.length,
        code: 'entry_missing',
        message: `entry ${from + page.length} is missing`,
      });
    }
    for (const [i, bytes] of page.entries()) {
      const index = from + i;
      leafHashes.push(leafHash(sha256, bytes));
      try {
        const entry = decodeEntry(bytes);
        replayEntry(sha256, state, index, entry);
        if (entry.type === 'log.key_rotated') {
          const problem = followRotation(chain, state.origin ?? '', index, entry.data as Record<string, unknown>);
          if (problem) return stop(problem);
        }
        if (index === 0 && state.origin !== cp.origin) {
          return stop({
            index: 0,
            code: 'origin_mismatch',
            message: `entry 0 fixes the origin "${state.origin}", the checkpoint says "${cp.origin}"`,
          });
        }
      } catch (err) {
        if (err instanceof ReplayError) return stop({ index: err.index, code: err.code, message: err.message });
        if (err instanceof DomainError)
          return stop({ index, code: err.code, message: `entry ${index}: ${err.message}` });
        throw err;
      }
    }
    options.onProgress?.(Math.min(from + PAGE, cp.size), cp.size);
  }
  if (!signatureChecked) {
    try {
      openNote(
        note,
        chain.map((k) => ed25519Verifier(sha256, k, ed25519Verify)),
      );
    } catch (err) {
      return stop({
        index: null,
        code: err instanceof DomainError ? err.code : 'bad_checkpoint',
        message: `the checkpoint is signed by no key the log announced: ${(err as Error).message}`,
      });
    }
  }
  const root = rootFromLeafHashes(sha256, leafHashes);
  if (!bytesEqual(root, cp.rootHash)) {
    return stop(await nameChangedEntry(source, cp.size, cp.rootHash, leafHashes));
  }
  // A database may hold entries sequenced after its last checkpoint (a backup taken between the
  // two steps): they are replayed too, so the stored rows they made can be checked.
  const head = (await source.sequencedSize?.()) ?? cp.size;
  for (let from = cp.size; from < head; from += PAGE) {
    const page = await source.entries(from, Math.min(PAGE, head - from));
    for (const [i, bytes] of page.entries()) {
      try {
        replayEntry(sha256, state, from + i, decodeEntry(bytes));
      } catch (err) {
        if (err instanceof ReplayError) return stop({ index: err.index, code: err.code, message: err.message });
        if (err instanceof DomainError)
          return stop({ index: from + i, code: err.code, message: `entry ${from + i}: ${err.message}` });
        throw err;
      }
    }
  }
  return { ...report, ok: true, pending: head - cp.size, state };
}

/**
 * Checks a key rotation against the keys trusted so far and extends them. A rotation away from a
 * trusted key must be signed by it; one between keys this verifier never trusted (before the point
 * its trust starts) cannot be checked and changes nothing.
 */
function followRotation(chain: string[], origin: string, index: number, d: Record<string, unknown>): Problem | null {
  if (typeof d.oldVkey !== 'string' || typeof d.newVkey !== 'string' || typeof d.signature !== 'string') {
    return {
      index,
      code: 'bad_key_rotation',
      message: `entry ${index}: a key rotation names the old key, the new key and a signature`,
    };
  }
  if (!chain.includes(d.oldVkey)) return null;
  try {
    const oldKey = parseVerifierKey(sha256, d.oldVkey);
    parseVerifierKey(sha256, d.newVkey);
    if (!ed25519Verify(oldKey.publicKey, keyRotationMessage(origin, d.newVkey), fromBase64(d.signature)))
      throw new Error('bad signature');
  } catch {
    return {
      index,
      code: 'bad_key_rotation',
      message: `entry ${index}: the key rotation is not signed by the key it replaces`,
    };
  }
  if (!chain.includes(d.newVkey)) chain.push(d.newVkey);
  return null;
}

/** The entries do not hash to the signed root: find, from the signed tiles, the first that changed. */
async function nameChangedEntry(
  source: LogSource,
  size: number,
  signedRoot: Uint8Array,
  leafHashes: Uint8Array[],
): Promise<Problem> {
  const tileLeaves: Uint8Array[] = [];
  try {
    for (let n = 0; n * 256 < size; n++) {
      const width = Math.min(256, size - n * 256);
      const data = await source.leafTile(n, width);
      for (let i = 0; i < width; i++) tileLeaves.push(data.subarray(i * 32, i * 32 + 32));
    }
  } catch {
    return {
      index: null,
      code: 'root_mismatch',
      message: 'the entries do not hash to the signed root, and the hash tiles cannot be read to say which changed',
    };
  }
  if (!bytesEqual(rootFromLeafHashes(sha256, tileLeaves), signedRoot)) {
    return {
      index: null,
      code: 'root_mismatch',
      message: 'the entries do not hash to the signed root, and neither do the stored hash tiles',
    };
  }
  const index = leafHashes.findIndex((h, i) => !bytesEqual(h, tileLeaves[i]!));
  return {
    index,
    code: 'entry_changed',
    message: `entry ${index} is not the entry the signed checkpoint covers (it was changed, removed or reordered)`,
  };
}
