import type { DeliveryRow, ReportPayload } from '../deliveries/delivery.js';
import { page, type RenderedMessage } from './render.js';

const dayLong = (date: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));

/** R6: a notice to a co-convenor about a report the group owes (before it is due, late, missed). */
export function renderReportNotice(delivery: DeliveryRow<ReportPayload>): RenderedMessage {
  const { obligation: o, group, daysBefore, daysOverdue } = delivery.payload;
  const meeting = `the ${o.body} meeting ${o.bodyMeeting.reference} (${dayLong(o.bodyMeeting.firstDay)} to ${dayLong(o.bodyMeeting.lastDay)}, ${o.bodyMeeting.place})`;
  const due = `${dayLong(o.dueDate)} at 23:59:59 Geneva time (${o.dueAt.replace('.000Z', 'Z')})`;
  const what = `${group.acronym}'s ${o.final ? 'final ' : ''}report to ${o.body}`;
  let subject: string;
  let lead: string;
  if (delivery.kind === 'report-reminder') {
    subject =
      daysBefore === 0
        ? `[${group.acronym}] Report to ${o.body} due today`
        : `[${group.acronym}] Report to ${o.body} due in ${daysBefore} days`;
    lead = `${what} for ${meeting} is due ${daysBefore === 0 ? 'today' : `in ${daysBefore} days`}: ${due} (R6).`;
  } else if (delivery.kind === 'report-overdue') {
    subject = `[${group.acronym}] Report to ${o.body} overdue by ${daysOverdue} day${daysOverdue === 1 ? '' : 's'}`;
    lead = `${what} for ${meeting} was due ${due} and has not been submitted.`;
  } else {
    subject = `[${group.acronym}] Report to ${o.body} missed`;
    lead = `${meeting[0].toUpperCase()}${meeting.slice(1)} has started without ${what}.`;
  }
  const lines = [
    lead,
    '',
    'When the report has gone to the body, record its document reference (a TD number or a URL) so the reminders stop.',
    `Mailing list: ${group.mailingList}`,
  ];
  return {
    to: delivery.recipient_email,
    subject,
    text: lines.join('\n'),
    html: page(lines),
    messageId: `<${delivery.id}@notifications.jcg>`,
  };
}
