// An agenda item closed to the public (issue 16, item 2). Where the body's rules withhold such an
// item's title, the log carries only a commitment to it: SHA-256 over a domain tag, the nonce and
// the title, so that the title cannot be guessed from the hash (a short title like "Personnel" would
// be, unsalted) and can still be shown to match the record if the body later opens it.
// The hash is injected (domain code takes no node: imports).

const encoder = new TextEncoder();
const TAG = 'quorate closed agenda item title v1\n';

/** The bytes the commitment hashes: the tag, the nonce (hex) and a newline, then the title (NFC). */
export function closedTitleInput(nonceHex: string, title: string): Uint8Array {
  if (!/^[0-9a-f]{32,}$/.test(nonceHex)) throw new Error('the nonce must be at least 16 bytes of lower-case hex');
  return encoder.encode(`${TAG}${nonceHex}\n${title.normalize('NFC')}`);
}

/**
 * The commitment to a withheld title, as lower-case hex.
 * @example closedTitleCommitment(sha256, '00'.repeat(16), 'Staffing') // 64 hex digits
 */
export function closedTitleCommitment(
  sha256: (data: Uint8Array) => Uint8Array,
  nonceHex: string,
  title: string,
): string {
  let hex = '';
  for (const b of sha256(closedTitleInput(nonceHex, title))) hex += b.toString(16).padStart(2, '0');
  return hex;
}
