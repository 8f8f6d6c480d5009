// Messages of one length whatever they say. TLS hides the bytes but not how many there are: a
// ballot of "yes" is a byte shorter than one of "abstain", and the public log says who voted at
// that moment, so the length alone would tell the choice. Every request and answer that carries a
// secret is padded to a size fixed in advance (JSON: a `pad` field of spaces), or, for a page
// whose length depends on the secret in ways too many to enumerate by hand, to the longest of its
// renderings for each possible value. Elections' ranked ballots reuse the same helpers.

/** Bytes of a JSON request carrying a ballot (choice, clientBallotId, pad). */
export const BALLOT_REQUEST_BYTES = 256;
/** Bytes of the JSON answer to a ballot (the receipt, pad). */
export const BALLOT_RESPONSE_BYTES = 512;
/** The longest `pad` the ballot endpoint accepts. */
export const MAX_PAD = 1024;

/** Bytes of a text in UTF-8 (what goes on the wire), without an encoder. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export class PaddingOverflow extends Error {
  constructor(
    readonly actual: number,
    readonly size: number,
  ) {
    super(`a message of ${actual} bytes does not fit in ${size}`);
  }
}

/**
 * The value with a `pad` field of spaces making its JSON exactly `size` bytes. Throws
 * PaddingOverflow when it is already longer: a size is fixed for a message whose fields are
 * bounded, so an overflow is a bug, never a reason to send a message of another length.
 * @example JSON.stringify(padJson({ choice: 'no' }, 32)).length // 32
 */
export function padJson<T extends object>(value: T, size: number): T & { pad: string } {
  const bare = utf8Length(JSON.stringify({ ...value, pad: '' }));
  if (bare > size) throw new PaddingOverflow(bare, size);
  return { ...value, pad: ' '.repeat(size - bare) };
}

/**
 * How many bytes to add to `actual` so it is as long as the longest of `variants` (the same
 * message rendered for each value its secret could take, `actual` among them).
 * @example paddingToLongest('For', ['For', 'Against', 'Abstain']) // 4
 */
export function paddingToLongest(actual: string, variants: readonly string[]): number {
  const longest = Math.max(utf8Length(actual), ...variants.map(utf8Length));
  return longest - utf8Length(actual);
}
