import { dateTimeFormat } from '@jcg/contracts';
import type { DeliveryRow, ReportPayload } from '../deliveries/delivery.js';
import { page, type RenderedMessage } from './render.js';

const dayLong = (date: string) =>
  dateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));

/** R6: a notice to a co-convenor about a report the group owes (before it is due, late, missed). */
export function renderReportNotice(delivery: DeliveryRow<ReportPayload>): RenderedMessage {
  if (delivery.kind === 'report-submission') return renderSubmission(delivery);
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

/** The submitted report, attached: to the body's secretariat (for a TD number) and to the group's list. */
function renderSubmission(delivery: DeliveryRow<ReportPayload>): RenderedMessage {
  const { obligation: o, group, document, audience } = delivery.payload;
  if (!document) throw new Error(`delivery ${delivery.id}: a submission without its document`);
  const meeting = `${o.body} meeting ${o.bodyMeeting.reference} (${dayLong(o.bodyMeeting.firstDay)} to ${dayLong(o.bodyMeeting.lastDay)}, ${o.bodyMeeting.place})`;
  const lines =
    audience === 'secretariat'
      ? [
          `Dear colleagues,`,
          '',
          `Please find attached the ${o.final ? 'final ' : ''}report of the ${group.title} (${group.acronym}) to the ${meeting}, for information, as a TD.`,
          "Please acknowledge it with the TD number you assign (the group's system records it and numbers the document).",
          '',
          `Document: ${document.fileName} (version ${document.version}, SHA-256 ${document.sha256})`,
          `The co-convenors of ${group.acronym}; replies to ${group.mailingList}.`,
        ]
      : [
          `The co-convenors submitted ${group.acronym}'s ${o.final ? 'final ' : ''}report to the ${meeting}; it is attached as sent.`,
          '',
          `Document: ${document.fileName} (version ${document.version}, SHA-256 ${document.sha256})`,
          `Due: ${dayLong(o.dueDate)}.`,
        ];
  return {
    to: delivery.recipient_email,
    subject: `[${group.acronym}] ${document.title}`,
    text: lines.join('\n'),
    html: page(lines),
    messageId: `<${delivery.id}@notifications.jcg>`,
    attachments: [
      {
        filename: document.fileName,
        content: Buffer.from(document.base64, 'base64'),
        contentType: document.contentType,
      },
    ],
  };
}
