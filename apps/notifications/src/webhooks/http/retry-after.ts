/**
 * Reads a receiver's `Retry-After` header (RFC 9110 §10.2.3) so a 429 or 503 can set the time of
 * the next attempt. Waits are capped at a day so one header cannot park a delivery for ever.
 */

export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
/** Sun, 06 Nov 1994 08:49:37 GMT (the preferred form). */
const IMF_FIXDATE = new RegExp(String.raw`^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) ${TIME} GMT$`, 'i');
/** Sunday, 06-Nov-94 08:49:37 GMT (obsolete, two-digit year). */
const RFC_850 = new RegExp(String.raw`^[a-z]{6,9}, (\d{2})-([a-z]{3})-(\d{2}) ${TIME} GMT$`, 'i');
/** Sun Nov  6 08:49:37 1994 (obsolete, C asctime). */
const ASCTIME = new RegExp(String.raw`^[a-z]{3} ([a-z]{3}) ( \d|\d{2}) ${TIME} (\d{4})$`, 'i');

interface DateParts {
  year: number;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function utc({ year, month, day, hour, minute, second }: DateParts): number | null {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  const [d, h, m, s] = [day, hour, minute, second].map(Number) as [number, number, number, number];
  if (monthIndex < 0 || h > 23 || m > 59 || s > 60) return null;
  const at = Date.UTC(year, monthIndex, d, h, m, Math.min(s, 59));
  // Rejects days the month does not have (31 Feb would roll into March).
  return new Date(at).getUTCDate() === d ? at : null;
}

/** Epoch milliseconds of an HTTP-date in any of its three forms, or null. */
export function parseHttpDate(text: string, nowMs: number): number | null {
  let match = IMF_FIXDATE.exec(text);
  if (match !== null) {
    const [, day = '', month = '', year = '', hour = '', minute = '', second = ''] = match;
    return utc({ year: Number(year), month, day, hour, minute, second });
  }
  match = RFC_850.exec(text);
  if (match !== null) {
    const [, day = '', month = '', yy = '', hour = '', minute = '', second = ''] = match;
    // A two-digit year more than 50 years ahead means the century before (RFC 9110 §5.6.7).
    const thisYear = new Date(nowMs).getUTCFullYear();
    let year = Math.floor(thisYear / 100) * 100 + Number(yy);
    if (year > thisYear + 50) year -= 100;
    return utc({ year, month, day, hour, minute, second });
  }
  match = ASCTIME.exec(text);
  if (match !== null) {
    const [, month = '', day = '', hour = '', minute = '', second = '', year = ''] = match;
    return utc({ year: Number(year), month, day: day.trim(), hour, minute, second });
  }
  return null;
}

/**
 * Milliseconds to wait from `nowMs`, from delta-seconds ("120") or an HTTP-date; a date in the
 * past means 0. Null when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | null {
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  const at = parseHttpDate(text, nowMs);
  if (at === null) return null;
  return Math.min(Math.max(at - nowMs, 0), MAX_RETRY_AFTER_MS);
}
