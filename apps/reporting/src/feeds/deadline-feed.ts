import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Obligation } from '@jcg/contracts';

/**
 * A group's report due dates as an iCalendar feed co-convenors can subscribe to: one all-day
 * event per obligation on its due date, the due instant (23:59:59 Geneva) in the description,
 * a UID that never changes and a SEQUENCE that rises with every change (a move included).
 */
export function deadlineCalendar(acronym: string, obligations: Obligation[], stamp: Date): string {
  const calendar = ical({
    prodId: { company: 'ITU-T correspondence groups', product: 'jcg-platform', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    name: `${acronym} report deadlines`,
  });
  for (const o of obligations) {
    const [year, month, day] = o.dueDate.split('-').map(Number);
    const start = new Date(Date.UTC(year, month - 1, day));
    calendar.createEvent({
      id: `${o.id}@reporting.jcg`,
      sequence: o.version,
      allDay: true,
      start,
      end: new Date(start.getTime() + 24 * 3600_000),
      stamp,
      summary: `${acronym}: report to ${o.body} due${o.final ? ' (final report)' : ''}`,
      description: [
        `Report of ${acronym} to the ${o.body} meeting ${o.bodyMeeting.reference} (${o.bodyMeeting.firstDay} to ${o.bodyMeeting.lastDay}, ${o.bodyMeeting.place}).`,
        `Due ${o.dueDate} at 23:59:59 Geneva time (${o.dueAt}).`,
        `State: ${o.state}${o.submission ? `; submitted as ${o.submission.documentReference}` : ''}.`,
      ].join('\n'),
    });
  }
  return calendar.toString();
}
