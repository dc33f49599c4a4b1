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
  organizer: { name: string; email: string };
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
      organizer: e.organizer,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      attendees: e.attendees.map((a) => ({
        name: a.name,
        email: a.email,
        rsvp: true,
        role: ICalAttendeeRole.REQ,
        status: ICalAttendeeStatus.NEEDSACTION,
      })),
    });
  }
  return calendar.toString();
}
