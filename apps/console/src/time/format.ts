/** Geneva, where ITU deadlines are kept. */
export const GENEVA = 'Europe/Zurich';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${zone}|${withDate}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      ...(withDate ? { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, f);
  }
  return f;
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
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
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
