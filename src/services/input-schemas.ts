// Building blocks of the services' input schemas (one Zod schema per use case's input, beside the
// use case, e.g. createBodyInput in bodies.ts). The HTTP routes use those schemas as their body
// schemas, so what a route accepts and what its service takes are one declaration.
import { z } from 'zod';

/** Free text a person typed: bounded, no NUL (PostgreSQL text refuses it). */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'text may not contain NUL characters');
export const requiredText = (max: number) => text(max).refine((s) => s.trim().length > 0, 'may not be empty');
export const partialDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD');
/** A row id in a JSON body. */
export const rowId = z.number().int().positive().max(2_147_483_647);
