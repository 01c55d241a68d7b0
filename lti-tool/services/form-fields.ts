import { z } from 'zod';

/** PostgreSQL's `integer`: every id column. A larger id would reach the database and fail there. */
export const maxRecordId = 2_147_483_647;

/**
 * The one parser for a row id from a URL, a form or a query: decimal digits only, 1 to 2147483647.
 * "1e5", "0x1f", "-1", " 7" and "99999999999" are refused here rather than coerced or passed on.
 */
export const recordId = z
  .string()
  .regex(/^[1-9]\d{0,9}$/)
  .transform(Number)
  .refine((id) => id <= maxRecordId, 'id_out_of_range');

/** An id from the URL: a malformed one throws a ZodError, which the error path answers with 400. */
export const parseId = (value: unknown): number => recordId.parse(value);

/** An optional id field of a form: '' or absent is null. */
export const optionalRecordId = z
  .union([z.literal(''), recordId])
  .optional()
  .transform((value) => (value ? value : null));

/** The years a date in a form may have: wide enough for any network, narrow enough for every calendar and database. */
export const dateYears = { from: 2000, to: 2100 } as const;
export const dateOutOfRange = 'date_out_of_range';

/**
 * A calendar date (yyyy-mm-dd) in a form, between 2000 and 2100: every form that takes a date uses this.
 * Year 0 or 9999 would pass a plain pattern and fail later in luxon, the database or the calendar feed.
 */
export const formDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .pipe(z.iso.date())
  .refine((value) => {
    const year = Number(value.slice(0, 4));
    return year >= dateYears.from && year <= dateYears.to;
  }, dateOutOfRange);

/** An optional date field: '' or absent is null. */
export const optionalFormDate = z
  .union([z.literal(''), formDate])
  .optional()
  .transform((value) => value || null);

/** A blank form value ('' or spaces) as absent: what a "no choice" option or an emptied box sends. */
const blankAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * A whole number in a form, from `min` to `max`. Blank is "not given" and refused as missing —
 * never read as 0, which is what `z.coerce.number()` alone makes of ''.
 */
export const formInteger = (min: number, max: number) => z.preprocess(blankAsAbsent, z.coerce.number().int().min(min).max(max));

/**
 * An optional whole number or number-valued select: blank or absent is undefined ("as the template says",
 * "no limit"). Every optional number field of every form uses this, so a "no choice" option never becomes 0.
 */
export const optionalFormInteger = (min: number, max: number) => z.preprocess(blankAsAbsent, z.coerce.number().int().min(min).max(max).optional());

/** A decimal number in a form (a score), at least `min`. Blank is refused as missing, never a score of 0. */
export const formDecimal = (min: number) => z.preprocess(blankAsAbsent, z.coerce.number().finite().min(min));
