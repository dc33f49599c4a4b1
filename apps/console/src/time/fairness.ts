import { localMinutes, offsetLabel, timeIn, zoneCity } from './format';

/** The working window the group agreed on: a meeting is fair to a participant inside 07:00-22:00 local. */
export const DAY_STARTS = 7 * 60;
export const DAY_ENDS = 22 * 60;

export interface ZoneFit {
  zone: string;
  city: string;
  offset: string;
  participants: number;
  localStart: string;
  localEnd: string;
  /** The whole meeting is between 07:00 and 22:00 local (on one day). */
  inside: boolean;
}

export interface Fairness {
  inside: number;
  total: number;
  zones: ZoneFit[];
}

/** Whether a meeting from `start` for `minutes` is inside the working window in `zone`. */
export function insideWorkingDay(start: Date, minutes: number, zone: string): boolean {
  const from = localMinutes(start, zone);
  const end = new Date(start.getTime() + minutes * 60_000);
  const to = localMinutes(end, zone);
  // Crossing local midnight (the end's clock before the start's) is never inside.
  return from >= DAY_STARTS && to <= DAY_ENDS && to > from;
}

/**
 * How a slot sits with the group's participants: per zone (with how many participants live in
 * it), and how many have the whole meeting inside 07:00-22:00 local.
 */
export function fairnessOf(startIso: string, minutes: number, participantZones: readonly string[]): Fairness {
  const start = new Date(startIso);
  const end = new Date(start.getTime() + minutes * 60_000);
  const counts = new Map<string, number>();
  for (const zone of participantZones) counts.set(zone, (counts.get(zone) ?? 0) + 1);
  const zones = [...counts.entries()]
    .map(([zone, participants]) => ({
      zone,
      city: zoneCity(zone),
      offset: offsetLabel(start, zone),
      participants,
      localStart: timeIn(start, zone),
      localEnd: timeIn(end, zone),
      inside: insideWorkingDay(start, minutes, zone),
    }))
    .sort((a, b) => utcOffsetMinutes(start, a.zone) - utcOffsetMinutes(start, b.zone) || a.zone.localeCompare(b.zone));
  return {
    inside: zones.filter((z) => z.inside).reduce((n, z) => n + z.participants, 0),
    total: participantZones.length,
    zones,
  };
}

function utcOffsetMinutes(at: Date, zone: string): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone: zone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / 60_000);
}
