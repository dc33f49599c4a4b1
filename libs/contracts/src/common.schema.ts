import { z } from 'zod';
import { isTimeZone } from './date-time-format.js';

/** A name or title as people type it: trimmed, not empty, bounded. */
export const text = (max: number) => z.string().trim().min(1).max(max);

export const emailSchema = z.email().max(254);

/** An IANA time zone name (e.g. "Europe/Zurich"). */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine((value) => value.includes('/') || value === 'UTC', 'must be an IANA time zone such as "Europe/Zurich"')
  .refine(isTimeZone, 'is not a known IANA time zone');

/** A calendar date, YYYY-MM-DD. */
export const dateSchema = z.iso.date();

/** An ITU document reference, e.g. "TSAG-R1 Annex E" or "T25-SG17-260601-TD-PLEN-0295". */
export const documentReferenceSchema = text(120);

/** An instant: an ISO 8601 date and time with `Z` or an offset (a time without a zone would be ambiguous). */
export const instantSchema = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 instant with Z or an offset, e.g. 2027-01-12T13:00:00Z',
});

export const pageRequestSchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.int().min(1).max(200).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().nullable() });
}
