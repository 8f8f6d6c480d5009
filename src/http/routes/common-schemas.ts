// Schemas shared by several routes.
import { z } from 'zod';

export const slugParams = z.object({ slug: z.string().min(1).max(64) });
const id = z.coerce.number().int().positive().max(2_147_483_647);
export const sittingParams = slugParams.extend({ id });
export const idParams = slugParams.extend({ id });
export const memberParams = slugParams.extend({ id, memberId: id });
export const page = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});
/** Free text a person typed: bounded, no NUL (PostgreSQL text refuses it). */
export const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'text may not contain NUL characters');
export const requiredText = (max: number) => text(max).refine((s) => s.trim().length > 0, 'may not be empty');
export const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD');
