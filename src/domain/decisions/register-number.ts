// A decision's register number as a clerk types it ("12", "45-р", "2026/7"): printable text the
// register, the minutes and every export can show as it is. Numbering schemes come later; this
// only refuses what no register could print.
import { DomainError } from '../errors.ts';

/** At most this many characters (code points) after trimming. */
export const REGISTER_NUMBER_MAX = 64;

// Control and format characters (zero-width, bidirectional overrides), surrogates, private-use
// and unassigned code points, line and paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * The register number to store: trimmed and in NFC; throws `invalid_register_number` for empty,
 * over-long or unprintable text (a lone surrogate included).
 * @example normalizeRegisterNumber('  45-р ') // '45-р'
 */
export function normalizeRegisterNumber(text: string): string {
  const refuse = (why: string): never => {
    throw new DomainError(
      'invalid_register_number',
      `a register number is 1–${REGISTER_NUMBER_MAX} printable characters: ${why}`,
    );
  };
  if (typeof text !== 'string') refuse('it is not text');
  if (UNPRINTABLE.test(text)) refuse('it holds a control, format or unpaired character');
  const trimmed = text.trim().normalize('NFC');
  if (trimmed.length === 0) refuse('it is empty');
  if ([...trimmed].length > REGISTER_NUMBER_MAX) refuse('it is too long');
  return trimmed;
}
