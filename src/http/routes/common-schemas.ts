// Schemas shared by several routes.
import { z } from 'zod';

/**
 * A whole number in a URL (path or query): canonical decimal digits only, no sign, no leading zero
 * (except "0" itself), no spaces, exponent or hex, within [min, max]. z.coerce.number would take
 * "0x10", "1e3", " 7" and "" (as 0).
 */
export const decimal = (min: number, max: number) =>
  z
    .string()
    .regex(
      /^(0|[1-9][0-9]{0,15})$/,
      'expected a whole number in canonical decimal (digits only, no sign or leading zero)',
    )
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const slugParams = z.object({ slug: z.string().min(1).max(64) });
const id = decimal(1, 2_147_483_647);
export const sittingParams = slugParams.extend({ id });
export const idParams = slugParams.extend({ id });
export const memberParams = slugParams.extend({ id, memberId: id });
export const agendaItemParams = slugParams.extend({ id, itemId: id });
export const page = z.object({
  limit: decimal(1, 500).default(50),
  offset: decimal(0, 10_000_000).default(0),
});
export { partialDate, requiredText, text } from '../../services/input-schemas.ts';
