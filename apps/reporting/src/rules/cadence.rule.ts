import { addDays, daysBetween, dueInstant, genevaDate, genevaInstant } from './due-date.rule.js';

/**
 * R6: the co-convenors are reminded 14 days and 3 days before the due date and on the day, at
 * 09:00 Geneva time; after the due instant, an overdue notice every day at 09:00; when the body's
 * meeting starts (its first day, 00:00 Geneva) without the report, it is missed. A submitted
 * report stops them all.
 */
export const REMINDER_DAYS = [14, 3, 0] as const;
export const NOTICE_HOUR = 9;

export type ObligationState = 'open' | 'drafted' | 'submitted' | 'acknowledged' | 'cancelled' | 'missed';

/** Still waiting for the report: reminders and overdue notices apply. */
export function isPending(state: ObligationState): boolean {
  return state === 'open' || state === 'drafted';
}

/** The state people see: `overdue` while pending after the due instant. */
export function shownState(state: ObligationState, due: string, now: Date): ObligationState | 'overdue' {
  return isPending(state) && now.getTime() > dueInstant(due).getTime() ? 'overdue' : state;
}

export function reminderAt(due: string, daysBefore: number): Date {
  return genevaInstant(addDays(due, -daysBefore), NOTICE_HOUR);
}

/** The first overdue notice after `now`: 09:00 Geneva on the day after the due date, then daily. */
export function nextOverdueNotice(due: string, now: Date): Date {
  let day = addDays(due, 1);
  const today = genevaDate(now);
  if (day < today) day = today;
  let at = genevaInstant(day, NOTICE_HOUR);
  while (at.getTime() <= now.getTime()) {
    day = addDays(day, 1);
    at = genevaInstant(day, NOTICE_HOUR);
  }
  return at;
}

/** When the body's meeting starts: its first day at 00:00 Geneva. */
export function meetingStart(firstDay: string): Date {
  return genevaInstant(firstDay, 0);
}

/** How many days late a report is on a given day (1 on the day after the due date). */
export function daysOverdue(due: string, now: Date): number {
  return Math.max(0, daysBetween(due, genevaDate(now)));
}
