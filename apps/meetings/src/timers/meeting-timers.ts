import type { Meeting } from '@jcg/contracts';
import type { TimerPlan } from '@jcg/messaging';
import { reminderTimes } from '../rules/announcement.rule.js';

export const TIMER_KINDS = {
  announce: 'meeting.announce',
  reminder: 'meeting.reminder',
  deadline: 'meeting.deadline',
} as const;

export interface MeetingTimerPayload {
  groupId: string;
  meetingId: string;
  /** For the automatic announcement: the instant asked for (a later change of it makes this one stale). */
  at?: string;
  /** For a reminder: days before the announcement deadline. */
  daysBefore?: number;
}

/** The key prefix of a meeting's timers. */
export function meetingTimerPrefix(meetingId: string): string {
  return `meeting:${meetingId}:`;
}

/**
 * What a meeting's timers should be (R4): while it is unannounced, the reminders 3 days and
 * 1 day before the announcement deadline (those already past when planned are left out), its
 * automatic announcement if one is asked for, and the deadline itself, when the co-convenors
 * are told if it passed unannounced. Once announced, cancelled or held: none.
 */
export function meetingTimerPlan(meeting: Meeting, now: Date): TimerPlan<MeetingTimerPayload>[] {
  if (meeting.state !== 'proposed' && meeting.state !== 'agreed') return [];
  const prefix = meetingTimerPrefix(meeting.id);
  const ref = { groupId: meeting.groupId, meetingId: meeting.id };
  const deadline = new Date(meeting.announcementDeadline);
  const plan: TimerPlan<MeetingTimerPayload>[] = reminderTimes(deadline)
    .filter((r) => r.at.getTime() > now.getTime())
    .map((r) => ({
      key: `${prefix}reminder-${r.daysBefore}d`,
      kind: TIMER_KINDS.reminder,
      dueAt: r.at,
      payload: { ...ref, daysBefore: r.daysBefore },
    }));
  if (meeting.announceAt) {
    plan.push({
      key: `${prefix}announce`,
      kind: TIMER_KINDS.announce,
      dueAt: new Date(meeting.announceAt),
      payload: { ...ref, at: meeting.announceAt },
    });
  }
  plan.push({ key: `${prefix}deadline`, kind: TIMER_KINDS.deadline, dueAt: deadline, payload: ref });
  return plan;
}
