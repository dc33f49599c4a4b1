import { z } from 'zod';
import { instantSchema, text, timeZoneSchema } from '../common.schema.js';
import { defineCommand, defineEvent } from '../contract.js';
import { agendaSchema } from '../agenda/agenda.schema.js';
import {
  joinDetailsSchema,
  meetingRecordSchema,
  meetingSchema,
  meetingTimesSchema,
  meetingToolSchema,
} from './meeting.schema.js';

/** A meeting is always named with its group: a meeting of another group is not found. */
const meetingRef = { groupId: z.uuid(), meetingId: z.uuid() };
/** Who acts: a co-convenor (participant id), or null for TSB acting for them (R2). */
const actor = { actorId: z.uuid().nullable() };

export const meetingProposalSchema = z
  .strictObject({
    title: text(300),
    startsAt: instantSchema,
    endsAt: instantSchema,
    timeZone: timeZoneSchema.default('Europe/Zurich'),
    tool: meetingToolSchema.default('mymeetings'),
    joinDetails: joinDetailsSchema.optional(),
  })
  .superRefine((m, ctx) => {
    const result = meetingTimesSchema.safeParse({ startsAt: m.startsAt, endsAt: m.endsAt });
    if (!result.success)
      for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
  });

export const proposeMeeting = defineCommand({
  name: 'meetings.meetings.propose',
  owner: 'meetings',
  description: 'A co-convenor (or TSB for them) proposes a virtual meeting (R2, R4, R5).',
  request: z.strictObject({ groupId: z.uuid(), ...actor, proposal: meetingProposalSchema }),
  response: meetingSchema,
});

export const getMeeting = defineCommand({
  kind: 'query',
  name: 'meetings.meetings.get',
  owner: 'meetings',
  cacheable: true,
  description: 'One meeting.',
  request: z.strictObject(meetingRef),
  response: meetingSchema,
});

export const listMeetings = defineCommand({
  kind: 'query',
  name: 'meetings.meetings.list',
  owner: 'meetings',
  cacheable: true,
  description: "A group's meetings, by start.",
  request: z.strictObject({ groupId: z.uuid() }),
  response: z.strictObject({ items: z.array(meetingSchema) }),
});

const zoneCountSchema = z.strictObject({ timeZone: z.string(), participants: z.int().min(1) });

export const slotSuggestionSchema = z.strictObject({
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  /** Active participants with the whole meeting between 07:00 and 22:00 on one local day. */
  inside: z.int().min(0),
  /** Those who would have it outside that (at night, or across midnight). */
  outside: z.int().min(0),
  zones: z.array(
    zoneCountSchema.extend({
      /** Local wall-clock start and end in the zone, e.g. `2027-01-12 14:00`. */
      localStart: z.string(),
      localEnd: z.string(),
      inside: z.boolean(),
    }),
  ),
});

export const slotFieldsSchema = z.strictObject({
  /** A whole number of quarter hours. */
  durationMinutes: z.int().min(15).max(480).multipleOf(15),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  limit: z.int().min(1).max(10).default(5),
});

/** The range of a slot search: `to` after `from`, at most 31 days. */
export function slotRangeChecked<T extends z.ZodType<{ from: string; to: string }>>(schema: T) {
  return schema
    .refine((r) => Date.parse(r.to) > Date.parse(r.from), { message: 'must be after from', path: ['to'] })
    .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 31 * 24 * 3600_000, {
      message: 'the range is at most 31 days',
      path: ['to'],
    });
}

export const suggestSlots = defineCommand({
  kind: 'query',
  name: 'meetings.slots.suggest',
  owner: 'meetings',
  description:
    'The best starting times (15-minute steps) for a meeting of the group in a range: most active participants between 07:00 and 22:00 local first, then fewest minutes outside that; never earlier than the announcement lead allows (R4).',
  request: slotRangeChecked(slotFieldsSchema.extend({ groupId: z.uuid() })),
  response: z.strictObject({
    participants: z.int().min(0),
    zones: z.array(zoneCountSchema),
    /** The earliest start a proposal made now may have (R4: announced the lead time before it). */
    earliestStart: z.iso.datetime({ offset: true }),
    slots: z.array(slotSuggestionSchema),
  }),
});

export const concurMeeting = defineCommand({
  name: 'meetings.meetings.concur',
  owner: 'meetings',
  description: 'Another co-convenor concurs (R3); with every one of them, the meeting is agreed.',
  request: z.strictObject({ ...meetingRef, participantId: z.uuid() }),
  response: meetingSchema,
});

