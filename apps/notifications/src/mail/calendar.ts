import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';

export interface CalendarEventInput {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  startsAt: Date;
  endsAt: Date;
  stamp: Date;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  /** Who receives replies; `sentBy` is the address that sends for them (the system's own). */
  organizer: { name: string; email: string; sentBy?: string | null };
  attendees: { name: string; email: string }[];
  cancelled: boolean;
}

/**
 * A person's name as an iCalendar parameter (CN): RFC 5545 quotes it, but a quoted value may hold
 * no DQUOTE and no control character, and has no escape for them (a writer's backslash is not
 * one: a strict reader ends the value there and takes the rest as the address). So a double
 * quote becomes a single one and line breaks and other controls a space: the name shows, and
 * nothing in it reaches the address.
 */
export function parameterText(name: string): string {
  return (
    name
      .replace(/"/g, "'")
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000A-\u001F\u007F]+/g, ' ')
      .trim()
  );
}

/**
 * One VEVENT as iCalendar text. UID and SEQUENCE come from the meetings database and are always
 * given (the writer's defaults, a random UID and sequence 0, must never leak out). No calendar
 * time zone is set, so every instant is written in UTC with its Z, whatever the process zone.
 */
export function calendarText(
  events: CalendarEventInput[],
  method: CalendarEventInput['method'],
  name?: string,
): string {
  const calendar = ical({
    prodId: { company: 'ITU-T correspondence groups', product: 'jcg-platform', language: 'EN' },
    method: ICalCalendarMethod[method],
    name: name ?? null,
  });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      start: e.startsAt,
      end: e.endsAt,
      stamp: e.stamp,
      summary: e.summary,
      description: e.description,
      location: e.location,
      url: e.url,
      organizer: {
        name: parameterText(e.organizer.name),
        email: e.organizer.email,
        ...(e.organizer.sentBy ? { sentBy: e.organizer.sentBy } : {}),
      },
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      attendees: e.attendees.map((a) => ({
        name: parameterText(a.name),
        email: a.email,
        // Replies are not collected by the system: no client is asked to send one.
        rsvp: false,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
      })),
    });
  }
  return calendar.toString();
}
