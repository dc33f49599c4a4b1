import type { TimerPlan } from '@jcg/messaging';
import { addDays, dueInstant, genevaInstant } from '../rules/due-date.rule.js';
import {
  REMINDER_DAYS,
  isPending,
  meetingStart,
  nextOverdueNotice,
  reminderAt,
  type ObligationState,
} from '../rules/cadence.rule.js';

export const OBLIGATION_TIMERS = {
  reminder: 'report.reminder',
  overdue: 'report.overdue',
  missed: 'report.missed',
  compile: 'report.compile',
} as const;

/** The draft is compiled early on the morning of the 14-day reminder (06:00 Geneva), before it goes out. */
export const COMPILE_DAYS_BEFORE = 14;
export const COMPILE_HOUR = 6;

export interface ObligationTimerPayload {
  groupId: string;
  obligationId: string;
  daysBefore?: number;
}

/**
 * A reminder whose instant passed less than this long ago stays planned: planning again (a
 * compile, a move of another day) in the moment between its instant and its run must not cancel
 * it, and one already sent is never sent again (a timer planned again for the same instant).
 */
export const REMINDER_GRACE_MS = 12 * 3600_000;

export const obligationTimerPrefix = (obligationId: string) => `obligation:${obligationId}:`;

/**
 * What an obligation's timers should be (R6): while the report is open, its draft compiled 14
 * days before the due date; while it is pending, the reminders 14
 * days, 3 days and 0 days before the due date (those already past are left out), the first
 * overdue notice (each one plans the next), and the start of the body's meeting (missed). None
 * once it is submitted, cancelled or missed.
 */
export function obligationTimerPlan(
  obligation: { id: string; groupId: string; state: ObligationState; dueDate: string },
  firstDay: string,
  now: Date,
): TimerPlan<ObligationTimerPayload>[] {
  if (!isPending(obligation.state)) return [];
  const prefix = obligationTimerPrefix(obligation.id);
  const ref = { groupId: obligation.groupId, obligationId: obligation.id };
  const start = meetingStart(firstDay);
  const plan: TimerPlan<ObligationTimerPayload>[] = REMINDER_DAYS.map((daysBefore) => ({
    key: `${prefix}reminder-${daysBefore}d`,
    kind: OBLIGATION_TIMERS.reminder,
    dueAt: reminderAt(obligation.dueDate, daysBefore),
    payload: { ...ref, daysBefore },
  })).filter((p) => p.dueAt.getTime() > now.getTime() - REMINDER_GRACE_MS && p.dueAt.getTime() < start.getTime());
  // Opened (or moved) within the 14 days, or the trigger still pending when planned again: at once.
  const compileAt = genevaInstant(addDays(obligation.dueDate, -COMPILE_DAYS_BEFORE), COMPILE_HOUR);
  if (obligation.state === 'open' && now.getTime() < dueInstant(obligation.dueDate).getTime()) {
    const at = new Date(Math.max(compileAt.getTime(), now.getTime()));
    plan.push({ key: `${prefix}compile`, kind: OBLIGATION_TIMERS.compile, dueAt: at, payload: ref });
  }
  const overdue = nextOverdueNotice(obligation.dueDate, now);
  if (overdue.getTime() < start.getTime()) {
    plan.push({ key: `${prefix}overdue`, kind: OBLIGATION_TIMERS.overdue, dueAt: overdue, payload: ref });
  }
  plan.push({ key: `${prefix}missed`, kind: OBLIGATION_TIMERS.missed, dueAt: start, payload: ref });
  return plan;
}