export const provisionMeeting = defineCommand({
  name: 'meetings.meetings.provision',
  owner: 'meetings',
  description: 'Sets the join details of the meeting room (from TSB or a co-convenor, R5).',
  request: z.strictObject({ ...meetingRef, joinDetails: joinDetailsSchema }),
  response: meetingSchema,
});

export const announceMeeting = defineCommand({
  name: 'meetings.meetings.announce',
  owner: 'meetings',
  description: 'Announces the meeting with its draft agenda, at least the lead time before it starts (R4).',
  request: z.strictObject(meetingRef),
  response: meetingSchema,
});

export const announcementTimeSchema = z.strictObject({ announceAt: instantSchema.nullable() });

export const scheduleAnnouncement = defineCommand({
  name: 'meetings.meetings.schedule-announcement',
  owner: 'meetings',
  description:
    'Sets (or clears) the instant at which the meeting is announced automatically; it must be before the deadline (R4).',
  request: z.strictObject({ ...meetingRef, announceAt: instantSchema.nullable() }),
  response: meetingSchema,
});

export const meetingMoveSchema = meetingTimesSchema;

export const moveMeeting = defineCommand({
  name: 'meetings.meetings.move',
  owner: 'meetings',
  description: 'Moves the meeting; moving an announced meeting is a re-announcement judged against the new start (R4).',
  request: z.strictObject({ ...meetingRef, startsAt: instantSchema, endsAt: instantSchema }),
  response: meetingSchema,
});

export const cancelMeeting = defineCommand({
  name: 'meetings.meetings.cancel',
  owner: 'meetings',
  description: 'Cancels the meeting, from any state before it is held.',
  request: z.strictObject(meetingRef),
  response: meetingSchema,
});

export const recordMeeting = defineCommand({
  name: 'meetings.meetings.record',
  owner: 'meetings',
  description: 'After it started: attendance, minutes, decisions and action items; the meeting is held.',
  request: z.strictObject({ ...meetingRef, record: meetingRecordSchema }),
  response: meetingSchema,
});

export const closeMeeting = defineCommand({
  name: 'meetings.meetings.close',
  owner: 'meetings',
  description: 'Closes a held meeting: its record is final.',
  request: z.strictObject(meetingRef),
  response: meetingSchema,
});

export const meetingProposed = defineEvent({
  type: 'meeting.proposed',
  owner: 'meetings',
  description: 'A meeting was proposed; agenda prepares its draft agenda from the template.',
  data: meetingSchema,
  subscribers: ['agenda'],
});

export const meetingAgreed = defineEvent({
  type: 'meeting.agreed',
  owner: 'meetings',
  description: 'Every co-convenor concurred (R3).',
  data: meetingSchema,
  subscribers: [],
});

export const meetingAnnounced = defineEvent({
  type: 'meeting.announced',
  owner: 'meetings',
  description: 'The meeting was announced, with the draft agenda as it stood (R4).',
  data: z.strictObject({ meeting: meetingSchema, agenda: agendaSchema }),
  subscribers: ['notifications', 'agenda'],
});

export const meetingChanged = defineEvent({
  type: 'meeting.changed',
  owner: 'meetings',
  description:
    'Its time, tool or join details changed; an announced meeting is announced again (same UID, higher SEQUENCE).',
  data: z.strictObject({ meeting: meetingSchema, previousStartsAt: instantSchema, previousEndsAt: instantSchema }),
  subscribers: ['notifications', 'agenda'],
});

export const meetingCancelled = defineEvent({
  type: 'meeting.cancelled',
  owner: 'meetings',
  description: 'The meeting was cancelled; everyone invited gets a cancellation.',
  data: meetingSchema,
  subscribers: ['notifications', 'agenda'],
});

export const meetingAnnouncementReminder = defineEvent({
  type: 'meeting.announcement-reminder',
  owner: 'meetings',
  description:
    'The meeting is still unannounced 3 days (then 1 day) before its announcement deadline: the co-convenors are reminded (R4).',
  data: z.strictObject({ meeting: meetingSchema, daysBefore: z.int().min(1) }),
  subscribers: ['notifications'],
});

export const meetingAnnouncementMissed = defineEvent({
  type: 'meeting.announcement-missed',
  owner: 'meetings',
  description:
    'The meeting was not announced: its automatic announcement was refused, or its announcement deadline passed while it was unannounced (R4). The co-convenors are told.',
  data: z.strictObject({
    meeting: meetingSchema,
    /** Why: the refusal's code (e.g. JOIN_DETAILS_MISSING), or DEADLINE_PASSED. */
    reason: z.string().min(1).max(100),
    detail: z.string().max(2000),
  }),
  subscribers: ['notifications'],
});
