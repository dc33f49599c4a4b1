import type { Agenda, Meeting, Obligation } from '@jcg/contracts';

/** To the list: announcement, re-announcement (a move), cancellation notice, revised draft agenda. */
export type ListKind = 'announcement' | 're-announcement' | 'cancellation-notice' | 'agenda-revision';
/** To each participant: the calendar invite, its updates, its cancellation. */
export type CalendarKind = 'invite' | 'update' | 'cancellation';
/** To the co-convenors: reminders before the announcement deadline, and the notice that it was missed. */
export type NoticeKind = 'reminder' | 'announcement-missed';
/**
 * About a report the group owes (R6): to the co-convenors before it is due, each day it is late,
 * when missed; and the submitted report itself, to the body's secretariat and to the list.
 */
export type ReportKind = 'report-reminder' | 'report-overdue' | 'report-missed' | 'report-submission';
/** To a webhook endpoint's contact: the endpoint was disabled after failing (or a 410 Gone). */
export type WebhookKind = 'webhook-disabled';
/** To a participant who asked to sign in: the one-time link. */
export type SignInKind = 'sign-in-link';
export type DeliveryKind = ListKind | CalendarKind | NoticeKind | ReportKind | WebhookKind | SignInKind;

/** `queued`: taken for sending by the mail pump, under a lease (it may be at the SMTP server already). */
export type DeliveryStatus = 'pending' | 'queued' | 'sent' | 'failed' | 'superseded';

/**
 * Whether a message is out of the decisions' hands: sent, or taken for sending (it may be at the
 * SMTP server already). A newer decision never supersedes it and counts it as what the
 * recipient has; what it decides goes out after it.
 */
export const isOut = (status: string): boolean => status === 'sent' || status === 'queued';
/** The same, as SQL over a row's `status`. */
export const OUT_SQL = `status IN ('sent', 'queued')`;

/** Who an invite names as its organizer: the address that receives replies (R8: never the list). */
export interface Organizer {
  name: string;
  email: string;
  /** The sender acting for the organizer (the system's own address), when they differ. */
  sentBy: string | null;
}

/** What a message is rendered from: the meeting as it was when the message was decided. */
export interface DeliveryPayload {
  meeting: Meeting;
  agenda: Agenda | null;
  group: { acronym: string; title: string; mailingList: string };
  organizer?: Organizer;
  /** For a re-announcement: the times the list was told before. */
  previous?: { startsAt: string; endsAt: string } | null;
  /** For a reminder: how many days before the announcement deadline it is sent. */
  daysBefore?: number;
  /** For a missed announcement: why, and what to do. */
  reason?: string;
  detail?: string;
}

/** What a report notice is rendered from: the obligation as it was when the notice was decided. */
export interface ReportPayload {
  obligation: Obligation;
  group: { acronym: string; title: string; mailingList: string };
  daysBefore?: number;
  daysOverdue?: number;
  /** For a submission: the frozen document, attached. */
  document?: { version: number; title: string; fileName: string; contentType: string; sha256: string; base64: string };
  /** For a submission: whether this copy goes to the body's secretariat or to the group's list. */
  audience?: 'secretariat' | 'list';
}

/** What the notice of a disabled webhook endpoint is rendered from. */
export interface WebhookNoticePayload {
  endpoint: { id: string; url: string; description: string };
  reason: string;
  disabledAt: string;
  failingSince: string | null;
}

/** What a sign-in mail is rendered from. */
export interface SignInPayload {
  signIn: { link: string; group: string; expiresAt: string };
}

export type AnyPayload = DeliveryPayload | ReportPayload | WebhookNoticePayload | SignInPayload;

export interface DeliveryRow<P extends AnyPayload = AnyPayload> {
  id: string;
  dedup_key: string;
  meeting_id: string;
  stream: string;
  position: string;
  kind: DeliveryKind;
  participant_id: string | null;
  recipient_name: string;
  recipient_email: string;
  recipient_time_zone: string | null;
  sequence: number;
  meeting_sequence: number;
  hold: boolean | null;
  payload: P;
  status: DeliveryStatus;
  attempt: number;
}

/** The stream of the list's messages about a meeting. */
export const LIST_STREAM = 'list';
/** The stream of one participant's calendar messages about a meeting. */
export const calendarStream = (participantId: string) => `calendar:${participantId}`;
/** Notices to a co-convenor are not ordered against anything: a stream of their own per notice. */
export const noticeStream = (participantId: string) => `notice:${participantId}`;
