/*
 * Which message a person, or the list, needs next: pure rules, decided from the meeting's newest
 * state and what was already decided for them. Mail goes to whoever holds the event: updates
 * and cancellations reach everyone whose calendar has it, not only today's roster.
 */

/** What a participant's calendar holds of a meeting once the message is delivered. */
export interface StreamMessage {
  kind: string;
  /** Whether the recipient's calendar holds the meeting after this message (invite, update: yes; cancellation: no). */
  hold: boolean;
  /** The meeting's SEQUENCE the message reflects. */
  meetingSequence: number;
  /** The SEQUENCE written in the message (rises with each message to one person). */
  sequence: number;
  /** Out: sent, or taken for sending (queued); false while still to send (pending, failed). */
  sent: boolean;
}

export interface CalendarDecision {
  kind: 'invite' | 'update' | 'cancellation';
  hold: boolean;
  sequence: number;
}

/**
 * A participant's calendar should hold the meeting (at the meeting's current SEQUENCE) while it
 * is announced and ahead, and they are active; when it is cancelled, or they are suspended or
 * gone, it should not.
 */
export function wantsHold(input: { state: string; upcoming: boolean; active: boolean }): boolean | null {
  if (input.state === 'cancelled') return false;
  if (input.state !== 'announced' || !input.upcoming) return null; // nothing more to say: held, past, or not announced
  return input.active;
}

/**
 * The next message of one person's stream. `latest` is the newest message decided (sent or
 * not), `lastSent` the newest one sent. Returns null when nothing needs sending, and whether the
 * unsent messages are out of date (to be superseded: the new message replaces them).
 */
/** Whether a person's calendar, once `m` is delivered, is as it should be. */
export function calendarSatisfied(desiredHold: boolean, meetingSequence: number, m: StreamMessage | null): boolean {
  return desiredHold ? m !== null && m.hold && m.meetingSequence === meetingSequence : m === null || !m.hold;
}

export function nextCalendarMessage(
  desiredHold: boolean,
  meetingSequence: number,
  latest: StreamMessage | null,
  lastSent: StreamMessage | null,
): { supersedeUnsent: boolean; message: CalendarDecision | null } {
  const satisfies = (m: StreamMessage | null) => calendarSatisfied(desiredHold, meetingSequence, m);
  if (satisfies(latest)) return { supersedeUnsent: false, message: null };
  // What was decided and not sent is out of date: the person's calendar is what was sent.
  const supersedeUnsent = latest !== null && !latest.sent;
  if (satisfies(lastSent)) return { supersedeUnsent, message: null };
  const sequence = Math.max(meetingSequence, lastSent ? lastSent.sequence + 1 : 0);
  if (!desiredHold) return { supersedeUnsent, message: { kind: 'cancellation', hold: false, sequence } };
  return { supersedeUnsent, message: { kind: lastSent?.hold ? 'update' : 'invite', hold: true, sequence } };
}

/** What the list was told of a meeting: its announcement (or re-announcement) at a time, or its cancellation. */
export interface ListMessage {
  kind: 'announcement' | 're-announcement' | 'cancellation-notice';
  startsAt: string;
  endsAt: string;
  /** The agenda label it carried ("draft", "rev.1" ...). */
  agendaLabel: string | null;
  sent: boolean;
}

export interface ListDecision {
  kind: ListMessage['kind'];
  /** For a re-announcement: the times the list was told before. */
  previous: { startsAt: string; endsAt: string } | null;
}

/**
 * R4, R8: the list gets the announcement with the draft agenda; a move is a re-announcement
 * (new time beside the old, with the agenda), a cancellation a notice, each once. Nothing goes
 * to the list about a meeting it never heard of, nor after the meeting started.
 */
type ListMeeting = { state: string; startsAt: string; endsAt: string; upcoming: boolean };

const listAnnouncedAt = (meeting: ListMeeting, m: ListMessage | null): boolean =>
  m !== null && m.kind !== 'cancellation-notice' && m.startsAt === meeting.startsAt && m.endsAt === meeting.endsAt;

/** Whether the list, once `m` is delivered, knows what it should of the meeting. */
export function listSatisfied(meeting: ListMeeting, agendaLabel: string | null, m: ListMessage | null): boolean {
  if (meeting.state === 'cancelled') return m === null || m.kind === 'cancellation-notice';
  if (meeting.state !== 'announced' || !meeting.upcoming || agendaLabel === null) return true;
  // An unsent announcement also goes out of date when the agenda changed: it carries the agenda.
  return listAnnouncedAt(meeting, m) && (m!.sent || m!.agendaLabel === agendaLabel);
}

export function nextListMessage(
  meeting: ListMeeting,
  agendaLabel: string | null,
  latest: ListMessage | null,
  lastSent: ListMessage | null,
): { supersedeUnsent: boolean; message: ListDecision | null } {
  if (listSatisfied(meeting, agendaLabel, latest)) return { supersedeUnsent: false, message: null };
  const supersedeUnsent = latest !== null && !latest.sent;
  if (meeting.state === 'cancelled') {
    const told = lastSent === null || lastSent.kind === 'cancellation-notice';
    return { supersedeUnsent, message: told ? null : { kind: 'cancellation-notice', previous: null } };
  }
  if (listAnnouncedAt(meeting, lastSent)) return { supersedeUnsent, message: null };
  if (lastSent === null || lastSent.kind === 'cancellation-notice') {
    return { supersedeUnsent, message: { kind: 'announcement', previous: null } };
  }
  return {
    supersedeUnsent,
    message: { kind: 're-announcement', previous: { startsAt: lastSent.startsAt, endsAt: lastSent.endsAt } },
  };
}
