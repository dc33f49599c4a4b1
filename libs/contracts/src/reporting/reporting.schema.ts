import { z } from 'zod';
import { dateSchema, documentReferenceSchema, instantSchema, text } from '../common.schema.js';
import { studyGroupSchema } from '../membership/group.schema.js';

/** A body a group reports to: a study group (`SG17`) or the parent (`TSAG`). */
export const bodySchema = studyGroupSchema;

/** TSB's reference of a body meeting, as it names it (e.g. `SG17-2026-09`); it keys the upsert. */
export const bodyMeetingReferenceSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" and "-", up to 100 characters');

export const bodyMeetingStatusSchema = z.enum(['scheduled', 'cancelled']);

/** A meeting of a body, as TSB sends it: calendar dates at the venue. */
export const bodyMeetingInputSchema = z
  .strictObject({
    body: bodySchema,
    firstDay: dateSchema,
    lastDay: dateSchema,
    /** A city, or "virtual". */
    place: text(200),
    status: bodyMeetingStatusSchema.default('scheduled'),
  })
  .refine((m) => m.lastDay >= m.firstDay, { message: 'must not be before firstDay', path: ['lastDay'] });

export const bodyMeetingSchema = z.strictObject({
  id: z.uuid(),
  reference: bodyMeetingReferenceSchema,
  body: bodySchema,
  firstDay: dateSchema,
  lastDay: dateSchema,
  place: z.string(),
  status: bodyMeetingStatusSchema,
  /** Raised with every change: the order of its events. */
  version: z.int().min(1),
  updatedAt: instantSchema,
});
export type BodyMeeting = z.infer<typeof bodyMeetingSchema>;

/** What the group owes: a state as stored; `overdue` is shown while pending after the due instant. */
export const obligationStateSchema = z.enum(['open', 'drafted', 'submitted', 'acknowledged', 'cancelled', 'missed']);
export const shownObligationStateSchema = z.enum([...obligationStateSchema.options, 'overdue']);

export const obligationSchema = z.strictObject({
  id: z.uuid(),
  groupId: z.uuid(),
  body: bodySchema,
  bodyMeeting: bodyMeetingSchema.pick({ reference: true, firstDay: true, lastDay: true, place: true, status: true }),
  /** R6: the meeting's first day minus one calendar month (clamped to the month's end). */
  dueDate: dateSchema,
  /** The due date's end, 23:59:59 Geneva time, as an instant. */
  dueAt: instantSchema,
  state: shownObligationStateSchema,
  /** Days left until the due date, counted in Geneva calendar days (negative once late). */
  daysLeft: z.int(),
  /** The final report to the parent of a concluded group (R7). */
  final: z.boolean(),
  submission: z
    .strictObject({
      documentReference: documentReferenceSchema,
      submittedAt: instantSchema,
      submittedBy: z.uuid().nullable(),
    })
    .nullable(),
  acknowledgedAt: instantSchema.nullable(),
  /** The TD number TSB gave the report when it acknowledged it. */
  tdNumber: z.string().nullable(),
  /** Why it was cancelled (the body meeting cancelled, the group concluded, the study group left). */
  cancelledReason: z.string().nullable(),
  /** Raised with every change (and used as the deadline feed's SEQUENCE). */
  version: z.int().min(1),
});
export type Obligation = z.infer<typeof obligationSchema>;

export const submissionSchema = z.strictObject({
  /** A TD number (e.g. `T25-SG17-260601-TD-PLEN-0295`) or a URL of the report, for a report prepared elsewhere. */
  documentReference: documentReferenceSchema,
});
