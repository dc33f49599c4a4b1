/**
 * R4 One-week announcement. A meeting is announced at least the group's lead time (7 x 24 h for
 * JCG-IoTSec) before it starts. The system refuses to announce later than that, and refuses to
 * schedule a meeting that can no longer be announced in time.
 */
const DAY_MS = 24 * 3600_000;

/** The last instant at which the meeting may still be announced. */
export function announcementDeadline(startsAt: Date, leadDays: number): Date {
  return new Date(startsAt.getTime() - leadDays * DAY_MS);
}

/** Whether an announcement made at `now` is in time: start - now >= lead time. */
export function canStillAnnounce(now: Date, startsAt: Date, leadDays: number): boolean {
  return now.getTime() <= announcementDeadline(startsAt, leadDays).getTime();
}

/** Co-convenors are reminded 3 days and 1 day before the announcement deadline while it is unannounced. */
export const REMINDER_DAYS_BEFORE_DEADLINE = [3, 1] as const;

export function reminderTimes(deadline: Date): { daysBefore: number; at: Date }[] {
  return REMINDER_DAYS_BEFORE_DEADLINE.map((daysBefore) => ({
    daysBefore,
    at: new Date(deadline.getTime() - daysBefore * DAY_MS),
  }));
}

/**
 * The latest instant an automatic announcement may be set for: a margin before the deadline, so
 * that the system, acting a moment after the instant asked for, is still in time.
 */
export function latestAutomaticAnnouncement(deadline: Date, marginMs: number): Date {
  return new Date(deadline.getTime() - marginMs);
}
