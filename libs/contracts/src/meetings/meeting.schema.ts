import { z } from 'zod';
import { instantSchema, text, timeZoneSchema } from '../common.schema.js';

export const meetingStateSchema = z.enum(['proposed', 'agreed', 'announced', 'held', 'closed', 'cancelled']);
export type MeetingState = z.infer<typeof meetingStateSchema>;

/** A TSB-supported meeting tool, by its configured name (R5), e.g. "mymeetings". */
export const meetingToolSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a tool name such as "mymeetings"');

/** How to join: from TSB, or from a co-convenor (R5). */
export const joinDetailsSchema = z.strictObject({
  url: z.url({ protocol: /^https$/, message: 'must be an https:// URL' }).max(2000),
  meetingNumber: text(100).optional(),
  passcode: text(100).optional(),
  dialIn: text(1000).optional(),
});
export type JoinDetails = z.infer<typeof joinDetailsSchema>;

export const MAX_MEETING_HOURS = 24;

/** Start and end as instants; the end after the start, at most 24 hours later. */
export const meetingTimesSchema = z
  .strictObject({ startsAt: instantSchema, endsAt: instantSchema })
  .refine((t) => Date.parse(t.endsAt) > Date.parse(t.startsAt), { message: 'must be after startsAt', path: ['endsAt'] })
  .refine((t) => Date.parse(t.endsAt) - Date.parse(t.startsAt) <= MAX_MEETING_HOURS * 3600_000, {
    message: `a meeting lasts at most ${MAX_MEETING_HOURS} hours`,
    path: ['endsAt'],
  });

/** After the meeting: who attended (by organization), the minutes, decisions and action items. */
export const meetingRecordSchema = z.strictObject({
  attendance: z
    .array(z.strictObject({ name: text(200), organization: text(200), participantId: z.uuid().optional() }))
    .max(5000),
  minutes: text(100_000),
  decisions: z.array(text(2000)).max(200),
  actionItems: z
    .array(
      z.strictObject({
        description: text(2000),
        owner: text(200),
        due: z.iso.date().optional(),
        /** Recorded again at a later meeting's record when done. */
        status: z.enum(['open', 'done']).default('open'),
      }),
    )
    .max(200),
});
export type MeetingRecord = z.infer<typeof meetingRecordSchema>;

export const meetingSchema = z.strictObject({
  id: z.uuid(),
  groupId: z.uuid(),
  title: text(300),
  startsAt: instantSchema,
  endsAt: instantSchema,
  /** For display; instants are UTC. Default Europe/Zurich (Geneva time, as TSB shows). */
  timeZone: timeZoneSchema,
  tool: meetingToolSchema,
  joinDetails: joinDetailsSchema.nullable(),
  state: meetingStateSchema,
  proposedBy: z.uuid().nullable(),
  /** Co-convenors (participant ids) who concurred (R3). */
  concurredBy: z.array(z.uuid()),
  /** The last instant the meeting can be announced (R4): start minus the group's lead time. */
  announcementDeadline: instantSchema,
  announceAt: instantSchema.nullable(),
  announcedAt: instantSchema.nullable(),
  /** The iCalendar identity of the meeting: every invite and update carries it. */
  calendarUid: z.string(),
  /** Raised with every change participants must see (time, tool, join details, cancellation). */
  sequence: z.int().min(0),
  /**
   * Raised with every change of the meeting, in the transaction of the change: consumers of its
   * events keep the copy with the highest version, whatever order the events arrive in.
   */
  version: z.int().min(1),
  record: meetingRecordSchema.nullable(),
});
export type Meeting = z.infer<typeof meetingSchema>;
