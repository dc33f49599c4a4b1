import type { Agenda } from '@jcg/contracts';
import type { DeliveryPayload, DeliveryRow } from '../deliveries/delivery.js';
import { calendarText } from './calendar.js';
import { dayOf, meetingTimeLine } from './meeting-times.js';
import { renderReportNotice } from './render-report.js';
import { renderSignIn } from './render-sign-in.js';
import { renderWebhookNotice } from './render-webhook.js';

export interface RenderedMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** For invites, updates and cancellations: the iCalendar text and its METHOD. */
  calendar?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /** Files attached (a submitted report's document). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  messageId: string;
}

export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function agendaLines(agenda: Agenda | null): string[] {
  if (!agenda) return [];
  return agenda.items.map(
    (item, i) =>
      `${i + 1}. ${item.title}${item.presenter ? ` (${item.presenter})` : ''}${item.minutes ? `, ${item.minutes} min` : ''}`,
  );
}

/** "Draft agenda:" for the first draft, "Draft agenda (rev.2):" once revised. */
function agendaHeading(agenda: Agenda, revised: boolean): string {
  const name = revised ? 'Revised draft agenda' : 'Draft agenda';
  return agenda.label === 'draft' ? `${name}:` : `${name} (${agenda.label}):`;
}

export function page(lines: string[]): string {
  return `<!doctype html><html><body>${lines.map((l) => (l ? `<p>${escape(l)}</p>` : '')).join('')}</body></html>`;
}

/** Render, then send: the message is decided here from the delivery's snapshot, with no I/O. */
export function renderDelivery(delivery: DeliveryRow, stamp: Date): RenderedMessage {
  const { payload } = delivery;
  if ('obligation' in payload) return renderReportNotice({ ...delivery, payload });
  if ('endpoint' in payload) return renderWebhookNotice({ ...delivery, payload });
  if ('signIn' in payload) return renderSignIn({ ...delivery, payload });
  return renderMeetingMessage({ ...delivery, payload }, stamp);
}

function renderMeetingMessage(delivery: DeliveryRow<DeliveryPayload>, stamp: Date): RenderedMessage {
  const { meeting, agenda, group } = delivery.payload;
  const startsAt = new Date(meeting.startsAt);
  const endsAt = new Date(meeting.endsAt);
  const when = meetingTimeLine(startsAt, endsAt, delivery.recipient_time_zone ?? undefined);
  // The id is the delivery's: a message sent twice (a crash in the instant after SMTP took it) can be recognised.
  const messageId = `<${delivery.id}@notifications.jcg>`;
  const to = delivery.recipient_email;
  const join = meeting.joinDetails
    ? [
        `Join: ${meeting.joinDetails.url}`,
        meeting.joinDetails.meetingNumber ? `Meeting number: ${meeting.joinDetails.meetingNumber}` : '',
        meeting.joinDetails.passcode ? `Passcode: ${meeting.joinDetails.passcode}` : '',
        meeting.joinDetails.dialIn ? `Dial-in: ${meeting.joinDetails.dialIn}` : '',
      ].filter(Boolean)
    : [];
  const deadline = new Date(meeting.announcementDeadline);
  const deadlineLine = meetingTimeLine(deadline, deadline).replace(/-\d\d:\d\d/g, '');

  if (delivery.kind === 'reminder') {
    const lines = [
      `The ${group.acronym} meeting "${meeting.title}" (${when}) is not announced yet.`,
      '',
      `It must be announced to ${group.mailingList}, with its draft agenda, by ${deadlineLine} (${delivery.payload.daysBefore ?? '?'} days from the deadline).`,
      `State: ${meeting.state}${meeting.joinDetails ? '' : '; join details are still missing'}.`,
    ];
    return {
      to,
      subject: `[${group.acronym}] Reminder: announce "${meeting.title}" by ${dayOf(deadline)}`,
      text: lines.join('\n'),
      html: page(lines),
      messageId,
    };
  }
  if (delivery.kind === 'announcement-missed') {
    const lines = [
      `The ${group.acronym} meeting "${meeting.title}" (${when}) was not announced.`,
      '',
      delivery.payload.detail ?? '',
      `Announcement deadline: ${deadlineLine}.`,
      `State: ${meeting.state}${meeting.joinDetails ? '' : '; join details are still missing'}.`,
    ];
    return {
      to,
      subject: `[${group.acronym}] Not announced: "${meeting.title}", ${dayOf(startsAt)}`,
      text: lines.join('\n'),
      html: page(lines),
      messageId,
    };
  }

  const previous = delivery.payload.previous ?? null;
  const prefixes: Record<string, string> = {
    announcement: 'Meeting announcement',
    're-announcement': 'Meeting moved',
    'cancellation-notice': 'Meeting cancelled',
    'agenda-revision': `Revised draft agenda (${agenda?.label ?? 'revised'})`,
    invite: 'Invitation',
    update: 'Updated invitation',
    cancellation: 'Cancelled',
  };
  const prefix = prefixes[delivery.kind] ?? delivery.kind;
  const subject = `[${group.acronym}] ${prefix}: ${meeting.title}, ${dayOf(startsAt)}`;
  const cancelled = delivery.kind === 'cancellation' || delivery.kind === 'cancellation-notice';
  const lines = [
    cancelled
      ? `The ${group.acronym} meeting "${meeting.title}" is cancelled.`
      : delivery.kind === 're-announcement'
        ? `The ${group.acronym} meeting "${meeting.title}" has moved (re-announcement, R4).`
        : `${group.title} (${group.acronym}): ${meeting.title}`,
    '',
    `When: ${when}`,
    ...(previous
      ? [
          `Previously: ${meetingTimeLine(new Date(previous.startsAt), new Date(previous.endsAt), delivery.recipient_time_zone ?? undefined)}`,
        ]
      : []),
    `Tool: ${meeting.tool}`,
    ...(cancelled ? [] : join),
    ...((delivery.kind === 'announcement' || delivery.kind === 're-announcement') && agenda
      ? ['', agendaHeading(agenda, false), ...agendaLines(agenda)]
      : []),
    ...(delivery.kind === 'agenda-revision' && agenda ? ['', agendaHeading(agenda, true), ...agendaLines(agenda)] : []),
    '',
    `Mailing list: ${group.mailingList}`,
  ];
  const text = lines.join('\n');
  const html = page(lines);
  if (
    delivery.kind === 'announcement' ||
    delivery.kind === 're-announcement' ||
    delivery.kind === 'cancellation-notice' ||
    delivery.kind === 'agenda-revision'
  ) {
    return { to, subject, text, html, messageId };
  }
  const method = delivery.kind === 'cancellation' ? 'CANCEL' : 'REQUEST';
  const organizer = delivery.payload.organizer ?? { name: group.acronym, email: group.mailingList, sentBy: null };
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
        organizer,
        attendees: [{ name: delivery.recipient_name, email: delivery.recipient_email }],
        cancelled: delivery.kind === 'cancellation',
      },
    ],
    method,
  );
  return { to, subject, text, html, calendar: { method, content }, messageId };
}
