// `quorate mirror`: follows a log, keeps every entry and checkpoint, and checks each new
// checkpoint against everything it already holds. It recomputes the tree from the entries it
// stores, so a served checkpoint is accepted only if the mirror's own copy reaches its root —
// which is consistency with every earlier checkpoint it saw. Anything else is a fork: a loud
// alarm, written to FORK-ALARM, and the mirror's copy is left untouched.
import { sha256 } from '../service-context.ts';
import { ed25519Verify } from '../log/signing-keys.ts';
import type { MirrorStore } from './mirror-store.ts';
import type { LogSource } from '../verify/log-source.ts';
import { ed25519Verifier, openNote } from '../../domain/log/note.ts';
import { parseCheckpoint, type Checkpoint } from '../../domain/log/checkpoint.ts';
import { leafHash } from '../../domain/log/merkle.ts';
import { integrateLeaves } from '../../domain/log/integrate-leaves.ts';
import { tileHashReader } from '../../domain/log/tiles.ts';
import { decodeEntryBundle, encodeEntryBundle } from '../../domain/log/entry-bundle.ts';
import { bytesEqual, toHex } from '../../domain/log/bytes.ts';

export type FollowResult =
  | { status: 'updated' | 'unchanged'; size: number; root: string }
  | { status: 'fork'; size: number; message: string };

const PAGE = 4096;

export function mirrorCheckpoint(store: MirrorStore, vkey: string): Checkpoint | null {
  const note = store.readText('checkpoint');
  return note ? parseCheckpoint(openNote(note, [ed25519Verifier(sha256, vkey, ed25519Verify)]).text) : null;
}

/** One round: fetch the log's checkpoint and catch up. The log's key is pinned on first contact. */
export async function followOnce(
  source: LogSource,
  store: MirrorStore,
  options: { key?: string | null } = {},
): Promise<FollowResult> {
  let vkey = store.readText('key')?.trim() ?? null;
  if (options.key && vkey && options.key !== vkey)
    throw new Error('the key given differs from the key this mirror pinned');
  if (!vkey) {
    vkey = options.key ?? (await source.publishedKey());
    if (!vkey) throw new Error('no key for the log: pass --key');
    store.write('key', `${vkey}\n`);
  }
  const note = await source.checkpoint();
  const fork = (message: string): FollowResult => {
    store.write(
      'FORK-ALARM',
      `${new Date().toISOString()}\n${message}\n\n-- checkpoint held --\n${store.readText('checkpoint') ?? '(none)'}\n-- checkpoint served --\n${note}`,
    );
    return { status: 'fork', size: next.size, message };
  };
  const next = parseCheckpoint(openNote(note, [ed25519Verifier(sha256, vkey, ed25519Verify)]).text);
  const held = mirrorCheckpoint(store, vkey);
  if (held && held.origin !== next.origin)
    return fork(`the log changed its origin from ${held.origin} to ${next.origin}`);
  const size = held?.size ?? 0;
  if (held && next.size < size) return fork(`the log shrank from ${size} to ${next.size} entries`);
  if (held && next.size === size) {
    if (!bytesEqual(next.rootHash, held.rootHash))
      return fork(`two different roots for size ${size}: the log was rewritten`);
    return { status: 'unchanged', size, root: toHex(next.rootHash) };
  }
  // Hash the new entries onto the mirror's own tree; nothing is written until the root matches.
  const entries: Uint8Array[] = [];
  for (let from = size; from < next.size; from += PAGE)
    entries.push(...(await source.entries(from, Math.min(PAGE, next.size - from))));
  const reader = tileHashReader(sha256, size, async (tile) => {
    const data = store.readTile(tile);
    if (!data) throw new Error(`the mirror lacks tile ${tile.level}/${tile.index}`);
    return data;
  });
  const step = await integrateLeaves(sha256, { size, leafHashes: entries.map((e) => leafHash(sha256, e)), reader });
  if (!bytesEqual(step.root, next.rootHash)) {
    return fork(
      `the checkpoint for ${next.size} entries is not consistent with the ${size} entries this mirror holds (or the entries served do not match it): the log was rewritten`,
    );
  }
  for (const { tile, data } of step.tiles) store.writeTile(tile, data);
  // Bundles: rewrite the tail bundle with the entries it now holds.
  const firstBundle = Math.floor(size / 256);
  for (let n = firstBundle; n * 256 < next.size; n++) {
    const start = n * 256;
    const width = Math.min(256, next.size - start);
    const earlier =
      start < size ? decodeEntryBundle(store.readBundle(n, size - start) ?? new Uint8Array(), size - start) : [];
    const fresh = entries.slice(Math.max(0, start - size), start + width - size);
    store.writeBundle(n, width, encodeEntryBundle([...earlier, ...fresh]));
  }
  store.write(`checkpoints/${next.size}`, note);
  store.write('checkpoint', note);
  return { status: 'updated', size: next.size, root: toHex(next.rootHash) };
}
