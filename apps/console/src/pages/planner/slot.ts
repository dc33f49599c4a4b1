import { dateTimeIn, hhmm } from '../../time/format';

/** A meeting's time as the planner's inputs hold it: a UTC date, a UTC start "HH:MM" and a length in minutes. */
export interface SlotInput {
  date: string;
  time: string;
  minutes: number;
}

const DAY_MS = 86_400_000;

/** "00:00" to "23:45", the start times at 15-minute steps. */
export const START_TIMES: readonly string[] = Array.from({ length: 96 }, (_, i) => hhmm(i * 15));

/** 30 min to 4 h at 15-minute steps. */
export const DURATIONS: readonly number[] = Array.from({ length: 15 }, (_, i) => 30 + i * 15);

/** "45 min", "1 h", "1 h 30 min". */
export function durationLabel(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** The slot's start as an ISO instant, or null while the date or time is not a valid one. */
export function slotStart(slot: SlotInput): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(slot.date) || !/^\d{2}:\d{2}$/.test(slot.time)) return null;
  const ms = Date.parse(`${slot.date}T${slot.time}:00Z`);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  // Date.parse rolls 30 February over into March: a date that does not come back is not one.
  return iso.startsWith(`${slot.date}T${slot.time}`) ? iso : null;
}

export function slotEnd(startIso: string, minutes: number): string {
  return new Date(Date.parse(startIso) + minutes * 60_000).toISOString();
}

/** The UTC date "YYYY-MM-DD" of an instant. */
export function utcDate(at: string | Date): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** The date `days` after a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  return utcDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** The planner's fields for an instant and a length (the time as it is, even off the quarter hours). */
export function slotFrom(startIso: string, minutes: number): SlotInput {
  const start = new Date(startIso);
  return { date: utcDate(start), time: hhmm(start.getUTCHours() * 60 + start.getUTCMinutes()), minutes };
}

/** R4: the last instant a meeting starting at `startIso` can be announced (its start minus the lead days). */
export function deadlineOf(startIso: string, leadDays: number): string {
  return new Date(Date.parse(startIso) - leadDays * DAY_MS).toISOString();
}

/** R4: the earliest start a proposal made at `now` may have (the lead days from now). */
export function earliestStart(leadDays: number, now: number = Date.now()): string {
  return new Date(now + leadDays * DAY_MS).toISOString();
}

/** "Tue 12 Jan 2027, 13:00–14:30" in the zone, with the end's date too when it falls on another day. */
export function spanIn(startIso: string, endIso: string, zone: string): string {
  const start = dateTimeIn(startIso, zone);
  const end = dateTimeIn(endIso, zone);
  const day = (s: string) => s.slice(0, s.lastIndexOf(', '));
  const time = (s: string) => s.slice(s.lastIndexOf(', ') + 2);
  return day(start) === day(end) ? `${start}–${time(end)}` : `${start} – ${end}`;
}
