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
        name: e.organizer.name,
        email: e.organizer.email,
        ...(e.organizer.sentBy ? { sentBy: e.organizer.sentBy } : {}),
      },
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      attendees: e.attendees.map((a) => ({
        name: a.name,
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
