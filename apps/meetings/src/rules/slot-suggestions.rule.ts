/**
 * Slot suggestions for the meeting planner: for a meeting of a given length within a date range,
 * the starting times (at 15-minute steps) that put the most participants inside their working
 * day (07:00 to 22:00 local, the whole meeting on one local day), fairest first. Pure: the
 * participants come as their time zones.
 */

export const SLOT_STEP_MINUTES = 15;
/** The local hours a meeting may take without asking anyone to attend at night. */
export const DAY_STARTS = 7 * 60;
export const DAY_ENDS = 22 * 60;

export interface ZoneCount {
  timeZone: string;
  participants: number;
}

export interface ZoneAtSlot extends ZoneCount {
  /** Local wall-clock start and end, e.g. `2027-01-12 14:00` (the zone's own date). */
  localStart: string;
  localEnd: string;
  inside: boolean;
}

export interface SlotSuggestion {
  startsAt: Date;
  endsAt: Date;
  /** Participants with the whole meeting between 07:00 and 22:00 on one local day. */
  inside: number;
  /** Minutes of the meeting outside 07:00–22:00, summed over participants (the tie-break). */
  outsideMinutes: number;
  zones: ZoneAtSlot[];
}

interface LocalTime {
  date: string;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(instant: Date, timeZone: string): LocalTime {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const clock = (t: LocalTime) =>
  `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;

/** Whether a meeting from `start` to `end` lies within the working day of `timeZone`. */
export function insideWorkingDay(start: Date, end: Date, timeZone: string): boolean {
  const from = localTime(start, timeZone);
  const to = localTime(end, timeZone);
  // Ending exactly at 22:00 is inside; the end is on the start's local date (00:00 next day is not).
  return from.date === to.date && from.minutes >= DAY_STARTS && to.minutes <= DAY_ENDS && to.minutes > from.minutes;
}

/** Minutes of [start, end) outside the working day in `timeZone` (sampled per step). */
function minutesOutside(start: Date, durationMinutes: number, timeZone: string): number {
  let outside = 0;
  for (let m = 0; m < durationMinutes; m += SLOT_STEP_MINUTES) {
    const t = localTime(new Date(start.getTime() + m * 60_000), timeZone).minutes;
    if (t < DAY_STARTS || t >= DAY_ENDS) outside += Math.min(SLOT_STEP_MINUTES, durationMinutes - m);
  }
  return outside;
}

/** The zone counts of a list of participants' time zones, largest first. */
export function countZones(timeZones: string[]): ZoneCount[] {
  const counts = new Map<string, number>();
  for (const zone of timeZones) counts.set(zone, (counts.get(zone) ?? 0) + 1);
  return [...counts.entries()]
    .map(([timeZone, participants]) => ({ timeZone, participants }))
    .sort((a, b) => b.participants - a.participants || a.timeZone.localeCompare(b.timeZone));
}

/** How a given slot falls for each zone. */
export function slotFor(startsAt: Date, durationMinutes: number, zones: ZoneCount[]): SlotSuggestion {
  const endsAt = new Date(startsAt.getTime() + durationMinutes * 60_000);
  let inside = 0;
  let outsideMinutes = 0;
  const perZone = zones.map((zone) => {
    const isInside = insideWorkingDay(startsAt, endsAt, zone.timeZone);
    if (isInside) inside += zone.participants;
    else outsideMinutes += zone.participants * minutesOutside(startsAt, durationMinutes, zone.timeZone);
    return {
      ...zone,
      localStart: clock(localTime(startsAt, zone.timeZone)),
      localEnd: clock(localTime(endsAt, zone.timeZone)),
      inside: isInside,
    };
  });
  return { startsAt, endsAt, inside, outsideMinutes, zones: perZone };
}

/**
 * The best `limit` starting times between `from` and `to` (the meeting ends by `to`), at
 * 15-minute steps from `from` rounded up to a quarter hour: most participants inside first, then
 * fewest minutes outside, then earliest. Slots closer than the meeting's length to a better one
 * are left out, so the suggestions are real alternatives. The duration is a whole number of
 * steps. Each zone's local time is worked out once per step of the range (not once per candidate
 * and minute): a month for 30 zones is a hundred thousand look-ups, not millions.
 */
export function suggestSlots(input: {
  zones: ZoneCount[];
  durationMinutes: number;
  from: Date;
  to: Date;
  limit: number;
}): SlotSuggestion[] {
  const step = SLOT_STEP_MINUTES * 60_000;
  const k = input.durationMinutes / SLOT_STEP_MINUTES;
  if (!Number.isInteger(k) || k < 1) throw new Error('A meeting lasts a whole number of 15-minute steps');
  const first = Math.ceil(input.from.getTime() / step) * step;
  const candidates = Math.floor((input.to.getTime() - input.durationMinutes * 60_000 - first) / step) + 1;
  if (candidates <= 0) return [];
  const grid = candidates + k;
  const perZone = input.zones.map((zone) => {
    const dates: string[] = [];
    const minutes = new Int16Array(grid);
    // outsideBefore[j]: how many of the steps before j start outside the working day.
    const outsideBefore = new Int32Array(grid + 1);
    for (let j = 0; j < grid; j++) {
      const local = localTime(new Date(first + j * step), zone.timeZone);
      dates.push(local.date);
      minutes[j] = local.minutes;
      outsideBefore[j + 1] = outsideBefore[j] + (local.minutes < DAY_STARTS || local.minutes >= DAY_ENDS ? 1 : 0);
    }
    return { zone, dates, minutes, outsideBefore };
  });
  const scored: { index: number; inside: number; outsideMinutes: number }[] = [];
  for (let i = 0; i < candidates; i++) {
    let inside = 0;
    let outsideMinutes = 0;
    for (const z of perZone) {
      const isInside =
        z.dates[i] === z.dates[i + k] &&
        z.minutes[i] >= DAY_STARTS &&
        z.minutes[i + k] <= DAY_ENDS &&
        z.minutes[i + k] > z.minutes[i];
      if (isInside) inside += z.zone.participants;
      else outsideMinutes += z.zone.participants * SLOT_STEP_MINUTES * (z.outsideBefore[i + k] - z.outsideBefore[i]);
    }
    scored.push({ index: i, inside, outsideMinutes });
  }
  scored.sort((a, b) => b.inside - a.inside || a.outsideMinutes - b.outsideMinutes || a.index - b.index);
  const chosen: number[] = [];
  for (const slot of scored) {
    if (chosen.length >= input.limit) break;
    if (chosen.every((c) => Math.abs(c - slot.index) >= k)) chosen.push(slot.index);
  }
  return chosen.map((i) => slotFor(new Date(first + i * step), input.durationMinutes, input.zones));
}
