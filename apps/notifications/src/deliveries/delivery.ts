import type { Agenda, Meeting } from '@jcg/contracts';

export type DeliveryKind = 'announcement' | 'invite' | 'update' | 'cancellation' | 'reminder' | 'agenda-revision';

/** What a message is rendered from: the meeting as it was when the message was decided. */
export interface DeliveryPayload {
  meeting: Meeting;
  agenda: Agenda | null;
  group: { acronym: string; title: string; mailingList: string };
  /** For a reminder: how many days before the announcement deadline it is sent. */
  daysBefore?: number;
}

export interface DeliveryRow {
  id: string;
  dedup_key: string;
  meeting_id: string;
  kind: DeliveryKind;
  participant_id: string | null;
  recipient_name: string;
  recipient_email: string;
  recipient_time_zone: string | null;
  sequence: number;
  payload: DeliveryPayload;
  status: 'pending' | 'queued' | 'sent';
}

/**
 * One message per (meeting, kind, recipient, sequence): the key makes deciding the same message
 * twice a no-op, so a redelivered event or a retried job never doubles a message.
 */
export function dedupKey(
  meetingId: string,
  kind: DeliveryKind,
  recipient: string,
  sequence: number,
  variant = '',
): string {
  return `${meetingId}:${kind}${variant ? `-${variant}` : ''}:${recipient}:${sequence}`;
}
