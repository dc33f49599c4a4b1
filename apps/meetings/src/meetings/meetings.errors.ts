import { CommandError } from '@jcg/messaging';

export const MeetingErrors = {
  groupNotFound: (groupId: string) =>
    new CommandError({
      status: 404,
      code: 'GROUP_NOT_FOUND',
      title: 'Group not found',
      detail: `No group has the id ${groupId}.`,
    }),
  groupConcluded: (acronym: string) =>
    new CommandError({
      status: 409,
      code: 'GROUP_CONCLUDED',
      title: 'Group concluded',
      detail: `${acronym} is concluded: it holds no new meetings (R7).`,
    }),
  meetingNotFound: (meetingId: string) =>
    new CommandError({
      status: 404,
      code: 'MEETING_NOT_FOUND',
      title: 'Meeting not found',
      detail: `The group has no meeting with the id ${meetingId}.`,
    }),
  toolNotSupported: (tool: string, supported: readonly string[]) =>
    new CommandError({
      status: 422,
      code: 'TOOL_NOT_SUPPORTED',
      title: 'Meeting tool not supported',
      detail: `"${tool}" is not a TSB-supported meeting tool; supported: ${supported.join(', ')} (R5).`,
      extensions: { supportedTools: [...supported] },
    }),
  startInPast: () =>
    new CommandError({
      status: 422,
      code: 'START_IN_PAST',
      title: 'Start in the past',
      detail: 'A meeting must start in the future.',
    }),
  tooLateToSchedule: (deadline: Date, leadDays: number) =>
    new CommandError({
      status: 422,
      code: 'TOO_LATE_TO_ANNOUNCE',
      title: 'Too late to announce',
      detail: `The meeting must be announced ${leadDays} days before it starts, by ${deadline.toISOString()}, which has passed (R4).`,
      extensions: { announcementDeadline: deadline.toISOString() },
    }),
  wrongState: (state: string, allowed: readonly string[], action: string) =>
    new CommandError({
      status: 409,
      code: 'MEETING_WRONG_STATE',
      title: 'Meeting in the wrong state',
      detail: `The meeting is ${state}; to ${action} it, it must be ${allowed.join(' or ')}.`,
    }),
  notACoConvenor: () =>
    new CommandError({
      status: 422,
      code: 'NOT_A_CO_CONVENOR',
      title: 'Not another co-convenor',
      detail: 'Concurrence comes from the other current co-convenors of the group (R3).',
    }),
  announceAtInPast: () =>
    new CommandError({
      status: 422,
      code: 'ANNOUNCE_AT_IN_PAST',
      title: 'Announcement time in the past',
      detail: 'The automatic announcement must be set in the future.',
    }),
  announceAtAfterDeadline: (deadline: Date, latest: Date) =>
    new CommandError({
      status: 422,
      code: 'ANNOUNCE_AT_AFTER_DEADLINE',
      title: 'Announcement time too close to the deadline',
      detail: `The meeting must be announced by ${deadline.toISOString()} (R4); an automatic announcement leaves a margin for the system to act, so set it at ${latest.toISOString()} or earlier.`,
      extensions: { announcementDeadline: deadline.toISOString(), latestAnnounceAt: latest.toISOString() },
    }),
  notStarted: (startsAt: Date) =>
    new CommandError({
      status: 409,
      code: 'MEETING_NOT_STARTED',
      title: 'Meeting not started',
      detail: `The meeting starts at ${startsAt.toISOString()}; record it after that.`,
    }),
  joinDetailsMissing: () =>
    new CommandError({
      status: 422,
      code: 'JOIN_DETAILS_MISSING',
      title: 'Join details missing',
      detail: 'The meeting needs its join details before it is announced (R5).',
    }),
  agendaMissing: () =>
    new CommandError({
      status: 422,
      code: 'AGENDA_MISSING',
      title: 'Draft agenda missing',
      detail: 'The announcement carries the draft agenda; none exists yet (R4).',
    }),
};
