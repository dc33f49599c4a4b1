import { z } from 'zod';
import { defineCommand, defineEvent } from '../contract.js';
import {
  bodySchema,
  bodyMeetingInputSchema,
  bodyMeetingReferenceSchema,
  bodyMeetingSchema,
  obligationSchema,
  submissionSchema,
} from './reporting.schema.js';
import { emailSchema } from '../common.schema.js';
import { acknowledgementSchema } from './report.schema.js';

const groupRef = { groupId: z.uuid() };
const obligationRef = { groupId: z.uuid(), obligationId: z.uuid() };

export const putBodyMeeting = defineCommand({
  name: 'reporting.body-meetings.put',
  owner: 'reporting',
  description:
    "Records a body's meeting under TSB's reference (sending it again changes nothing): each active group reporting to the body gets an obligation (R6); a changed first day moves it, `cancelled` cancels it.",
  request: z.strictObject({ reference: bodyMeetingReferenceSchema, meeting: bodyMeetingInputSchema }),
  response: z.strictObject({
    bodyMeeting: bodyMeetingSchema,
    change: z.enum(['scheduled', 'moved', 'updated', 'cancelled', 'unchanged']),
  }),
});

export const cancelBodyMeeting = defineCommand({
  name: 'reporting.body-meetings.cancel',
  owner: 'reporting',
  description: "Cancels a body's meeting (TSB deleted it): its open obligations are cancelled.",
  request: z.strictObject({ reference: bodyMeetingReferenceSchema }),
  response: bodyMeetingSchema,
});

export const listBodyMeetings = defineCommand({
  kind: 'query',
  name: 'reporting.body-meetings.list',
  owner: 'reporting',
  description: 'The body meetings known, by first day.',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(bodyMeetingSchema) }),
});

export const getBodyMeeting = defineCommand({
  kind: 'query',
  name: 'reporting.body-meetings.get',
  owner: 'reporting',
  description: 'One body meeting, by TSB reference.',
  request: z.strictObject({ reference: bodyMeetingReferenceSchema }),
  response: bodyMeetingSchema,
});

export const listObligations = defineCommand({
  kind: 'query',
  name: 'reporting.obligations.list',
  owner: 'reporting',
  description:
    "A group's report obligations in due order: the upcoming ones (pending), or all of them (history); to one body, or to all it reports to.",
  request: z.strictObject({
    ...groupRef,
    scope: z.enum(['upcoming', 'all']).default('upcoming'),
    body: bodySchema.optional(),
  }),
  response: z.strictObject({ items: z.array(obligationSchema) }),
});

export const lateObligations = defineCommand({
  kind: 'query',
  name: 'reporting.obligations.late',
  owner: 'reporting',
  description: 'Across all groups: the reports that are overdue or were missed, most overdue first (for TSB).',
  request: z.strictObject({}),
  response: z.strictObject({ items: z.array(obligationSchema.extend({ groupAcronym: z.string() })) }),
});

export const submitReport = defineCommand({
  name: 'reporting.obligations.submit',
  owner: 'reporting',
  description:
    'Records that the report went to the body (a co-convenor, or TSB for them), with its document reference: reminders and overdue notices stop.',
  request: submissionSchema.extend({ ...obligationRef, actorId: z.uuid().nullable() }),
  response: obligationSchema,
});

export const acknowledgeReport = defineCommand({
  name: 'reporting.obligations.acknowledge',
  owner: 'reporting',
  description:
    'TSB acknowledges a submitted report, with the TD number it gave it (the same number again changes nothing; another is refused).',
  request: acknowledgementSchema.extend(obligationRef),
  response: obligationSchema,
});

export const deadlineFeed = defineCommand({
  kind: 'query',
  name: 'reporting.feeds.deadlines',
  owner: 'reporting',
  description:
    "A group's report due dates as an iCalendar feed: all-day events, stable UIDs, SEQUENCE raised on a move.",
  request: z.strictObject(groupRef),
  response: z.strictObject({ calendar: z.string() }),
});

const bodyMeetingEvent = (type: string, description: string) => ({ type, description, owner: 'reporting' as const });

export const bodyMeetingScheduled = defineEvent({
  ...bodyMeetingEvent('body-meeting.scheduled', 'TSB entered a meeting of a body.'),
  type: 'body-meeting.scheduled',
  data: bodyMeetingSchema,
  subscribers: [],
});

export const bodyMeetingMoved = defineEvent({
  ...bodyMeetingEvent('body-meeting.moved', "A body meeting's first day changed: due dates and timers move with it."),
  type: 'body-meeting.moved',
  data: z.strictObject({ bodyMeeting: bodyMeetingSchema, previousFirstDay: z.iso.date() }),
  subscribers: [],
});

export const bodyMeetingCancelled = defineEvent({
  ...bodyMeetingEvent('body-meeting.cancelled', 'A body meeting was cancelled: its obligations are cancelled.'),
  type: 'body-meeting.cancelled',
  data: bodyMeetingSchema,
  subscribers: [],
});

const obligationData = z.strictObject({ obligation: obligationSchema });

export const reportOpened = defineEvent({
  type: 'report.opened',
  owner: 'reporting',
  description: 'A group owes a report for a body meeting (R6).',
  data: obligationData,
  subscribers: [],
});

export const reportDueMoved = defineEvent({
  type: 'report.due-moved',
  owner: 'reporting',
  description: "The body meeting moved: the report's due date moved with it.",
  data: z.strictObject({ obligation: obligationSchema, previousDueDate: z.iso.date() }),
  subscribers: [],
});

export const reportReminder = defineEvent({
  type: 'report.reminder',
  owner: 'reporting',
  description: 'The report is due in 14 days, 3 days, or today: the co-convenors are reminded.',
  data: z.strictObject({ obligation: obligationSchema, daysBefore: z.int().min(0) }),
  subscribers: ['notifications'],
});

export const reportOverdue = defineEvent({
  type: 'report.overdue',
  owner: 'reporting',
  description: 'The report is late: one event (and one notice to the co-convenors) each day it stays late.',
  data: z.strictObject({ obligation: obligationSchema, daysOverdue: z.int().min(1) }),
  subscribers: ['notifications'],
});

export const reportMissed = defineEvent({
  type: 'report.missed',
  owner: 'reporting',
  description: "The body's meeting started without the report.",
  data: obligationData,
  subscribers: ['notifications'],
});

export const reportSubmitted = defineEvent({
  type: 'report.submitted',
  owner: 'reporting',
  description:
    "The report went to the body. For a report compiled here (or a revision of it), which version was frozen: notifications mails that document to the body's secretariat and to the list.",
  data: z.strictObject({
    obligation: obligationSchema,
    report: z
      .strictObject({
        version: z.int().min(1),
        title: z.string(),
        fileName: z.string(),
        contentType: z.string(),
        /** Of the .docx as frozen: notifications fetches it (`reporting.reports.document`) and checks it. */
        sha256: z.string(),
        /** The secretariat of the body (configured per body). */
        secretariat: emailSchema,
      })
      .nullable(),
  }),
  subscribers: ['notifications'],
});

export const reportAcknowledged = defineEvent({
  type: 'report.acknowledged',
  owner: 'reporting',
  description: 'TSB acknowledged the report.',
  data: obligationData,
  subscribers: [],
});

export const reportCancelled = defineEvent({
  type: 'report.cancelled',
  owner: 'reporting',
  description:
    'The report is no longer owed (the body meeting was cancelled, the group concluded, or the study group left it).',
  data: obligationData,
  subscribers: [],
});
