import { dateFormat, hhmm, offsetLabel, zoneCity } from './format';

/** The working window the group agreed on: a meeting is fair to a participant inside 07:00-22:00 local. */
export const DAY_STARTS = 7 * 60;
export const DAY_ENDS = 22 * 60;

export interface ZoneFit {
  zone: string;
  city: string;
  /** The zone's offset at the start, e.g. "UTC+12:45". */
  offset: string;
  participants: number;
  /** The names of those participants, when they were given (same order as given). */
  names: string[];
  /** Local wall-clock start and end, "HH:MM". */
  localStart: string;
  localEnd: string;
  /** The local weekday of the start and of the end, e.g. "Tue". */
  startDay: string;
  endDay: string;
  /** The local date of the start minus the UTC date of the start, in days (-1, 0 or +1). */
  dayShift: number;
  /** The whole meeting is between 07:00 and 22:00 local, on one local day. */
  inside: boolean;
}

export interface Fairness {
  /** Participants with the whole meeting inside their working day. */
  inside: number;
  total: number;
  /** By UTC offset at the start (west to east), then by zone name. */
  zones: ZoneFit[];
}

/** Someone taking part, as far as fairness goes: a time zone and (optionally) a name. */
export interface Person {
  timeZone: string;
  name?: string;
}

interface LocalTime {
  /** Days since 1970-01-01 of the local date. */
  day: number;
  minutes: number;
  weekday: string;
  offsetMinutes: number;
}

function partsFormatter(zone: string): Intl.DateTimeFormat {
  return dateFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
  });
}

/** The wall clock of an instant in a zone (its local date, minutes since local midnight, weekday and offset). */
export function localTime(at: Date, zone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of partsFormatter(zone).formatToParts(at)) parts[p.type] = p.value;
  // Some engines write midnight as 24 even with h23: it is the start of that same day.
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  const day = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / 86_400_000;
  const localAsUtc = day * 86_400_000 + (hour * 60 + minute) * 60_000;
  const wholeMinute = Math.floor(at.getTime() / 60_000) * 60_000;
  return {
    day,
    minutes: hour * 60 + minute,
    weekday: parts.weekday,
    offsetMinutes: Math.round((localAsUtc - wholeMinute) / 60_000),
  };
}

/**
 * Whether a meeting from `start` for `minutes` is inside the working window in `zone`: it starts
 * at 07:00 or later and ends at 22:00 or earlier on the same local day (the API's rule too).
 */
export function insideWorkingDay(start: Date, minutes: number, zone: string): boolean {
  const from = localTime(start, zone);
  const to = localTime(new Date(start.getTime() + minutes * 60_000), zone);
  return from.day === to.day && from.minutes >= DAY_STARTS && to.minutes <= DAY_ENDS && to.minutes > from.minutes;
}

/**
 * How a slot sits with the people taking part: per zone (how many live in it, and who), and how
 * many have the whole meeting inside 07:00-22:00 local.
 */
export function fairnessFor(startIso: string, minutes: number, people: readonly Person[]): Fairness {
  const start = new Date(startIso);
  const end = new Date(start.getTime() + minutes * 60_000);
  const utcDay = Math.floor(start.getTime() / 86_400_000);
  const byZone = new Map<string, { participants: number; names: string[] }>();
  for (const person of people) {
    const entry = byZone.get(person.timeZone) ?? { participants: 0, names: [] };
    entry.participants += 1;
    if (person.name) entry.names.push(person.name);
    byZone.set(person.timeZone, entry);
  }
  const zones = [...byZone.entries()]
    .map(([zone, { participants, names }]) => {
      const from = localTime(start, zone);
      const to = localTime(end, zone);
      return {
        zone,
        city: zoneCity(zone),
        offset: offsetLabel(start, zone),
        offsetMinutes: from.offsetMinutes,
        participants,
        names,
        localStart: hhmm(from.minutes),
        localEnd: hhmm(to.minutes),
        startDay: from.weekday,
        endDay: to.weekday,
        dayShift: from.day - utcDay,
        inside:
          from.day === to.day && from.minutes >= DAY_STARTS && to.minutes <= DAY_ENDS && to.minutes > from.minutes,
      };
    })
    .sort((a, b) => a.offsetMinutes - b.offsetMinutes || a.zone.localeCompare(b.zone))
    .map(({ offsetMinutes: _offset, ...fit }): ZoneFit => fit);
  return {
    inside: zones.filter((z) => z.inside).reduce((n, z) => n + z.participants, 0),
    total: people.length,
    zones,
  };
}

/** `fairnessFor` with the participants given as their time zones only. */
export function fairnessOf(startIso: string, minutes: number, participantZones: readonly string[]): Fairness {
  return fairnessFor(
    startIso,
    minutes,
    participantZones.map((timeZone) => ({ timeZone })),
  );
}

/** "7 of 8 participants inside 07:00–22:00 local". */
export function fairnessSummary(fairness: Pick<Fairness, 'inside' | 'total'>): string {
  const noun = fairness.total === 1 ? 'participant' : 'participants';
  return `${fairness.inside} of ${fairness.total} ${noun} inside 07:00–22:00 local`;
}
