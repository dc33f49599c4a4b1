import type { Agenda } from '@jcg/contracts';
import type { DeliveryRow } from '../deliveries/delivery.js';
import { calendarText } from './calendar.js';
import { dayOf, meetingTimeLine } from './meeting-times.js';

export interface RenderedMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** For invites, updates and cancellations: the iCalendar text and its METHOD. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  messageId: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function agendaLines(agenda: Agenda | null): string[] {
  if (!agenda) return [];
  return agenda.items.map(
    (item, i) =>
      `${i + 1}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}${item.minutes ? `, ${item.minutes} min` : ''}`,
  );
}

/** Render, then send: the message is decided here from the delivery's snapshot, with no I/O. */
export function renderDelivery(delivery: DeliveryRow, stamp: Date): RenderedMessage {
  const { meeting, agenda, group } = delivery.payload;
  const startsAt = new Date(meeting.startsAt);
  const endsAt = new Date(meeting.endsAt);
  const when = meetingTimeLine(startsAt, endsAt, delivery.recipient_time_zone ?? undefined);
  const join = meeting.joinDetails
    ? [
        `Join: ${meeting.joinDetails.url}`,
        meeting.joinDetails.meetingNumber ? `Meeting number: ${meeting.joinDetails.meetingNumber}` : '',
        meeting.joinDetails.passcode ? `Passcode: ${meeting.joinDetails.passcode}` : '',
        meeting.joinDetails.dialIn ? `Dial-in: ${meeting.joinDetails.dialIn}` : '',
      ].filter(Boolean)
    : [];
  if (delivery.kind === 'reminder') {
    const deadline = new Date(meeting.announcementDeadline);
    const by = meetingTimeLine(deadline, deadline).replace(/-\d\d:\d\d/g, '');
    const reminder = [
      `The ${group.acronym} meeting "${meeting.title}" (${when}) is not announced yet.`,
      '',
      `It must be announced to ${group.mailingList}, with its draft agenda, by ${by} (${delivery.payload.daysBefore ?? '?'} days from the deadline).`,
      `State: ${meeting.state}${meeting.joinDetails ? '' : '; join details are still missing'}.`,
    ];
    return {
      to: delivery.recipient_email,
      subject: `[${group.acronym}] Reminder: announce "${meeting.title}" by ${dayOf(deadline)}`,
      text: reminder.join('\n'),
      html: `<!doctype html><html><body>${reminder.map((l) => (l ? `<p>${escape(l)}</p>` : '')).join('')}</body></html>`,
      messageId: `<${delivery.id}@notifications.jcg>`,
    };
  }
  const prefix = {
    announcement: 'Meeting announcement',
    invite: 'Invitation',
    update: 'Updated invitation',
    cancellation: 'Cancelled',
    'agenda-revision': `Revised draft agenda (${agenda?.label ?? 'revised'})`,
  }[delivery.kind];
  const subject = `[${group.acronym}] ${prefix}: ${meeting.title}, ${dayOf(startsAt)}`;
  const lines = [
    delivery.kind === 'cancellation'
      ? `The ${group.acronym} meeting "${meeting.title}" is cancelled.`
      : `${group.title} (${group.acronym}): ${meeting.title}`,
    '',
    `When: ${when}`,
    `Tool: ${meeting.tool}`,
    ...(delivery.kind === 'cancellation' ? [] : join),
    ...(delivery.kind === 'announcement' && agenda
      ? ['', `Draft agenda (${agenda.label}):`, ...agendaLines(agenda)]
      : []),
    ...(delivery.kind === 'agenda-revision' && agenda
      ? ['', `Revised draft agenda (${agenda.label}):`, ...agendaLines(agenda)]
      : []),
    '',
    `Mailing list: ${group.mailingList}`,
  ];
  const text = lines.join('\n');
  const html = `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${escape(l)}</p>` : '')).join('')}</body></html>`;
  const messageId = `<${delivery.id}@notifications.jcg>`;
  if (delivery.kind === 'announcement' || delivery.kind === 'agenda-revision')
    return { to: delivery.recipient_email, subject, text, html, messageId };
  const method = delivery.kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
  const content = calendarText(
    [
      {
        uid: meeting.calendarUid,
        sequence: delivery.sequence,
        method,
        startsAt,
        endsAt,
        stamp,
        summary: `${group.acronym}: ${meeting.title}`,
        description: text,
        location: meeting.joinDetails?.url ?? null,
        url: meeting.joinDetails?.url ?? null,
        organizer: { name: group.acronym, email: group.mailingList },
        attendees: [{ name: delivery.recipient_name, email: delivery.recipient_email }],
        cancelled: delivery.kind === 'cancellation',
      },
    ],
    method,
  );
  return { to: delivery.recipient_email, subject, text, html, calendar: { method, content }, messageId };
}
