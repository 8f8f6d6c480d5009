// C2SP tlog-tiles entry bundles: up to 256 consecutive log entries, each a big-endian uint16 length
// followed by its bytes. The uint16 is why an entry is at most 65,535 bytes (DESIGN.md, "The
// record log"); longer texts go to content-addressed blobs before they reach the log.
import { LogError } from './log-error.ts';
import { TILE_WIDTH } from './tiles.ts';

/** The largest entry an entry bundle can carry. */
export const MAX_ENTRY_SIZE = 0xffff;

/**
 * Encodes up to 256 entries as one bundle. Throws `entry_too_large` for an entry over 65,535 bytes
 * and `malformed_entry_bundle` for more than 256 entries.
 * @example encodeEntryBundle([new Uint8Array([7])]) // Uint8Array [0, 1, 7]
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > TILE_WIDTH) {
    throw new LogError('malformed_entry_bundle', `a bundle holds at most ${TILE_WIDTH} entries, not ${entries.length}`);
  }
  let size = 0;
  entries.forEach((e, i) => {
    if (e.length > MAX_ENTRY_SIZE)
      throw new LogError('entry_too_large', `entry ${i} is ${e.length} bytes; the limit is ${MAX_ENTRY_SIZE}`);
    size += 2 + e.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const e of entries) {
    out[at] = e.length >> 8;
    out[at + 1] = e.length & 0xff;
    out.set(e, at + 2);
    at += 2 + e.length;
  }
  return out;
}

/**
 * Decodes a bundle into its entries (views into `data`). Throws `malformed_entry_bundle` when a
 * length runs past the end, there are more than 256 entries, or — when `expectedCount` is given
 * (the bundle's width) — the count differs.
 * @example decodeEntryBundle(new Uint8Array([0, 1, 7]), 1) // [Uint8Array [7]]
 */
export function decodeEntryBundle(data: Uint8Array, expectedCount?: number): Uint8Array[] {
  const entries: Uint8Array[] = [];
  let at = 0;
  while (at < data.length) {
    if (at + 2 > data.length)
      throw new LogError('malformed_entry_bundle', `bundle ends inside the length of entry ${entries.length}`);
    const length = (data[at]! << 8) | data[at + 1]!;
    if (at + 2 + length > data.length) {
      throw new LogError(
        'malformed_entry_bundle',
        `entry ${entries.length} claims ${length} bytes; only ${data.length - at - 2} remain`,
      );
    }
    entries.push(data.subarray(at + 2, at + 2 + length));
    at += 2 + length;
    if (entries.length > TILE_WIDTH)
      throw new LogError('malformed_entry_bundle', `bundle holds more than ${TILE_WIDTH} entries`);
  }
  if (expectedCount !== undefined && entries.length !== expectedCount) {
    throw new LogError('malformed_entry_bundle', `bundle holds ${entries.length} entries, expected ${expectedCount}`);
  }
  return entries;
}
