// Ties sent to lot, drawn so anyone can recompute them: the digest is
// SHA-256(seed ‖ UTF-8 "quorate-lot/1|<stage>|<purpose>|<candidate numbers, ascending, 1-based, comma-separated>")
// read as a big-endian integer; its remainder modulo the number of tied candidates picks one of them
// (ascending order). The bias of the remainder is below 2^-240: nil for any real tie.
import { DomainError } from '../errors.ts';
import type { LotDraw, LotInput, LotPurpose } from './types.ts';

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Draws one of `among` (candidate indices) by lot.
 * @example drawLot({ seed, sha256 }, 3, 'exclude', [4, 1]) // { among: [1, 4], chosen: 1 or 4, digest: '…' }
 */
export function drawLot(
  lot: LotInput | undefined,
  stage: number,
  purpose: LotPurpose,
  among: readonly number[],
): LotDraw {
  const sorted = [...among].sort((a, b) => a - b);
  if (!lot) {
    throw new DomainError(
      'lot_required',
      `a tie between candidates ${sorted.map((c) => c + 1).join(', ')} at stage ${stage} goes to lot: give a seed`,
    );
  }
  const label = encoder.encode(`quorate-lot/1|${stage}|${purpose}|${sorted.map((c) => c + 1).join(',')}`);
  const input = new Uint8Array(lot.seed.length + label.length);
  input.set(lot.seed, 0);
  input.set(label, lot.seed.length);
  const digest = hex(lot.sha256(input));
  const k = Number(BigInt(`0x${digest}`) % BigInt(sorted.length));
  return { stage, purpose, among: sorted, chosen: sorted[k]!, digest };
}
