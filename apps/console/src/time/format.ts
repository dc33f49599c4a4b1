/** Geneva, where ITU deadlines are kept. */
export const GENEVA = 'Europe/Zurich';

const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * A date formatter, made once per locale and options and kept: making one costs tens of
 * microseconds and memory the browser frees late, and the planner formats for every zone on
 * every change. A zone that does not exist throws before anything is kept.
 */
export function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

function formatter(zone: string, withDate: boolean): Intl.DateTimeFormat {
  return dateFormat('en-GB', {
    timeZone: zone,
    ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** The calendar day ("YYYY-MM-DD") of an instant in a zone; today's with no instant. */
export function dayIn(zone: string, at: string | Date = new Date()): string {
  return dateFormat('en-CA', { timeZone: zone }).format(new Date(at));
}

/** A calendar date as people read it ("7 Sep 2018"): for dates that are days, not instants. */
export function calendarDay(date: string): string {
  return dateFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** Whether a value names an IANA time zone this browser knows. */
export function isTimeZone(zone: string): boolean {
  try {
    dateFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** "Tue, 1 Dec 2026, 14:00" in the zone. */
export function dateTimeIn(iso: string | Date, zone: string): string {
  return formatter(zone, true).format(new Date(iso));
}

/** Minutes since midnight as "HH:MM" ("09:05"). */
export function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "14:00" in the zone. */
export function timeIn(iso: string | Date, zone: string): string {
  return formatter(zone, false).format(new Date(iso));
}

/** The wall-clock hour and minute in the zone, as minutes since local midnight. */
export function localMinutes(iso: string | Date, zone: string): number {
  const [h, m] = timeIn(iso, zone).split(':').map(Number);
  return h * 60 + m;
}

/** A zone's offset from UTC at an instant, e.g. "UTC+12:45", "UTC-8", "UTC". */
export function offsetLabel(iso: string | Date, zone: string): string {
  const name = dateFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName')?.value;
  const label = (name ?? 'GMT')
    .replace('GMT', 'UTC')
    .replace(/:00$/, '')
    .replace(/([+-])0(\d)/, '$1$2');
  return /^UTC([+-]0)?$/.test(label) ? 'UTC' : label;
}

/** The short city name of an IANA zone ("America/Los_Angeles" gives "Los Angeles"). */
export function zoneCity(zone: string): string {
  if (zone === GENEVA) return 'Geneva';
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  return (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
}
