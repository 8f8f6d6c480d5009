// Ballot receipts (DESIGN.md, "Ballot receipts"): while a named vote is open the log carries
// H(choice ‖ salt) for each ballot; the close entry reveals (choice, salt) so anyone can check.
// The hash itself is injected (domain code takes no node: imports).
export const BALLOT_CHOICES = ['yes', 'no', 'abstain'] as const;
export type BallotChoice = (typeof BALLOT_CHOICES)[number];

export function isBallotChoice(x: unknown): x is BallotChoice {
  return typeof x === 'string' && (BALLOT_CHOICES as readonly string[]).includes(x);
}

const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error('salt must be lower-case hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * The bytes a commitment hashes: the UTF-8 choice followed by the raw salt bytes.
 * @example commitmentInput('yes', '00ff') // Uint8Array [0x79, 0x65, 0x73, 0x00, 0xff]
 */
export function commitmentInput(choice: BallotChoice, saltHex: string): Uint8Array {
  const c = encoder.encode(choice);
  const salt = hexToBytes(saltHex);
  const out = new Uint8Array(c.length + salt.length);
  out.set(c, 0);
  out.set(salt, c.length);
  return out;
}

/** H(choice ‖ salt) as lower-case hex, with the hash supplied by the caller. */
export function ballotCommitment(
  sha256: (data: Uint8Array) => Uint8Array,
  choice: BallotChoice,
  saltHex: string,
): string {
  return bytesToHex(sha256(commitmentInput(choice, saltHex)));
}
